"""What a question asks for: its type, the actor it names, and the words that carry its topic.

People ask "Can I …?", "Who signs off on …?", "What has to be in …?", "How often …?". The type
decides what a right answer looks like (a verdict for may/must, an organisation for who, the
items of a list, a time for when) and so feeds both the ranker (qa.rank) and composition
(qa.compose). Rules, not a model: the forms are few, and a rule that misfires can be read and
fixed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from qa import abstain
from qa.sentences import sentences


class QType(StrEnum):
    """The kind of answer a question wants; the gold set labels questions with these values."""

    WHO = "who"  # an organisation or official: "Who approves …?"
    MAY = "may"  # a permission: "Can I …?", "Am I allowed to …?"
    MUST = "must"  # a duty: "Do we have to …?", "Is … required?"
    LIST = "list"  # items or contents: "What has to be in …?", "What are the criteria …?"
    WHEN = "when"  # a time, deadline or frequency: "How often …?", "By when …?"
    WHERE = "where"  # a place: "Where do I send …?"
    HOW = "how"  # a procedure: "How do I request …?"
    DEFINITION = "definition"  # "What is …?", "What does … mean?"
    OTHER = "other"


# Tried in order; the first that matches decides. Time and place words win over "how" and the
# modal forms because "How often must we …?" wants a frequency, not a verdict.
_RULES: tuple[tuple[QType, re.Pattern[str]], ...] = (
    (
        QType.WHO,
        re.compile(
            r"(?:^|[.?!,]\s+(?:or\s+|and\s+)?)(?:who(?:'s|\s+is|\s+are|\s+has|\s+gets|\s+does|\s+do|\s+can|"
            r"\s+must|\s+should|\s+will|\s+would)?\b|whom\b|whose\b|which\s+(?:[\w&()-]+\s+){0,2}?"
            r"(?:office|official|organi[sz]ation|component|agency|command|person|authority|"
            r"secretary|service|element)s?\b)"
            r"|\b(?:who|whose)\s+(?:job|responsibility|call)\b|\bwho\s+(?:is|are)\s+responsible\b"
            r"|\bwhat\s+(?:are|is)\s+the\s+\S+(?:'s|s')?\s+(?:responsibilities|duties|role)\b"
            r"|^\s*what\s+(?:must|does|do|should|will|shall)\s+(?:the\s+)?(?!I\b)(?-i:[A-Z])\S*"
            r"(?:\s+\S+){0,3}\s+do\b",
            re.IGNORECASE,
        ),
    ),
    (
        QType.WHEN,
        re.compile(
            r"^\s*(?:when\b|by\s+when\b|how\s+(?:often|long|soon|fast|quickly|frequently|many\s+"
            r"(?:days|hours|"
            r"weeks|months|years))\b|what\s+(?:is\s+the\s+)?(?:deadline|time\s*frame|timeline)\b)"
            r"|\b(?:how\s+often|how\s+long|how\s+soon|deadline|within\s+how\s+many|by\s+when|"
            r"how\s+far\s+in\s+advance)\b",
            re.IGNORECASE,
        ),
    ),
    (QType.WHERE, re.compile(r"^\s*where\b|\bwhere\s+(?:do|does|can|should|must|is|are)\b", re.I)),
    (
        QType.LIST,
        re.compile(
            r"\bon\s+what\s+grounds\b|\bwhat\s+(?:has|needs)\s+to\s+happen\b"
            r"|\bwhat\s+(?:all\s+)?(?:has|have|needs?|goes|must|should|do\s+(?:i|we)\s+(?:have|need))"
            r"\s+(?:to\s+)?(?:be\s+|go\s+)?(?:in|into|included|include|put|cover|contain|submit)\b"
            r"|\bwhat\s+(?:are|is)\s+(?:the\s+)?(?:requirements?|criteria|steps|elements|items|"
            r"contents|components|conditions|factors|categories|types|kinds|minimum|standards)\b"
            r"|\bwhat\s+(?:\w+\s+){0,3}(?:should|must|has\s+to|needs\s+to)\s+(?:\w+\s+){0,3}"
            r"(?:include|contain|cover|list)\b|\b(?:list|checklist)\s+(?:of|the)\b"
            r"|\bwhat\s+(?:information|documents?|paperwork|things)\b"
            r"|\bwhat\s+(?:do|does|should|must)\s+(?:\w+\s+){1,4}(?:put|include|submit|write|record|"
            r"send|have\s+in)\b|\bwhat\s+(?:has|have|needs?|must)\s+(?:to\s+)?be\s+"
            r"(?:written|recorded|listed|submitted|documented|reported|entered|shown)\b",
            re.IGNORECASE,
        ),
    ),
    (
        QType.DEFINITION,
        re.compile(
            r"^\s*(?:what(?:'s|\s+is|\s+are)\s+(?:an?\s+|the\s+)?[\w&()/.-]+(?:\s+[\w&()/.-]+){0,4}"
            r"\s*\??\s*$|what\s+does\s+.+\s+(?:mean|stand\s+for)\b|define\b|definition\s+of\b|"
            r"meaning\s+of\b|what\s+counts\s+as\b|what\s+do\s+you\s+mean\s+by\b)"
            r"|\bwhat\s+do\s+(?:you|we|they)\s+call\b|\bdifference\s+between\b"
            r"|\b(?:count|counts|counted)\s+as\b|\bconsidered\s+(?:an?|the|part\s+of)\b",
            re.IGNORECASE,
        ),
    ),
    (
        QType.HOW,
        re.compile(
            r"^\s*how\s+(?:do|does|can|should|would|to|am|are|is|will|must|much|many)\b"
            r"|\bwhat(?:'s|\s+is)\s+the\s+(?:right|proper|correct|best)\s+way\b",
            re.I,
        ),
    ),
    (
        QType.MUST,
        re.compile(
            r"^\s*(?:must|shall|should|do(?:es)?\s+\S+(?:\s+\S+){0,4}\s+(?:have|need)\s+to|"
            r"(?:is|are)\s+(?:it|there|\S+(?:\s+\S+){0,5})\s+(?:required|mandatory|necessary|"
            r"needed|obligated)|do(?:es)?\s+\S+(?:\s+\S+){0,3}\s+(?:require|need)s?)\b"
            r"|\b(?:have\s+to|has\s+to|need\s+to|required\s+to|obligated\s+to|supposed\s+to|"
            r"mandatory|must\s+i|must\s+we)\b",
            re.IGNORECASE,
        ),
    ),
    (
        QType.MAY,
        re.compile(
            r"^\s*(?:can|could|may|might|am|are|is|would|will)\b|\b(?:can|could|may)\s+(?:i|we)\b"
            r"|\b(?:allowed|permitted|"
            r"authori[sz]ed|ok|okay|legal|able)\s+to\b|\b(?:is\s+it\s+(?:ok|okay|allowed|"
            r"permitted|legal|fine))\b",
            re.IGNORECASE,
        ),
    ),
)
# "Can a PA officer …", "Does the Navy …", "Must contractors …": the subject after the auxiliary.
_SUBJECT = re.compile(
    r"^\s*(?i:can|could|may|must|shall|should|do|does|will|would|is|are)\s+"
    r"(?:(?i:a|an|the|our|my|any|every)\s+)?(?P<actor>(?:[A-Z][\w&().'/-]*|[a-z]+)"
    r"(?:\s+(?:[A-Z][\w&().'/-]*|of|for|and|[a-z]+)){0,5}?)\s+"
    r"(?=(?:be|have|need|use|get|take|keep|give|send|make|post|put|sign|approve|buy|accept|"
    r"ask|let|go|bring|share|run|hire|pay|charge|request|grant|waive|store|carry|issue|"
    r"release|publish|tell|contact|travel|fly|park|transfer|sell|handle|destroy|dispose|"
    r"submit|do|review|decide|designate|appoint|nominate|report|notify|provide|create|open|"
    r"operate|conduct|establish|maintain|follow|meet|apply|include|also|still|ever|just|"
    r"really|actually)\b)",
)
# "What are the ATSD(PA)'s responsibilities?", "What must the USD(P&R) do?": whose duties.
_DUTIES_OF = re.compile(
    r"^\s*what\s+(?:are|is)\s+(?:the\s+)?(?P<a>.+?)(?:'s|')\s+(?:responsibilities|duties|role)\b"
    r"|^\s*what\s+(?:must|does|do|should|will|shall)\s+(?:the\s+)?"
    r"(?P<b>(?!I\b)(?-i:[A-Z]).*?)\s+do\b",  # a capital: an organisation, not "we"
    re.IGNORECASE,
)
_PRONOUNS = frozenset({"i", "we", "you", "they", "he", "she", "it", "someone", "anyone", "there"})


@dataclass(frozen=True)
class Question:
    """A question as analysed.

    Attributes:
        text: as asked (control characters removed).
        type: the kind of answer wanted.
        actor: the organisation or person the question is about, as the user wrote it ("a PA
            officer", "the Navy"); None for "I"/"we" or when no subject is recognised.
        terms: stemmed content words (qa.abstain.terms) of the whole question.
        actor_terms: stemmed content words of `actor` (empty without one).
    """

    text: str
    type: QType
    actor: str | None
    terms: frozenset[str]
    actor_terms: frozenset[str]


def analyse(text: str) -> Question:
    """Type, actor and terms of one question.

    People set the scene before they ask ("I'm the new attaché. … Can I start doing the
    job?"): the type and actor are read from the sentence that asks, the terms from all of it.
    """
    asked = asking_sentence(text)
    qtype = _type(asked)
    if _DUTIES_OF.match(asked):
        qtype = QType.WHO
    actor = _actor(asked)
    return Question(
        text=text,
        type=qtype,
        actor=actor,
        terms=abstain.terms(text),
        actor_terms=abstain.terms(actor) if actor else frozenset(),
    )


_MODAL = re.compile(r"\s*(?:can|could|may|might)\b", re.IGNORECASE)


def _type(asked: str) -> QType:
    """The first rule that matches, except that a permission asked with a modal before a duty
    is asked wins: "Can it be an extra duty, or does it have to be full-time?" asks "may"."""
    found = {t: m for t, pattern in _RULES if (m := pattern.search(asked))}
    first = next(iter(found), QType.OTHER)
    may, must = found.get(QType.MAY), found.get(QType.MUST)
    if first is QType.MUST and may is not None and must is not None:
        modal = _MODAL.match(asked, may.start())
        if modal is not None and may.start() < must.start():
            return QType.MAY
    return first


def asking_sentence(text: str) -> str:
    """The first sentence that ends in "?", or all of `text` when none does."""
    return next((s for s in sentences(text) if s.endswith("?")), text)


def _actor(text: str) -> str | None:
    """Whose duties are asked for, or the subject after a leading auxiliary (not a pronoun)."""
    duties = _DUTIES_OF.match(text)
    if duties is not None:
        return (duties.group("a") or duties.group("b")).strip()
    found = _SUBJECT.match(text)
    if found is None:
        return None
    actor = found.group("actor").strip()
    return None if actor.lower() in _PRONOUNS else actor
