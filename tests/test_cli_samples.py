"""End to end on real DoD issuances (modern and old template) with the packaged model.

The index is built once per session from four sample PDFs (~260 records, so the suite stays
fast on two cores); questions are phrased as a user would ask them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cli.main import main
from index.build import ingest_paths
from index.settings import Settings

pytestmark = pytest.mark.model
SAMPLES = (
    "modern/DoDI_4715.13.pdf",
    "old/DoDD_5535.02.pdf",
    "old/DoDD_2140.02.pdf",
    "old/DoDD_6000.6.pdf",
)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, samples_dir: Path) -> str:
    index_dir = tmp_path_factory.getbasetemp() / "samples-index"
    if not index_dir.exists():
        report = ingest_paths([samples_dir / s for s in SAMPLES], index_dir, Settings())
        assert not report.skipped and report.documents == 4
    return str(index_dir)


def ask(capsys: pytest.CaptureFixture[str], index: str, question: str) -> list[tuple[str, str]]:
    assert main(["ask", question, "--index", index, "--json", "-k", "3"]) == 0
    results = json.loads(capsys.readouterr().out)["results"]
    return [(r["doc_id"], r["paragraph"]) for r in results]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What is a secrecy order?", ("DoDD 5535.02", "3.c")),
        ("Are blanket waiver requests considered?", ("DoDD 2140.02", "E4.5.a")),
        ("How long does the USD(P) have to approve a waiver request?", ("DoDD 2140.02", "E4.5.c")),
        ("Which noise model is used for aircraft?", ("DoDI 4715.13", "3.3.b.(2)(a)")),
    ],
)
def test_ask_ranks_the_right_paragraph_first(index: str, capsys, question: str, expected) -> None:
    assert ask(capsys, index, question)[0] == expected


def test_child_found_with_its_lead_in(index: str, capsys) -> None:
    # 4.a.(1) says only "Might be detrimental to national security..."; the lead-in 4.a
    # ("Patent security reviews ... whether disclosure of an invention:") carries the subject.
    found = ask(
        capsys, index, "patent review: when might disclosing an invention harm national security?"
    )
    assert ("DoDD 5535.02", "4.a.(1)") in found


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(
    "argv",
    [
        ["DoDD 2140.02", "E4.5.c"],
        ["DoDD 2140.02", "Enclosure 4, paragraph 5.c"],
        ["DoDD 2140.02, Enclosure 4, paragraph 5.c"],
        ["2140.02", "5.c of Enclosure 4"],
        ["DoDD 2140.02 paragraph 5.c. of Enclosure 4"],
    ],
)
def test_cite_reads_enclosure_paragraphs_as_dod_writes_them(index: str, capsys, argv) -> None:
    assert main(["cite", *argv, "--index", index]) == 0
    out = capsys.readouterr().out
    assert out.startswith("DoDD 2140.02, Enclosure 4, paragraph 5.c, p. ")
    assert "Requests for waivers will be processed" in out


def test_cite_takes_a_whole_citation_as_one_argument(index: str, capsys) -> None:
    assert main(["cite", "DoDI 4715.13 para 3.3.b.", "--index", index, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["paragraph"] == "3.3.b"


@pytest.mark.parametrize(
    ("doc", "path", "sample", "start"),
    [
        (
            "DoDI 4715.13",
            "3.2.a.(1)",
            "modern/DoDI_4715.13",
            "The Office of the ASD(S) will oversee",
        ),
        ("5535.02", "4.a(1)", "old/DoDD_5535.02", "Might be detrimental to national security"),
        ("DoDD 2140.02", "E4.5.c", "old/DoDD_2140.02", "Requests for waivers will be processed"),
    ],
)
def test_cite_returns_the_pdf_text(
    index: str, capsys, samples_dir: Path, doc, path, sample, start
) -> None:
    assert main(["cite", doc, path, "--index", index, "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["text"].startswith(start) and record["pages"]
    page_text = (samples_dir / f"{sample}.pypdf.txt").read_text(encoding="utf-8")
    assert _squash(record["text"]) in _squash(page_text)  # verbatim, line breaks aside
