"""Check a gold set against an index and describe it: bindings, overlap, counts.

A gold label is only as good as its binding: the expected paragraph must exist in the index
and hold the label's ``quote`` and ``key_phrase`` verbatim. Paths change when the parser
changes, quotes do not, so a label whose path no longer holds its quote is reported together
with the paragraphs that do hold it today (re-binding by quote).

How far a question is worded from its answer is measured as *content-word overlap*: the
share of the question's content terms (``qa.abstain.terms``: stemmed, stop words and
question scaffolding removed) found in the governing paragraph's text, title and heading
trail; the maximum over the any-of list. Questions copied from the paragraph score near 1;
questions in a user's own words score low.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from eval.answers import normalise_space
from eval.gold import SPLITS, TYPES, GoldQuestion, Ref
from index.library import Library
from ingest.citation import normalise_path
from ingest.records import Paragraph
from qa.abstain import overlap, terms


@dataclass(frozen=True)
class QuestionCheck:
    """One question as the index sees it.

    Attributes:
        question: the gold question.
        overlap: content-word overlap with its governing paragraph in [0, 1]; None when
            unanswerable, unlabelled, or no record could be found by path or by quote.
        problems: why its labels do not bind, one sentence each; empty when they do.
    """

    question: GoldQuestion
    overlap: float | None
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class GoldStats:
    """Everything `policykb eval gold-stats` prints, per question and in total."""

    checks: tuple[QuestionCheck, ...]
    # type ("untyped" when none) -> {"dev": n, "test": n, "unanswerable": n of those n + n}
    per_type: dict[str, dict[str, int]]
    per_issuance: dict[str, int]  # every indexed issuance (0 when no question), then others
    unanswerable: int
    absent_named: int

    @property
    def problems(self) -> list[QuestionCheck]:
        """Questions whose labels do not bind."""
        return [c for c in self.checks if c.problems]

    def median_overlap(self, split: str | None = None) -> float | None:
        """Median overlap over answerable questions (of one split), None when there are none."""
        values = [
            c.overlap
            for c in self.checks
            if c.overlap is not None and split in (None, c.question.split)
        ]
        return statistics.median(values) if values else None


def check_gold(gold: Sequence[GoldQuestion], library: Library) -> GoldStats:
    """Bind every question to the library and count the set."""
    per_type: dict[str, dict[str, int]] = {}
    for q in gold:
        row = per_type.setdefault(q.type or "untyped", dict.fromkeys((*SPLITS, "unanswerable"), 0))
        row[q.split] += 1
        row["unanswerable"] += q.unanswerable
    order = [t for t in (*TYPES, "untyped") if t in per_type]
    per_issuance = dict.fromkeys(library.documents, 0)
    for q in gold:
        for doc in dict.fromkeys(_doc_id(library, e.doc_id) or e.doc_id for e in q.expect):
            per_issuance[doc] = per_issuance.get(doc, 0) + 1
    return GoldStats(
        checks=tuple(check_question(q, library) for q in gold),
        per_type={t: per_type[t] for t in order},
        per_issuance=per_issuance,
        unanswerable=sum(q.unanswerable for q in gold),
        absent_named=sum(q.unanswerable and q.absent_doc is not None for q in gold),
    )


def check_question(q: GoldQuestion, library: Library) -> QuestionCheck:
    """Find the records a question's labels name; measure its overlap; say what does not bind."""
    if not q.expect:
        return QuestionCheck(q, None)
    problems: list[str] = []
    groups: list[list[Paragraph]] = []
    for ref in q.expect:
        found = _records(library, ref)
        if not found:
            problems.append(f"{_name(ref)} is not in the index")
        groups.append(found)
    expected = [p for group in groups for p in group]
    # A list's answer is in its items, so the key phrase may come from below the lead-in
    # (retrieval counts subparagraphs as hits by the same rule); the quote is the record's own.
    below = expected + [c for p in expected for c in _descendants(library, p)]
    for kind, label, pool in (("quote", q.quote, expected), ("key_phrase", q.key_phrase, below)):
        if label is None or any(_holds(p, label) for p in pool):
            continue
        where = _paths(_holding(library, q.expect, label)) or "no record of the issuance"
        if expected:
            problems.append(f"{kind} is not verbatim in {_paths(expected)}; found in {where}")
        else:
            problems.append(f"its {kind} is found in {where}")
    value = max((_overlap(q, p) for p in _governing(q, groups, library)), default=None)
    return QuestionCheck(q, value, tuple(problems))


def _governing(q: GoldQuestion, groups: list[list[Paragraph]], library: Library) -> list[Paragraph]:
    """The records a question's overlap is measured against, one group per expected ref.

    A ref naming several records (a glossary path without a term) counts only through the
    ones holding the quote, so one term's words do not speak for all. When no expected record
    holds the quote (the path moved), the records that do hold it join: re-binding by quote.
    """
    if q.quote is None:
        return [p for group in groups for p in group]
    quote = q.quote
    kept = [p for group in groups for p in group if len(group) == 1 or _holds(p, quote)]
    if any(_holds(p, quote) for p in kept):
        return kept
    return kept + _holding(library, q.expect, quote)


def governing_text(p: Paragraph) -> str:
    """What overlap is measured against: the record's text, its title and heading trail."""
    return " ".join((p.text, p.title, *p.heading))


def _overlap(q: GoldQuestion, p: Paragraph) -> float:
    return overlap(terms(q.question), governing_text(p))


def _doc_id(library: Library, doc_id: str) -> str | None:
    """The index's spelling of a gold document id ("DoDD 5535.04" -> "DoDD 5535.4")."""
    found = library.find_documents(doc_id)
    return found[0] if found else None


def _records(library: Library, ref: Ref) -> list[Paragraph]:
    """The records a reference names: one, or several glossary entries without a term."""
    doc = _doc_id(library, ref.doc_id)
    if doc is None:
        return []
    path = normalise_path(ref.paragraph)
    wanted = (ref.term or "").casefold()
    return [
        p
        for p in library.paragraphs
        if p.doc_id == doc
        and p.path == path
        and (not wanted or (p.term or "").casefold() == wanted)
    ]


def _descendants(library: Library, p: Paragraph) -> list[Paragraph]:
    """Every record below `p`, depth first."""
    out: list[Paragraph] = []
    for child in library.children(p):
        out += [child, *_descendants(library, child)]
    return out


def _holding(library: Library, expect: Iterable[Ref], text: str) -> list[Paragraph]:
    """Records of the expected issuances that hold `text` verbatim (spacing aside)."""
    docs = {_doc_id(library, e.doc_id) for e in expect}
    return [p for p in library.paragraphs if p.doc_id in docs and _holds(p, text)]


def _holds(p: Paragraph, text: str) -> bool:
    return normalise_space(text) in normalise_space(p.text)


def _name(ref: Ref) -> str:
    return f"{ref.doc_id} {ref.paragraph}" + (f" “{ref.term}”" if ref.term else "")


def _paths(records: Iterable[Paragraph]) -> str:
    names = [f"{p.doc_id} {p.path}" + (f" “{p.term}”" if p.term else "") for p in records]
    return ", ".join(dict.fromkeys(names))


def render_text(stats: GoldStats, show_overlap: bool = True) -> str:
    """The report as plain text: counts, overlap per question and median, binding problems."""
    total = len(stats.checks)
    splits = Counter(c.question.split for c in stats.checks)
    lines = [f"{total} questions: " + ", ".join(f"{s} {splits[s]}" for s in SPLITS), ""]
    lines.append(
        f"{'type':<12}" + "".join(f"{s:>6}" for s in (*SPLITS, "all")) + "  of which unanswerable"
    )
    for qtype, row in stats.per_type.items():
        counts = [row[s] for s in SPLITS]
        cells = "".join(f"{n:>6}" for n in (*counts, sum(counts)))
        lines.append(f"{qtype:<12}{cells}{row['unanswerable']:>23}")
    lines += ["", f"{'issuance':<28}{'questions':>10}"]
    lines += [f"{doc:<28}{n:>10}" for doc, n in stats.per_issuance.items()]
    lines += [
        "",
        f"unanswerable: {stats.unanswerable} ({stats.absent_named} name the absent issuance "
        f"that would govern, {stats.unanswerable - stats.absent_named} ask where the "
        "issuances are silent)",
    ]
    measured = [c for c in stats.checks if c.overlap is not None]
    if show_overlap and measured:
        lines += ["", "content-word overlap with the governing paragraph, highest first:"]
        for c in sorted(measured, key=lambda c: -(c.overlap or 0.0)):
            lines.append(f"  {c.overlap:.2f}  {c.question.id:<14} {c.question.question}")
    lines += ["", _median_line(stats)]
    if stats.problems:
        lines += ["", f"labels that do not bind ({len(stats.problems)} questions):"]
        for c in stats.problems:
            for text in c.problems:
                lines.append(f"  line {c.question.line} {c.question.id}: {text}")
    return "\n".join(lines) + "\n"


def _median_line(stats: GoldStats) -> str:
    parts = []
    for split in (None, *SPLITS):
        value = stats.median_overlap(split)
        parts.append(f"{split or 'all'} {value:.3f}" if value is not None else f"{split} -")
    count = sum(c.overlap is not None for c in stats.checks)
    return f"median overlap over {count} answerable questions: " + ", ".join(parts)


def stats_json(stats: GoldStats) -> dict[str, Any]:
    """The report as JSON-ready data, for scripts and for tests."""
    return {
        "questions": len(stats.checks),
        "per_split": dict(Counter(c.question.split for c in stats.checks)),
        "per_type": stats.per_type,
        "per_issuance": stats.per_issuance,
        "unanswerable": stats.unanswerable,
        "absent_named": stats.absent_named,
        "median_overlap": {
            split or "all": stats.median_overlap(split) for split in (None, *SPLITS)
        },
        "overlap": {c.question.id: c.overlap for c in stats.checks if c.overlap is not None},
        "problems": {c.question.id: list(c.problems) for c in stats.problems},
    }
