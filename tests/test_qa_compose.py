"""Answer composition on a small, visibly fictional library (DoDI 9999.01 / 9999.02).

These tests are about composition (verdicts, conditions, lead-ins, support, glossary,
cross-references, several documents, abstention), not ranking, so the searcher is an
in-memory word-overlap ranker; the real pipeline is exercised in test_qa_samples.py.
Other qa test modules import `fictional_library` and `FakeSearcher` from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pytest

from index.library import Library
from ingest.records import Change, Document, Kind, Paragraph
from qa import abstain
from qa.answer import answer
from qa.records import Verdict

DOC1 = "DoDI 9999.01"
DOC2 = "DoDI 9999.02"


def _doc(doc_id: str, title: str) -> Document:
    return Document(
        doc_id=doc_id,
        title=f"FICTIONAL TEST ISSUANCE: {title}",
        effective="January 2, 2024",
        changes=(Change(1, "March 4, 2025"),),
        template="modern",
        source=f"{doc_id}.pdf",
        sha256="0" * 64,
        pages=9,
    )


def _p(doc, path, text, page, parent=None, kind=Kind.PARAGRAPH, term=None, title=""):
    return Paragraph(doc, path, kind, (), title, text, (page,), parent, term)


def fictional_library() -> Library:
    """Two fictional issuances covering every composition case the tests need."""
    d1 = [
        _p(DOC1, "1", "", 3, kind=Kind.SECTION),
        _p(DOC1, "1.2", "It is DoD policy that:", 3, "1", title="POLICY"),
        _p(
            DOC1,
            "1.2.a",
            "DoD personnel may use personal social media accounts to share "
            "official content, provided that they do not imply DoD endorsement.",
            3,
            "1.2",
        ),
        _p(
            DOC1,
            "1.2.b",
            "DoD personnel must not post classified information on any EOP. "
            "Violations will be reported to the security manager.",
            3,
            "1.2",
        ),
        _p(
            DOC1,
            "1.2.c",
            "Unit commanders should review each official account annually (e.g., "
            "during the U.S. fiscal year close-out).",
            4,
            "1.2",
        ),
        _p(DOC1, "2", "", 5, kind=Kind.SECTION),
        _p(DOC1, "2.1", "The ATSD(PA):", 5, "2", title="ATSD(PA)"),
        _p(
            DOC1,
            "2.1.a",
            "Approves each EOP before it is registered in accordance with "
            "Paragraph 3.2. and Section 1.",
            5,
            "2.1",
        ),
        _p(DOC1, "3", "", 6, kind=Kind.SECTION),
        _p(
            DOC1,
            "3.2",
            "Each EOP will be registered in the social media registry within 30 "
            "days of launch, unless it exists for less than 14 days, in accordance with "
            "DoDI 8170.01.",
            6,
            "3",
            title="REGISTRATION",
        ),
        _p(DOC1, "3.3", "A registered EOP may be used for recruiting only after:", 6, "3"),
        _p(DOC1, "3.3.a", "The PA office approves the content plan.", 6, "3.3"),
        _p(DOC1, "3.3.b", "The recruiting command concurs.", 6, "3.3"),
        _p(DOC1, "G.1", "external official presence", 8, kind=Kind.ACRONYM, term="EOP"),
        _p(DOC1, "G.1", "public affairs", 8, kind=Kind.ACRONYM, term="PA"),
        _p(
            DOC1,
            "G.1",
            "Assistant to the Secretary of Defense for Public Affairs",
            8,
            kind=Kind.ACRONYM,
            term="ATSD(PA)",
        ),
        _p(
            DOC1,
            "G.2",
            "An official public presence of a DoD Component on a non-DoD site on "
            "the Internet. It is managed by PA staff.",
            8,
            kind=Kind.DEFINITION,
            term="external official presence",
        ),
        _p(
            DOC1,
            "References",
            "DoD Instruction 8170.01, “Online Information Management and "
            "Electronic Messaging,” January 2, 2019",
            9,
            kind=Kind.REFERENCE,
            term="Online Information Management and Electronic Messaging",
        ),
    ]
    d2 = [
        _p(DOC2, "4", "", 4, kind=Kind.SECTION),
        _p(
            DOC2,
            "4.1",
            "Recruiters may amplify posts from an official recruiting social media "
            "account on their personal accounts.",
            4,
            "4",
            title="RECRUITING POSTS",
        ),
        _p(
            DOC2,
            "4.2",
            "Recruiting posts must not promise enlistment bonuses that are not authorized.",
            4,
            "4",
        ),
    ]
    docs = {DOC1: _doc(DOC1, "Social Media"), DOC2: _doc(DOC2, "Recruiting Posts")}
    return Library(docs, d1 + d2)


@dataclass(frozen=True)
class FakeHit:
    """A hit as index.search.Hit shapes it."""

    paragraph: Paragraph
    score: float
    rank: int
    cosine: float | None = None
    bm25: float | None = None
    late: float | None = None


class FakeSearcher:
    """Ranks by shared content words; reports that share as BM25 and a cosine rising with it."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.calls: list[tuple[str, str]] = []

    def search(
        self, query: str, k: int = 10, doc_ids: Sequence[str] | None = None, mode: str = "hybrid"
    ) -> list[FakeHit]:
        self.calls.append((query, mode))
        terms = abstain.terms(query)
        scored = []
        for p in self.library.paragraphs:
            if p.text and (doc_ids is None or p.doc_id in doc_ids):
                lead = " ".join(a.text for a in self.library.lead_in(p))
                scored.append((abstain.overlap(terms, f"{p.title} {lead} {p.text}"), p))
        scored.sort(key=lambda x: -x[0])
        # A real cosine is about 0.3 for unrelated text and rises with shared meaning.
        return [FakeHit(p, s, i, 0.3 + 0.7 * s, s) for i, (s, p) in enumerate(scored[:k], start=1)]


@pytest.fixture()
def searcher() -> FakeSearcher:
    return FakeSearcher(fictional_library())


def test_prohibition_is_read_before_permission(searcher: FakeSearcher) -> None:
    a = answer("Can I post classified information on an EOP?", searcher)
    assert not a.abstained
    assert a.verdict is Verdict.PROHIBITED
    assert a.support[0].quote.paragraph.path == "1.2.b"
    assert a.direct[0].text == "DoD personnel must not post classified information on any EOP."


def test_permission_keeps_its_condition_and_lead_in(searcher: FakeSearcher) -> None:
    a = answer(
        "May personnel share official content from personal social media accounts?", searcher
    )
    assert a.verdict is Verdict.PERMITTED
    first = a.support[0]
    assert first.quote.paragraph.path == "1.2.a"
    assert [q.text for q in first.lead_in] == ["It is DoD policy that:"]
    assert [c.quote.text for c in a.conditions] == [
        "provided that they do not imply DoD endorsement."
    ]


def test_recommendation_sentence_keeps_abbreviations(searcher: FakeSearcher) -> None:
    a = answer("Should commanders review official accounts every year?", searcher)
    assert a.verdict is Verdict.RECOMMENDED
    assert a.direct[0].text.endswith("(e.g., during the U.S. fiscal year close-out).")


def test_condition_ending_in_colon_quotes_the_children(searcher: FakeSearcher) -> None:
    a = answer("When may a registered EOP be used for recruiting?", searcher)
    assert a.support[0].quote.paragraph.path == "3.3"
    texts = [c.quote.text for c in a.conditions]
    assert texts[0] == "only after:"
    assert "The PA office approves the content plan." in texts
    assert "The recruiting command concurs." in texts


def test_required_with_unless_condition_and_xref_to_references(searcher: FakeSearcher) -> None:
    a = answer("How soon does an EOP have to be registered in the registry?", searcher)
    assert a.verdict is Verdict.REQUIRED
    assert a.support[0].quote.paragraph.path == "3.2"
    assert any(c.keyword == "unless" for c in a.conditions)
    refs = {(x.text, x.path) for x in a.xrefs}
    assert ("DoDI 8170.01", "References") in refs


def test_acronym_in_question_is_expanded_and_expanded_in_answer(searcher: FakeSearcher) -> None:
    a = answer("Who approves an EOP?", searcher)
    assert "external official presence" in searcher.calls[0][0]
    assert a.support[0].quote.paragraph.path == "2.1.a"
    assert a.verdict is Verdict.STATED  # "Approves …" under "The ATSD(PA):" states a duty
    terms = [e.term for e in a.expansions]
    assert terms[:2] == ["EOP", "ATSD(PA)"] or terms[:2] == ["ATSD(PA)", "EOP"]
    xrefs = {x.path for x in a.xrefs}
    assert {"3.2", "1"} <= xrefs


def test_what_is_question_is_answered_from_the_definition(searcher: FakeSearcher) -> None:
    a = answer("What is an EOP?", searcher)
    assert a.support[0].quote.paragraph.kind is Kind.DEFINITION
    assert a.direct[0].text == (
        "An official public presence of a DoD Component on a non-DoD site on the Internet."
    )
    assert "Glossary, G.2 “external official presence”" in a.direct[0].citation


def test_two_issuances_bearing_on_a_question_are_both_cited(searcher: FakeSearcher) -> None:
    a = answer("Can recruiters amplify official social media posts on personal accounts?", searcher)
    docs = [s.quote.paragraph.doc_id for s in a.support]
    assert docs[0] == DOC2 and DOC1 in docs


def test_doc_filter_restricts_the_answer(searcher: FakeSearcher) -> None:
    a = answer(
        "Can recruiters amplify official social media posts on personal accounts?",
        searcher,
        doc_ids=[DOC1],
    )
    assert {s.quote.paragraph.doc_id for s in a.support} == {DOC1}


def test_unrelated_question_abstains_with_related_paragraphs(searcher: FakeSearcher) -> None:
    a = answer("What is the per diem rate for Hawaii?", searcher)
    assert a.abstained and a.verdict is Verdict.NOT_ADDRESSED
    assert a.direct == () and a.support == ()
    assert len(a.related) == 3
    assert "do not address" in a.notes[0]


@pytest.mark.parametrize("question", ["", "   ", "\x00\x07", "???"])
def test_empty_questions_abstain_with_a_message(searcher: FakeSearcher, question: str) -> None:
    a = answer(question, searcher)
    assert a.abstained and "empty" in a.notes[0]
    assert searcher.calls == []


def test_very_long_question_is_bounded_and_noted(searcher: FakeSearcher) -> None:
    a = answer("Can I post classified information on an EOP? " * 400, searcher)
    assert all(len(q) <= 2000 for q, _ in searcher.calls)
    assert any("first 2000 characters" in n for n in a.notes)


def _old_style_library() -> Library:
    """An older-template issuance that assigns duties without a modal verb."""
    enc = "ENCLOSURE 2: RESPONSIBILITIES"
    proc = "ENCLOSURE 3: PROCEDURES"

    def p(path: str, text: str, parent: str | None, heading: tuple[str, ...], title: str = ""):
        return Paragraph(DOC1, path, Kind.PARAGRAPH, heading, title, text, (5,), parent, None)

    paragraphs = [
        Paragraph(DOC1, "E2", Kind.ENCLOSURE, (enc,), "RESPONSIBILITIES", "", (5,), None, None),
        p("E2.1", "The Director, Fictional Logistics Agency (FLA):", "E2", (enc, "1.")),
        p(
            "E2.1.a",
            "Requires that each FLA field site appoint a widget administrator.",
            "E2.1",
            (enc, "1.", "a."),
        ),
        Paragraph(DOC1, "E3", Kind.ENCLOSURE, (proc,), "PROCEDURES", "", (6,), None, None),
        p("E3.3", "", "E3", (proc, "3."), title="REQUIRED MEASURES WHEN TRANSFERRING WIDGETS"),
        p(
            "E3.3.a",
            "Check for required widget licenses before relinquishing custody of a widget.",
            "E3.3",
            (proc, "3.", "a."),
        ),
        p("E3.4", "", "E3", (proc, "4."), title="WIDGET WAIVERS"),
        p(
            "E3.4.a",
            "Waivers are reviewed by the FLA. A widget waiver is granted for a 12-month "
            "period. Afterwards, the widget waiver is processed as an exception to policy.",
            "E3.4",
            (proc, "4.", "a."),
        ),
    ]
    return Library({DOC1: _doc(DOC1, "Widgets")}, paragraphs)


def test_item_of_a_responsibilities_lead_in_is_its_holders_duty() -> None:
    a = answer(
        "Do the FLA field sites have to appoint a widget administrator?",
        FakeSearcher(_old_style_library()),
    )
    assert a.support[0].quote.paragraph.path == "E2.1.a"
    assert a.verdict is Verdict.REQUIRED  # "Requires that …" states no force of its own
    assert [q.text for q in a.direct[:1]] == ["The Director, Fictional Logistics Agency (FLA):"]


def test_item_under_a_required_title_is_required_and_quotes_the_title() -> None:
    a = answer(
        "Do we need to check the widget licenses before we hand a widget over?",
        FakeSearcher(_old_style_library()),
    )
    assert a.support[0].quote.paragraph.path == "E3.3.a"
    assert a.verdict is Verdict.REQUIRED
    assert a.direct[0].text == "REQUIRED MEASURES WHEN TRANSFERRING WIDGETS"


def test_when_question_gets_the_sentence_with_the_period_not_afterwards() -> None:
    a = answer("How long is a widget waiver good for?", FakeSearcher(_old_style_library()))
    assert a.support[0].quote.paragraph.path == "E3.4.a"
    assert a.direct[0].text == "A widget waiver is granted for a 12-month period."
    assert a.verdict is Verdict.STATED  # a title that does not say "required" adds no force


def _lead_in_library() -> Library:
    """Duties stated by where an item stands: under a policy lead-in or a bare name."""
    gen, proc = "SECTION 1: GENERAL ISSUANCE INFORMATION", "SECTION 4: WIDGET GOVERNANCE"

    def p(path: str, text: str, kind: Kind = Kind.PARAGRAPH) -> Paragraph:
        """A record whose parent and heading trail follow from its path ("4.1.a")."""
        levels = path.split(".")
        parent = ".".join(levels[:-1]) or None
        trail = [".".join(levels[:2]) + "."] if len(levels) > 1 else []
        trail += [f"{levels[2]}."] if len(levels) > 2 else []
        section = gen if levels[0] == "1" else proc
        return Paragraph(DOC1, path, kind, (section, *trail), "", text, (3,), parent, None)

    paragraphs = [
        p("1", "", Kind.SECTION),
        p("1.2", "Widget use keeps growing. It is DoD policy to:"),
        p(
            "1.2.a",
            "Establish disposal and reuse strategies for widgets at the end of their life cycle.",
        ),
        p("1.3", "It is DoD policy that:"),
        p("1.3.a", "All widget depots are under the coordinating authority of the FLA."),
        p("4", "", Kind.SECTION),
        p("4.1", "Each widget site manager:"),
        p("4.1.a", "Review and document the widget count before any widget is issued."),
        p("4.2", "The widget portal:"),
        p("4.2.a", "Is accessible by holders of a widget badge or a sponsored contractor badge."),
        p(
            "4.3",
            "A widget list released without authority remains a controlled widget list. The "
            "site manager will notify every holder of the list.",
        ),
    ]
    return Library({DOC1: _doc(DOC1, "Widgets")}, paragraphs)


@pytest.mark.parametrize(
    ("question", "path", "verdict", "first"),
    [
        # an imperative item under "it is DoD policy to:" is a duty, its lead-in quoted
        ("Do we need disposal strategies for widgets at the end of their life?", "1.2.a",
         Verdict.REQUIRED, "It is DoD policy to:"),
        # a statement under "It is DoD policy that:" is not
        ("Are widget depots under the coordinating authority of the FLA?", "1.3.a",
         Verdict.STATED, "All widget depots are under the coordinating authority of the FLA."),
        # an imperative item under a lead-in that only names who acts is that one's duty
        ("The count came out wrong. Does the site manager have to review and document the "
         "widget count before widgets are issued?", "4.1.a",
         Verdict.REQUIRED, "Each widget site manager:"),
        # "Is accessible …" under a name is not an order to the portal
        ("I only have a sponsored contractor badge. Is the widget portal accessible to me?",
         "4.2.a", Verdict.STATED, "or a sponsored contractor badge."),
    ],
)  # fmt: skip
def test_a_duty_by_where_an_item_stands(
    question: str, path: str, verdict: Verdict, first: str
) -> None:
    a = answer(question, FakeSearcher(_lead_in_library()))
    assert a.support[0].quote.paragraph.path == path
    assert a.verdict is verdict
    assert a.direct[0].text.endswith(first)


def test_a_what_happens_question_keeps_the_force_of_the_sentence_that_answers() -> None:
    a = answer(
        "What happens to a widget list released without authority?",
        FakeSearcher(_lead_in_library()),
    )
    assert a.support[0].quote.paragraph.path == "4.3"
    assert a.verdict is Verdict.STATED  # the next sentence's "will notify" answers nothing asked
    assert [q.text for q in a.direct] == [
        "A widget list released without authority remains a controlled widget list."
    ]
