"""Sentence splitting, force of modal verbs, conditions, and the verbatim-quote guarantee."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.records import Kind, Paragraph
from qa.records import Quote, QuoteError, Verdict
from qa.sentences import sentence_spans, sentences
from qa.verdict import condition_spans, force


def test_abbreviations_and_paragraph_numbers_do_not_end_sentences() -> None:
    text = (
        "The DoD Components will use approved models (e.g., NOISEMAP) in the U.S. and abroad. "
        "Evaluation should be consistent with Paragraph 3.3. when noise is an impact. "
        "4.2.1.  A performance in a residential facility is not public. "
        "Approved by Ellen M. Lord. See Paragraph 2.5.b.(12). The U.S.C. applies."
    )
    assert sentences(text) == [
        "The DoD Components will use approved models (e.g., NOISEMAP) in the U.S. and abroad.",
        "Evaluation should be consistent with Paragraph 3.3. when noise is an impact.",
        "4.2.1.  A performance in a residential facility is not public.",
        "Approved by Ellen M. Lord.",
        "See Paragraph 2.5.b.(12).",
        "The U.S.C. applies.",
    ]


def test_closing_quotes_stay_with_their_sentence() -> None:
    assert sentences("It is called the “Act.” It applies.") == [
        "It is called the “Act.”",
        "It applies.",
    ]


@given(st.text(alphabet=st.sampled_from(list("ab .?!”(3)\n,eUS.g")), max_size=120))
@settings(max_examples=300, deadline=None)
def test_sentences_are_verbatim_and_cover_every_visible_character(text: str) -> None:
    spans = sentence_spans(text)
    covered = set()
    last = 0
    for a, b in spans:
        assert last <= a < b <= len(text)
        assert text[a:b] == text[a:b].strip()
        covered.update(range(a, b))
        last = b
    assert all(i in covered for i, c in enumerate(text) if not c.isspace())


@pytest.mark.parametrize(
    ("sentence", "verdict"),
    [
        ("Government duplicating equipment may not be used for reproduction.", Verdict.PROHIBITED),
        ("Military airlift shall not be used for CODELs.", Verdict.PROHIBITED),
        ("Personnel must not post classified information.", Verdict.PROHIBITED),
        ("The Secretary will not approve such requests.", Verdict.PROHIBITED),
        ("Partisan activity is prohibited.", Verdict.PROHIBITED),
        ("No waiver will be granted for classified items.", Verdict.PROHIBITED),
        ("Not to condone unlicensed public performance.", Verdict.PROHIBITED),
        ("Use of the account is not authorized.", Verdict.PROHIBITED),
        ("Licenses shall be obtained for public performances.", Verdict.REQUIRED),
        ("The DNWG will coordinate with federal agencies.", Verdict.REQUIRED),
        ("Measurement must follow applicable standards.", Verdict.REQUIRED),
        ("Members are required to complete training.", Verdict.REQUIRED),
        ("The AFRH may exercise comparable authority.", Verdict.PERMITTED),
        ("Recruiters are permitted to share posts.", Verdict.PERMITTED),
        ("Complaint history should be reviewed.", Verdict.RECOMMENDED),
        ("Monitoring should not replace modeling.", Verdict.PROHIBITED),
        ("Modeling is the preferred management tool.", Verdict.RECOMMENDED),
        ("NOISEMAP is the primary aircraft DoD noise model.", None),
        ("Personnel cannot post classified information.", Verdict.PROHIBITED),
        # An inability in a relative clause is no prohibition; "is to be" is a duty.
        ("Deficiencies that cannot be corrected are reported.", None),
        ("Items which cannot be repaired are disposed of.", None),
        ("A request for waivers is to be submitted to the ASD.", Verdict.REQUIRED),
        ("Optionally, designate an activity TSCO.", Verdict.PERMITTED),
        ("Charges are waived at the Director's discretion.", Verdict.PERMITTED),
        ("Attendance is discretionary.", Verdict.PERMITTED),
    ],
)
def test_force_reads_negations_before_modal_verbs(sentence: str, verdict: Verdict | None) -> None:
    assert force(sentence) is verdict


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Personnel may share content, provided that they do not imply endorsement.",
            [("provided that", "provided that they do not imply endorsement.")],
        ),
        (
            "Each EOP will be registered unless it exists for less than 14 days; records are kept.",
            [("unless", "unless it exists for less than 14 days")],
        ),
        (
            "Monitoring should only be implemented when modeling is not feasible (e.g., at sea).",
            [("when", "when modeling is not feasible (e.g., at sea).")],
        ),
        ("Nominees may assume the title only after:", [("only after", "only after:")]),
        (
            "All elements are under the SDO/DATT, except for the Marine security guard.",
            [("except for", "except for the Marine security guard.")],
        ),
        (
            "It applies if the DAO and the SCO agree, and only if funding is preserved.",
            [("if", "if the DAO and the SCO agree, and only if funding is preserved.")],
        ),
        ("The DNWG will meet annually.", []),
    ],
)
def test_conditions_are_quoted_from_marker_to_clause_end(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    got = [(k, sentence[a:b]) for k, a, b in condition_spans(sentence)]
    assert got == expected


def _para(text: str) -> Paragraph:
    return Paragraph("DoDI 9999.01", "1.2.a", Kind.PARAGRAPH, (), "", text, (3,), "1.2")


def test_a_quote_must_be_verbatim_in_its_paragraph() -> None:
    p = _para("DoD personnel must not post classified information on any EOP.")
    assert Quote(p, "must not post classified information", "c").text
    with pytest.raises(QuoteError, match="not verbatim"):
        Quote(p, "may not post secret information", "c")
    with pytest.raises(QuoteError):
        Quote(p, "must  not post", "c")  # whitespace changed: not verbatim
    with pytest.raises(QuoteError):
        Quote(p, "   ", "c")
