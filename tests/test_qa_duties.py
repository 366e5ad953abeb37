"""Responsibilities as a table, on every real sample: each record exactly once, names matched.

The samples are parsed without an index (no model): about 10 s for every PDF and page-text
file, once per module. The exactly-once property is checked against the record tree through
parent links alone, so it holds for any correct tree, whatever the parser fixes next.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from index.library import Library
from ingest.parse import parse_file
from ingest.records import Document, Kind, Paragraph
from qa.duties import Duty, all_duties, responsibility_roots, select
from qa.duty_questions import MAX_DUTIES, asked_organisation, duties_answer
from qa.duty_table import COLUMNS, duty_row, to_csv
from qa.quote import verify
from qa.records import Verdict

Key = tuple[str, str, str | None]


def _sample_files(samples_dir: Path) -> list[Path]:
    """Every sample issuance file: PDFs, their pypdf text, and the text-only issuances."""
    files = [*samples_dir.glob("*/*.pdf"), *samples_dir.glob("*/*.txt")]
    return sorted(f for f in files if f.name != "MANIFEST.md")


@pytest.fixture(scope="module")
def libraries(samples_dir: Path) -> dict[str, Library]:
    """One library per sample file (a PDF and its pypdf text hold the same issuance)."""
    out = {}
    for path in _sample_files(samples_dir):
        parsed = parse_file(path)
        out[path.name] = Library({parsed.document.doc_id: parsed.document}, list(parsed.paragraphs))
    return out


@pytest.fixture(scope="module")
def library(libraries: dict[str, Library]) -> Library:
    """Every issuance once (PDFs and text-only issuances), as one index would hold them."""
    chosen = [lib for name, lib in libraries.items() if not name.endswith(".pypdf.txt")]
    documents = {d: doc for lib in chosen for d, doc in lib.documents.items()}
    return Library(documents, [p for lib in chosen for p in lib.paragraphs])


def _below_roots(library: Library) -> dict[Key, Paragraph]:
    """Records under a Responsibilities heading, found by walking parent links upwards."""
    roots = {r.key for r in responsibility_roots(library)}
    out: dict[Key, Paragraph] = {}
    for p in library.paragraphs:
        node, seen = library.parent(p), 0
        while node is not None and seen < 20:
            if node.key in roots:
                out[p.key] = p
                break
            node, seen = library.parent(node), seen + 1
    return out


def test_every_record_of_every_responsibilities_section_appears_exactly_once(
    libraries: dict[str, Library],
) -> None:
    total = 0
    for name, library in libraries.items():
        rows = all_duties(library)
        row_keys = [d.paragraph.key for d in rows]
        assert len(row_keys) == len(set(row_keys)), f"{name}: a duty is listed twice"
        context = {c.key for d in rows for c in d.context}
        roots = {r.key for r in responsibility_roots(library)}
        below = _below_roots(library)
        for key, p in below.items():
            if key not in row_keys:  # a heading or lead-in: the duties below it carry it
                assert library.children(p) and key in context, f"{name}: {key} is lost"
                assert not p.text.strip() or p.text.rstrip().endswith(":"), (name, key)
        assert set(row_keys) <= set(below) | roots, f"{name}: a duty outside Responsibilities"
        total += len(rows)
    # 24 issuances and the pypdf text of 17 of them: 965 rows when written, fewer only if the
    # parser lost Responsibilities records (page-text files of old issuances lose more today)
    assert total > 900


def test_dodi_5000_94_rows_match_its_responsibilities_section_row_for_row(
    library: Library,
) -> None:
    """Read off modern/DoDI_5000.94.pages.txt, pp. 5-8 (and GAMECHANGER lists the same rows)."""
    rows = select(library, None, ["DoDI 5000.94"])
    expected = (
        [("UNDER SECRETARY OF DEFENSE FOR ACQUISITION AND SUSTAINMENT (USD(A&S))", f"2.1.{c}")
         for c in "abcdefghijklmnop"]
        + [("UNDER SECRETARY OF DEFENSE FOR RESEARCH AND ENGINEERING (R&E)", f"2.2.{c}")
           for c in "abcdefghijk"]
        + [("UNDER SECRETARY OF DEFENSE FOR PERSONNEL AND READINESS", "2.3")]
        + [("SECRETARIES OF THE MILDEPS AND DIRECTORS OF THE DEFENSE AGENCIES", f"2.4.{c}")
           for c in "abcdefghijklmnopq"]
        + [("CHAIRMAN OF THE JOINT CHIEFS OF STAFF", f"2.5.{c}") for c in "abcdef"]
    )  # fmt: skip
    assert [(d.organisation, d.paragraph.path) for d in rows] == expected
    first = rows[0]
    assert [p.text for p in first.lead_in] == ["The USD(A&S):"]
    assert first.paragraph.text.startswith("Establishes, maintains, and monitors the implementa")
    assert first.citation == "DoDI 5000.94, para. 2.1.a, p. 5 (Mar 28, 2022)"
    assert rows[27].lead_in == () and rows[27].paragraph.text.startswith(
        "The Under Secretary of Defense for Personnel and Readiness directs requirements"
    )


def test_dodi_1000_04_lead_ins_carry_down_to_the_numbered_duties(library: Library) -> None:
    rows = {d.paragraph.path: d for d in select(library, None, ["DoDI 1000.04"])}
    assert len(rows) == 72 and {"2.5", "2.5.a", "2.5.b", "2.9.a"}.isdisjoint(rows)
    duty = rows["2.5.b.(14)(a)"]
    assert duty.organisation == "DIRECTOR, DPFSC" and duty.holder.path == "2.5"
    assert [p.path for p in duty.lead_in] == ["2.5.b", "2.5.b.(14)"]
    assert duty.lead_in[-1].text.endswith("to include:")
    assert rows["2.3"].organisation == "DASD(RI)" and rows["2.3"].lead_in == ()


def test_older_issuances_read_enclosures_and_body_paragraphs(library: Library) -> None:
    enclosure = select(library, None, ["DoDI 2030.08"])
    assert [d.paragraph.path for d in enclosure][:3] == ["E2.1", "E2.2", "E2.3"]
    assert {d.paragraph.path for d in enclosure} >= {"E2.5.a", "E2.6.a.(6)", "E2.7.d.(3)"}
    # "5. RESPONSIBILITIES.  The Heads of DoD Components shall …": one duty, named by its subject
    (only,) = select(library, None, ["DoDD 5535.4"])
    assert (only.paragraph.path, only.organisation) == ("5", "Heads of DoD Components")
    malpractice = select(library, None, ["DoDD 6000.6"])
    assert [d.organisation for d in malpractice][:2] == [
        "General Counsel of the Department of Defense",
        "Secretaries of the Military Departments",
    ]


@pytest.mark.parametrize(
    ("acronym", "spelled_out"),
    [
        ("USD(P&R)", "Under Secretary of Defense for Personnel and Readiness"),
        ("DLA", "Defense Logistics Agency"),
        ("CJCS", "Chairman of the Joint Chiefs of Staff"),
    ],
)
def test_an_organisation_is_found_by_acronym_and_by_name_alike(
    library: Library, acronym: str, spelled_out: str
) -> None:
    by_acronym = select(library, acronym)
    assert by_acronym and by_acronym == select(library, spelled_out)
    assert by_acronym == select(library, acronym.lower())


def test_usd_p_and_r_across_issuances_but_not_the_principal_deputy(library: Library) -> None:
    rows = select(library, "USD(P&R)")
    holders = {(d.paragraph.doc_id, d.holder.path) for d in rows}
    assert {("DoDI 1000.04", "2.1"), ("DoDI 5000.94", "2.3"), ("DoDI 4715.13", "2.4")} <= holders
    assert not any(d.paragraph.doc_id == "DoDI 1015.13" for d in rows)  # PDUSD(P&R) in 6.1


def test_acronyms_are_expanded_from_the_issuances_own_glossary() -> None:
    """A fictional issuance whose heading gives only the acronym; its G.1 spells it out."""
    doc = Document("DoDI 9999.01", "Fictional Test Issuance", "March 3, 2024", (), "modern",
                   "x.pdf", "0" * 64, 9)  # fmt: skip

    def para(path: str, parent: str | None, title: str, text: str, kind: Kind = Kind.PARAGRAPH,
             term: str | None = None) -> Paragraph:  # fmt: skip
        return Paragraph(doc.doc_id, path, kind, (), title, text, (4,), parent, term)

    library = Library(
        {doc.doc_id: doc},
        [
            para("2", None, "RESPONSIBILITIES", "", Kind.SECTION),
            para("2.1", "2", "ATSD(PA)", "The ATSD(PA):"),
            para("2.1.a", "2.1", "", "Waters the fictional plants."),
            para("G.1", None, "", "Assistant to the Secretary of Defense for Public Affairs",
                 Kind.ACRONYM, "ATSD(PA)"),
        ],
    )  # fmt: skip
    for name in ("ATSD(PA)", "Assistant to the Secretary of Defense for Public Affairs"):
        assert [d.paragraph.path for d in select(library, name)] == ["2.1.a"]
    answer = duties_answer("What are the ATSD(PA)'s responsibilities?", library)
    assert answer is not None and answer.support[0].quote.text == "Waters the fictional plants."


@pytest.mark.parametrize(
    ("question", "organisation"),
    [
        ("What are the ATSD(PA)'s responsibilities?", "ATSD(PA)"),
        ("What must the USD(P&R) do?", "USD(P&R)"),
        ("what are the duties of the Director, DLA", "Director, DLA"),
        ("What is the CJCS responsible for?", "CJCS"),
        ("What does the Chief, NGB have to do?", "Chief, NGB"),
        ("List the responsibilities of the Secretaries of the Military Departments",
         "Secretaries of the Military Departments"),
        ("What must installations do about noise complaints?", None),
        ("What must I do?", None),
        ("Can I like an official post from my personal account?", None),
    ],
)  # fmt: skip
def test_responsibility_questions_name_their_organisation(
    question: str, organisation: str | None
) -> None:
    assert asked_organisation(question) == organisation


def test_ask_lists_the_duties_quoted_and_cited(library: Library) -> None:
    answer = duties_answer("What must the USD(P&R) do?", library)
    assert answer is not None and verify(answer) is answer
    assert answer.verdict is Verdict.REQUIRED and not answer.abstained
    duties = [d for d in select(library, "USD(P&R)") if d.paragraph.text.strip()]
    assert [s.quote.citation for s in answer.support] == [d.citation for d in duties][:MAX_DUTIES]
    first = next(s for s in answer.support if s.quote.paragraph.doc_id == "DoDI 1000.04")
    assert [q.text for q in first.lead_in] == ["The USD(P&R):"]
    assert "The USD(P&R):" in [q.text for q in answer.direct]
    assert "DoDI 1000.04" in answer.notes[0]
    only = duties_answer("What must the USD(P&R) do?", library, ["DoDI 5000.94"])
    assert only is not None and [s.quote.paragraph.path for s in only.support] == ["2.3"]
    assert duties_answer("What are the ATSD(PA)'s responsibilities?", library) is None


def test_rows_export_to_json_and_csv(library: Library) -> None:
    rows: list[Duty] = select(library, "USD(A&S)", ["DoDI 5000.94"])
    data = duty_row(rows[0])
    assert list(data) == list(COLUMNS)
    assert data["lead_in"] == ["The USD(A&S):"] and data["pages"] == [5]
    lines = to_csv(rows).splitlines()
    assert lines[0] == ",".join(COLUMNS) and len(lines) == len(rows) + 1
    assert lines[1].startswith("DoDI 5000.94,UNDER SECRETARY OF DEFENSE FOR ACQUISITION AND")
