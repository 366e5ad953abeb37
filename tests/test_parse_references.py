"""REFERENCES entries of the real samples: one record per cited document.

The fault these pin: a title misprinted with an opening quote where its closing quote belongs
("“Acquisition of Information Technology, “April 21, 2020") kept the reader inside a quotation
to the end of the list, so DoDI 8510.01's and DoDI 4140.01's later references were one record.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.parse import parse_file
from ingest.records import Kind


@pytest.mark.parametrize(
    ("name", "entry", "following", "count"),
    [
        ("modern/DoDI_8510.01.txt",
         "DoD Instruction 5000.82, “Acquisition of Information Technology, “April 21, 2020",
         "DoD Instruction 5000.83", 36),
        ("modern/DoDI_4140.01.pages.txt",
         "DoD Instruction 8320.04, “Item Unique Identification (IUID) Standards for Tangible "
         "Personal Property, September 3, 2015, as amended",
         "DoD Instruction 8500.01", 53),
    ],
)  # fmt: skip
def test_entry_after_a_misprinted_quote(
    samples_dir: Path, name: str, entry: str, following: str, count: int
) -> None:
    refs = [p for p in parse_file(samples_dir / name).paragraphs if p.kind is Kind.REFERENCE]
    texts = [p.text for p in refs]
    assert texts[texts.index(entry) + 1].startswith(following)
    assert len(refs) == count
    assert all(len(t) < 400 for t in texts), max(texts, key=len)
