"""Compose an Answer from retrieved hits: governing paragraph, verdict, conditions, support.

Pure and fast (no model, no I/O): everything here runs after retrieval and is what
bench/answer.py times.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ingest.records import Kind, Paragraph
from ingest.words import is_word
from qa import abstain, duties, quote, xrefs
from qa.absent import absent_for
from qa.candidates import NOT_ANSWERS, Scored
from qa.context import Context
from qa.features import TIME
from qa.ports import LibraryLike
from qa.question import QType, Question, analyse
from qa.records import Answer, Condition, Quote, Verdict
from qa.sentences import sentence_spans
from qa.support import support_for, supports
from qa.verdict import condition_spans, force

RELATED = 3
MAX_DEFINITIONS = 4
ABSTAIN_NOTE = (
    "The indexed issuances do not address this question. The nearest paragraphs are listed "
    "as related, not as an answer."
)


def compose(
    question: str,
    qterms: frozenset[str],
    scored: Sequence[Scored],
    library: LibraryLike,
    ctx: Context,
    threshold: float = abstain.THRESHOLD,
) -> Answer:
    """The extractive answer for `question` from scored candidates.

    Args:
        question: as asked.
        qterms: content terms of the question (qa.abstain.terms).
        scored: candidates from `score`, best first.
        library: for citations, lead-ins and children.
        ctx: the library's glossary and references.
        threshold: abstain when the best answer-like candidate scores below it.
    """
    answers = [s for s in scored if s.paragraph.kind not in NOT_ANSWERS]
    best = max((s.confidence for s in answers), default=0.0)
    ranking = tuple(s.paragraph for s in scored)
    absent = absent_for(question, ctx.known)
    official = absent is not None and absent.issuance.official
    bar = threshold + (abstain.ABSENT_MARGIN if official else 0.0)
    if abstain.abstains(best, bar):
        note = absent.note if absent is not None else ABSTAIN_NOTE
        return replace(abstained(question, scored, library, qterms, note), ranking=ranking)
    asked = analyse(question)
    gov, why = _governing(answers[0], asked, library), _why(answers[0], scored)
    if gov is not answers[0]:
        why = f"a list question: the lead-in {gov.paragraph.path} and all its items answer it"
    direct, verdict = direct_answer(gov, asked, library)
    support = supports(gov, answers[1:], qterms, library, threshold)
    return finish(
        Answer(
            question=question,
            verdict=verdict,
            direct=direct,
            conditions=conditions(gov, library),
            support=support,
            related=(),
            abstained=False,
            confidence=best,
            notes=(absent.note,) if absent is not None else (),
            ranking=ranking,
            why=why,
        ),
        library,
        ctx,
    )


def _governing(top: Scored, question: Question, library: LibraryLike) -> Scored:
    """The top candidate, or for a list question the lead-in of the list it is an item of."""
    if question.type is not QType.LIST or not top.lead_in or library.children(top.paragraph):
        return top
    return replace(top, paragraph=top.lead_in[-1].paragraph, lead_in=top.lead_in[:-1])


def _why(gov: Scored, scored: Sequence[Scored]) -> str:
    """Why the governing paragraph is not the top-ranked candidate ("" when it is)."""
    top = scored[0].paragraph
    if gov.paragraph.key == top.key:
        return ""
    return (
        f"{top.doc_id} {top.path} ranked first but is a {top.kind.value} entry, "
        "which cites and does not answer"
    )


def definition(
    question: str,
    rows: Sequence[Paragraph],
    qterms: frozenset[str],
    library: LibraryLike,
    ctx: Context,
) -> Answer:
    """Answer "what is X?" from X's G.2 definition(s), one support per issuance.

    The direct answer is the definition's first sentence; the support quotes each defining
    issuance whole, so a term two issuances define differently shows both.
    """
    first = rows[0]
    a, b = sentence_spans(first.text)[0]
    support = tuple(
        support_for(Scored(r, i, 1.0, 1.0, 1.0, ()), qterms, library) for i, r in enumerate(rows)
    )
    answer = Answer(
        question=question,
        verdict=Verdict.STATED,
        direct=(quote.part(library, first, a, b),),
        conditions=(),
        support=support[:MAX_DEFINITIONS],
        related=(),
        abstained=False,
        notes=(f"Answered from the glossary definition of {first.term!r}.",),
        confidence=1.0,
    )
    return finish(answer, library, ctx)


def abstained(
    question: str,
    scored: Sequence[Scored],
    library: LibraryLike,
    qterms: frozenset[str],
    note: str = ABSTAIN_NOTE,
) -> Answer:
    """An answer that says plainly the issuances do not address the question."""
    related = tuple(support_for(s, qterms, library) for s in scored[:RELATED])
    best = max((s.confidence for s in scored), default=0.0)
    return Answer(
        question, Verdict.NOT_ADDRESSED, (), (), (), related, True, (note,), confidence=best
    )


def finish(answer: Answer, library: LibraryLike, ctx: Context) -> Answer:
    """Add acronym expansions and resolved cross-references for what the answer quotes."""
    shown = [*answer.direct, *(q for s in answer.support for q in (*s.lead_in, s.quote))]
    used = ctx.glossary.expansions((q.paragraph.doc_id, q.text) for q in shown)
    refs = xrefs.resolve(library, ctx.references, [s.quote for s in answer.support])
    return replace(answer, expansions=used, xrefs=refs)


def direct_answer(
    gov: Scored, question: Question, library: LibraryLike
) -> tuple[tuple[Quote, ...], Verdict]:
    """The governing sentences, with what they need to answer the question, and their verdict.

    The best-matching sentence comes first. When it states no force but another sentence of
    the paragraph does, that sentence is added, so the verdict shown is quoted. With no force
    in the paragraph, the nearest lead-in's force applies and that lead-in is quoted before it
    ("The written approval … is required before a NAFI executes a PPV agreement that
    involves:" — an item alone would not say who must approve). Questions of what or how
    (`_OWN_FORCE`) borrow neither: their answer is the sentence that matched. A who-question
    gets the organisation the duty belongs to, quoted where it is printed (its lead-in or its
    title). To a may/must/when question, an item that states no force but is a duty by where
    it stands (`_duty`) is Required, with what makes it one quoted; who-questions get the
    verdict the text states. A paragraph ending in ":" brings its items.
    """
    p = gov.paragraph
    spans = sentence_spans(p.text)
    ranked = sorted(spans, key=lambda s: -_answers(question, p.text[s[0] : s[1]]))
    best = ranked[0]
    chosen = [best]
    verdict = force(p.text[best[0] : best[1]])
    if verdict is None and question.type not in _OWN_FORCE:
        forced = next((s for s in ranked if force(p.text[s[0] : s[1]])), None)
        if forced is not None:
            chosen.append(forced)
            verdict = force(p.text[forced[0] : forced[1]])
    before: list[Quote] = []
    if verdict is None and question.type not in _OWN_FORCE:
        lead = next((q for q in reversed(gov.lead_in) if force(q.text)), None)
        if lead is not None:
            verdict = force(lead.text)
            before.append(lead)
    if verdict is None and question.type in _DUTY_ASKED and (duty := _duty(gov, library)):
        verdict = Verdict.REQUIRED
        before.append(duty)
    if question.type is QType.WHO and not before:
        before.extend(_actor(gov, library))
    chosen.sort()
    own = [quote.part(library, p, a, b) for a, b in chosen]
    items = _items(p, library) if p.text.rstrip().endswith(":") else []
    return (*before, *own, *items), verdict or Verdict.STATED


MAX_ITEMS = 12
# A sentence of the kind the question asks for (a time for "how long", a rule for "can I")
# beats one that shares only a few more of its words.
KIND_BONUS = 0.2


def _answers(question: Question, sentence: str) -> float:
    """How well one sentence answers: shared words, plus KIND_BONUS for the kind of answer."""
    share = abstain.overlap(question.terms, sentence)
    rule = force(sentence) is not None  # "may", "must not", "shall be limited" all answer "can I"
    kind = {
        QType.WHEN: bool(TIME.search(sentence)),
        QType.MAY: rule,
        QType.MUST: rule,
        QType.LIST: sentence.rstrip().endswith(":"),
    }.get(question.type, False)
    return share + (KIND_BONUS if kind else 0.0)


# Questions about what a thing is or how it works: the sentence that answers states the
# verdict, or none does; a duty in the next sentence or the lead-in is not their answer.
_OWN_FORCE = frozenset({QType.OTHER, QType.DEFINITION, QType.HOW})
# Questions whose answer, when it is a duty, is Required: "can I / must we" and "by when"
# (a deadline given to an office binds it). Who-questions get the text's own force: the
# duty is their answer's content, not its verdict.
_DUTY_ASKED = frozenset({QType.MAY, QType.MUST, QType.WHEN})
# "it is DoD policy to:", "It is the policy of the Department of Defense that:".
_POLICY_LEAD = re.compile(
    r"\bit\s+is\s+(?:the\s+)?(?:DoD|Department\s+of\s+Defense)\s+policy\b|"
    r"\bit\s+is\s+the\s+policy\s+of\s+(?:the\s+)?(?:DoD|Department\s+of\s+Defense)\b",
    re.IGNORECASE,
)
# A lead-in that only names who acts ("Each DoD Component CIO:", "The Director, DLA:").
_NAME_LEAD = re.compile(r"^[^:;.]{2,80}:$")
_NOT_A_NAME = re.compile(
    r"\b(?:is|are|was|were|be|been|include|includes|including|following|follows|as|to|"
    r"that|which|will|shall|must|may|should|can)\b",
    re.IGNORECASE,
)
# Words that open a sentence without being its verb.
_NOT_VERB = re.compile(
    r"(?:the|an?|each|every|all|any|no|this|that|these|those|its|their|it|they|he|she|we|you|"
    r"if|when|where|while|for|in|on|at|by|of|with|as|to|from|under|upon)$"
)


def _names_only(lead: str) -> bool:
    """Whether a lead-in is a name and a colon, its items being what the named one does."""
    text = lead.strip()
    return bool(_NAME_LEAD.match(text)) and not _NOT_A_NAME.search(text)


def _imperative(text: str) -> bool:
    """Whether `text` opens with a verb's bare form ("Review and document …", "Establish …").

    The bare form is told by its inflections being English words (reviewed, establishing,
    notified) and by not being a third-person form ("Is accessible …", "Maintains …").
    """
    first = re.match(r"\s*([A-Za-z]+)\b", text)
    if first is None:
        return False
    word = first.group(1).lower()
    if _NOT_VERB.match(word) or len(word) < 3 or (word.endswith("s") and not word.endswith("ss")):
        return False
    stem = word[:-1]
    forms = (
        word + "ed",
        word + "d",
        word + word[-1] + "ed",
        stem + "ied",
        word + "ing",
        stem + "ing",
        word + word[-1] + "ing",
    )
    return any(is_word(f) for f in forms)


# "3. REQUIRED MEASURES FOR DoD COMPONENTS", "Waiver Requirements"; not "When Not Required".
_REQUIRED_TITLE = re.compile(
    r"^(?!.*\bnot?\b).*\b(?:required|requirements|responsibilities)\b", re.IGNORECASE
)


def _duty(gov: Scored, library: LibraryLike) -> Quote | None:
    """What makes a paragraph that states no force a duty, quoted; None when nothing does.

    Older issuances assign duties without a modal: "the Director, DLA: … f. Requires that each
    DLA field activity appoint …". A duty the Responsibilities explorer lists (qa.duties) is
    its holder's (the holder is quoted), and an item under a title that says so ("3. REQUIRED
    MEASURES FOR DoD COMPONENTS …: d. Check for required export licenses …") is required by
    that title. So is an item that opens with a verb's bare form under "it is DoD policy to:"
    or under a lead-in that only names who acts ("Each DoD Component CIO: … (7) Review and
    document concurrence …"); "The RMF KS: … Is accessible by …" and "It is DoD policy that:
    … All DoD elements … are under …" are statements.
    """
    p = gov.paragraph
    if duties.duty_of(library, p) is not None:
        holder = _actor(gov, library)
        return holder[0] if holder else None
    if gov.lead_in:
        lead = gov.lead_in[-1]
        if (_POLICY_LEAD.search(lead.text) or _names_only(lead.text)) and _imperative(p.text):
            return lead
    node = library.parent(p)
    while node is not None and node.kind is Kind.PARAGRAPH:
        if _REQUIRED_TITLE.search(node.title):
            return quote.title(library, node)
        node = library.parent(node)
    return None


def _actor(gov: Scored, library: LibraryLike) -> list[Quote]:
    """Where the organisation a duty belongs to is printed: the outermost numbered paragraph
    above the duty, which introduces it ("2.1. USD(A&S). The USD(A&S) will:") or names it in
    its title ("2.3. SECRETARIES OF THE MILITARY DEPARTMENTS."); the nearest lead-in when
    there is no such paragraph."""
    top, node = None, library.parent(gov.paragraph)
    while node is not None and node.kind is Kind.PARAGRAPH:
        top, node = node, library.parent(node)
    holder = top or gov.paragraph
    if holder.text.rstrip().endswith(":"):
        return [quote.whole(library, holder)]
    if holder.title.strip():
        return [quote.title(library, holder)]
    return [gov.lead_in[-1]] if gov.lead_in else []


def _items(p: Paragraph, library: LibraryLike) -> list[Quote]:
    """The items a lead-in introduces, quoted whole (at most MAX_ITEMS).

    An item printed as a bare heading ("c. Waiver Content.") stands for its own items.
    """
    out: list[Quote] = []
    for child in library.children(p):
        if child.text.strip():
            out.append(quote.whole(library, child))
        else:
            out.extend(quote.whole(library, c) for c in library.children(child) if c.text.strip())
    return out[:MAX_ITEMS]


def conditions(gov: Scored, library: LibraryLike) -> tuple[Condition, ...]:
    """Every condition in the governing paragraph and its lead-ins, never just the first.

    A condition that ends in a colon ("may … only after:") is completed by its children,
    which are quoted as conditions too.
    """
    out: list[Condition] = []
    for q in (*gov.lead_in, quote.whole(library, gov.paragraph)):
        p = q.paragraph
        for a, b in sentence_spans(p.text):
            for keyword, start, end in condition_spans(p.text[a:b]):
                out.append(Condition(keyword, quote.part(library, p, a + start, a + end)))
                if p.text[a + start : a + end].endswith(":"):
                    out.extend(
                        Condition(keyword, quote.whole(library, c))
                        for c in library.children(p)
                        if c.text.strip()
                    )
    return tuple(out)
