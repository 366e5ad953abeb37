"""Cross-references to REFERENCES entries, resolved on the real samples (no model needed).

The faults these pin: "DoD 5400.11-R" (a regulation named by number), "DoD 4100.39-M" (a
manual), the plural "DoD Directives 5135.02" and lists "DoD Directives (DoDD) 5134.01,
5134.12" were not linked although their entries exist, and "DoDI 5400.11" linked to the entry
of "DoD 5400.11-R".
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from index.library import Library
from ingest.parse import parse_file
from qa import xrefs
from qa.quote import whole


@functools.cache
def _library(path: Path) -> Library:
    parsed = parse_file(path)
    return Library({parsed.document.doc_id: parsed.document}, list(parsed.paragraphs))


@pytest.mark.parametrize(
    ("name", "path", "links"),
    [
        ("modern/DoDI_1000.04.pages.txt", "1.2.e", {
            ("DoD Instruction (DoDI) 5400.11", "DoD Instruction 5400.11"),
            ("DoD 5400.11-R", "DoD 5400.11-R"),
        }),
        ("modern/DoDI_4140.01.pages.txt", "2.6", {("DoD 7000.14-R", "DoD 7000.14-R")}),
        ("modern/DoDI_5000.94.pages.txt", "Purpose", {
            ("DoD Directives 5135.02", "DoD Directive 5135.02"),
        }),
        ("modern/DoDM_4160.28_Vol1.pdf", "Purpose", {
            ("DoD Directives (DoDD) 5134.01, 5134.12", "DoD Directive 5134.01"),
            ("DoD Directives (DoDD) 5134.01, 5134.12", "DoD Directive 5134.12"),
            ("DoD Instruction (DoDI) 4160.28", "DoD Instruction 4160.28"),
        }),
        ("modern/DoDI_8510.01.txt", "1.2.e", {
            ("DoDD 3020.04", "DoD Directive 3020.04"),
            ("DoD Instructions (DoDIs) 8500.01, 8010.01, and 3020.45", "DoD Instruction 8500.01"),
            ("DoD Instructions (DoDIs) 8500.01, 8010.01, and 3020.45", "DoD Instruction 8010.01"),
            ("DoD Instructions (DoDIs) 8500.01, 8010.01, and 3020.45", "DoD Instruction 3020.45"),
        }),
        # a manual once numbered "DoD 4160.21-M", listed under its reissued name
        ("old/DoDI_2030.08.pdf", "1.c", {("DoD 4160.21-M", "(e) DoD Manual 4160.21")}),
    ],
)  # fmt: skip
def test_issuances_link_to_their_references_entry(
    samples_dir: Path, name: str, path: str, links: set[tuple[str, str]]
) -> None:
    library = _library(samples_dir / name)
    source = library.get(next(iter(library.documents)), path)
    assert source is not None
    found = xrefs.resolve(library, xrefs.references(library.paragraphs), [whole(library, source)])
    issuances = {(x.text, x.term) for x in found if not x.text.startswith("Reference (")}
    assert issuances == links
    assert all(x.path == "References" for x in found)


def test_manual_named_by_number_inside_a_definition(samples_dir: Path) -> None:
    library = _library(samples_dir / "old" / "DoDI_2030.08.pdf")
    [source] = [p for p in library.paragraphs if "DoD 4100.39-M (Reference (w))" in p.text]
    found = xrefs.resolve(library, xrefs.references(library.paragraphs), [whole(library, source)])
    assert ("DoD 4100.39-M", "(w) DoD 4100.39-M, Volume 10") in {(x.text, x.term) for x in found}
