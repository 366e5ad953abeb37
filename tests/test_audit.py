"""The corpus audit over every sample file, against the checked-in baseline, and its command.

Every PDF and every page-text file of ../shared/dod-samples is parsed once per module (about
10 s); a count that rises above ``ingest/audit_baseline.json`` fails the suite, so a parser
change that brings a defect back cannot pass unnoticed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.audit import issuance_files
from cli.main import main
from ingest.audit import CATEGORIES, DocumentAudit, audit_document
from ingest.audit_baseline import BASELINE, compare, read_baseline, write_baseline
from ingest.parse import parse_file
from ingest.records import Change, Document, Kind, Paragraph, ParsedDocument


def sample_files(samples_dir: Path) -> list[Path]:
    """Every issuance sample: PDFs, pypdf page texts, page texts and the 8510.01 text."""
    patterns = ("*.pdf", "*.pypdf.txt", "*.pages.txt", "DoDI_8510.01.txt")
    return sorted({p for pattern in patterns for p in samples_dir.rglob(pattern)})


@pytest.fixture(scope="module")
def audits(samples_dir: Path) -> list[DocumentAudit]:
    return [audit_document(p.name, parse_file(p)) for p in sample_files(samples_dir)]


def test_every_sample_file_is_audited(samples_dir: Path, audits: list[DocumentAudit]) -> None:
    files = sample_files(samples_dir)
    assert len(files) == 41  # 17 PDFs, 17 *.pypdf.txt, 6 *.pages.txt, DoDI_8510.01.txt
    assert sorted(issuance_files([samples_dir])) == files  # what `policykb audit DIR` reads
    assert set(read_baseline()) == {a.file for a in audits}


def test_no_count_rises_above_the_baseline(audits: list[DocumentAudit]) -> None:
    rose, _ = compare(audits, read_baseline())
    assert not rose, "\n".join(str(change) for change in rose)


def test_no_record_of_any_sample_has_a_split_word(audits: list[DocumentAudit]) -> None:
    found = [
        (a.file, f.path, f.excerpt)
        for a in audits
        for f in a.findings
        if f.category == "split_word"
    ]
    assert found == []
    assert all(counts["split_word"] == 0 for counts in read_baseline().values())


def categories(audits: list[DocumentAudit]) -> list[str]:
    return [f.category for a in audits for f in a.findings]


# A visibly fictional issuance for the categories no sample shows today.
CHANGES = (Change(1, "June 5, 2025"),)
FICTIONAL = Document(
    "DoDI 9999.01", "Fictional Test", "March 3, 2024", CHANGES, "modern", "f.pdf", "0" * 64, 9
)


def fictional(*records: Paragraph) -> DocumentAudit:
    return audit_document("fictional.pdf", ParsedDocument(FICTIONAL, records))


def para(path: str, text: str, title: str = "", parent: str | None = None) -> Paragraph:
    return Paragraph("DoDI 9999.01", path, Kind.PARAGRAPH, (), title, text, (3,), parent)


def test_each_category_is_recognised() -> None:
    audit = fictional(
        para("1.1", "The Pothos Office will:", "POTHOS OFFICE"),
        para("1.2", "", "WATERING"),
        para("1.3", "Water the plants. DoDI 9999.01, March 3, 2024 Change 1, 06/05/2025"),
        para("1.4", "Prune the ferns.  a. Trim each frond. b. Sweep the leaves.", parent=None),
        para("1.5", "It is fictional po licy that ferns stay green."),
        Paragraph("DoDI 9999.01", "G.1", Kind.ACRONYM, (), "", "MEANING", (9,), term="ACRONYM"),
    )
    assert audit.counts() == {
        "split_word": 1, "furniture": 1, "marker_in_text": 1, "glossary": 1,
        "heading_only": 1, "colon_no_children": 1,
    }  # fmt: skip


def test_a_lead_in_with_children_and_references_are_not_findings() -> None:
    audit = fictional(
        para("1.1", "The Pothos Office will:"),
        para(
            "1.1.a",
            "Water the plants, in accordance with paragraph 1.2.b. of this issuance.",
            parent="1.1",
        ),
        para(
            "1.2", "A U.S. patent is no pothos; be E-7 or above. See Enclosure 2 of DoDI 9999.02."
        ),
    )
    assert audit.findings == ()


def test_baseline_round_trip_and_comparison(tmp_path: Path) -> None:
    audit = fictional(para("1.2", "", "WATERING"))
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps({"documents": {"other.pdf": {"glossary": 2}}}), encoding="utf-8")
    write_baseline([audit], path)
    assert read_baseline(path) == {"fictional.pdf": audit.counts(), "other.pdf": {"glossary": 2}}
    lower = {"fictional.pdf": dict.fromkeys(CATEGORIES, 0)}
    rose, fell = compare([audit], lower)
    assert [str(c) for c in rose] == ["fictional.pdf: heading_only 0 -> 1"] and not fell
    assert compare([fictional()], read_baseline(path))[1][0].category == "heading_only"


def test_audit_command_passes_against_the_checked_in_baseline(samples_dir, capsys) -> None:
    assert BASELINE.is_file()
    assert main(["audit", str(samples_dir / "old" / "DoDD_2140.02.pdf")]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == [
        "file", "records", "split", "furniture", "marker", "glossary", "heading", "colon",
    ]  # fmt: skip
    assert out.splitlines()[1].startswith("DoDD_2140.02.pdf")


FICTIONAL_PAGES = """=== PAGE 1 ===
DOD INSTRUCTION 9999.01
FICTIONAL AUDIT TEST ISSUANCE
Originating Component: Office of Fictional Affairs
Effective: March 3, 2024
Releasability: Cleared for public release. This issuance is fictional.
Approved by: Jane Doe, Fictional Official
Purpose: This fictional issuance exists only to test the corpus audit.
=== PAGE 2 ===
SECTION 1: GENERAL ISSUANCE INFORMATION
1.1. APPLICABILITY. This fictional issuance applies to nobody.
1.2. POLICY. It is fictional policy that:
"""


def test_audit_command_names_what_rose(tmp_path: Path, capsys) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text('{"documents": {}}', encoding="utf-8")
    pages = tmp_path / "DoDI_9999.01.pages.txt"  # a lead-in whose items were never printed
    pages.write_text(FICTIONAL_PAGES, encoding="utf-8")
    assert main(["audit", str(pages), "--baseline", str(baseline), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert {"file": "DoDI_9999.01.pages.txt", "category": "colon_no_children", "baseline": 0,
            "count": 1} in report["rose"]  # fmt: skip
    assert report["documents"][0]["counts"]["split_word"] == 0
    assert main(["audit", str(pages), "--baseline", str(baseline), "--write-baseline"]) == 0
    assert main(["audit", str(pages), "--baseline", str(baseline)]) == 0
    assert "rose above" not in capsys.readouterr().err


def test_audit_command_errors_are_one_line(tmp_path: Path, capsys) -> None:
    assert main(["audit", str(tmp_path / "missing.pdf")]) == 1
    assert "missing.pdf: no such file or directory" in capsys.readouterr().err
    (tmp_path / "notes.md").write_text("no page markers", encoding="utf-8")
    assert main(["audit", str(tmp_path)]) == 1
    assert "no PDF or page-text issuance to audit" in capsys.readouterr().err
