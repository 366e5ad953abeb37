"""Cross-references inside quoted text, resolved to the records they point at.

"in accordance with Paragraph 2.5.b.(12)", "Section 3" and "the procedures in Paragraph
4.1." point into the same issuance; "DoDI 8170.01", "DoD Directives (DoDD) 5134.01, 5134.12",
"DoD 5400.11-R" (a regulation or manual named by number) or "Reference (f)" point at an entry of
its REFERENCES list. Resolved references are data (doc id + path) so the CLI can print them and
the app can link them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ingest.citation import normalise_path
from ingest.records import Kind, Paragraph
from qa.ports import LibraryLike
from qa.quote import cite
from qa.records import Quote, XRef

_PATH = r"\d{1,2}(?:\.?[0-9a-z]{1,3}\.?|\(\w{1,3}\))*"
_PARAGRAPHS = re.compile(
    rf"\b[Pp]aragraphs?\s+(?P<first>{_PATH})(?P<more>(?:,?\s+(?:and|or|through|to)?\s*{_PATH}"
    r"(?=[\s,;.)]))*)"
)
_SECTION = re.compile(r"\b[Ss]ections?\s+(?P<n>\d{1,2})\b\.?(?!\d)(?!\s+(?:of|et)\b)")
_ENCLOSURE = re.compile(r"\bEnclosure\s+(?P<n>\d{1,2})\b")
_NUMBER = r"(?:[CO]-)?\d{4}\.\d{1,2}[A-Z]?(?:-[MR])?"
_ISSUANCE = re.compile(
    r"\b(?:DoD\s+(?P<word>Instruction|Directive|Manual)(?P<plural>s)?(?:\s+\(DoD[IDM]s?\))?"
    r"|DoD(?P<letter>[IDM])s?)\s+"
    rf"(?P<num>{_NUMBER})(?P<more>(?:,?\s+(?:and\s+|or\s+)?{_NUMBER}(?![\d.]))*)"
    r"|\bDoD\s+(?P<name>\d{4}\.\d{1,2}-[MR])\b"
)
_KIND_WORDS = {"I": "Instruction", "D": "Directive", "M": "Manual"}
_REFERENCE_LABEL = re.compile(r"\bReference\s+(?P<label>\([a-z]{1,2}\))")


def resolve(
    library: LibraryLike, refs: Sequence[Paragraph], quotes: Iterable[Quote]
) -> tuple[XRef, ...]:
    """Resolve every cross-reference in `quotes`, once each, in order of appearance.

    Args:
        library: where same-issuance paragraphs are looked up.
        refs: REFERENCES records of the library (any issuances).
        quotes: the quotes an answer shows.

    Returns:
        One XRef per (quote's issuance, target); references that resolve to nothing (a
        statute's "Section 4321", an issuance cited but not listed) are left out.
    """
    found: dict[tuple[str, str, str | None], XRef] = {}
    for q in quotes:
        for text, target in _targets(library, refs, q.paragraph):
            key = target.key
            if key not in found and key != q.paragraph.key:
                found[key] = XRef(
                    q.citation, text, target.doc_id, target.path, target.term, cite(library, target)
                )
    return tuple(found.values())


def references(paragraphs: Iterable[Paragraph]) -> tuple[Paragraph, ...]:
    """The REFERENCES records among `paragraphs`."""
    return tuple(p for p in paragraphs if p.kind is Kind.REFERENCE)


def _targets(
    library: LibraryLike, refs: Sequence[Paragraph], p: Paragraph
) -> Iterable[tuple[str, Paragraph]]:
    """(reference as written, target record) for each resolvable reference in `p.text`."""
    text = p.text
    for m in _PARAGRAPHS.finditer(text):
        paths = [m.group("first"), *re.findall(_PATH, m.group("more"))]
        for path in paths:
            target = _paragraph(library, p.doc_id, path)
            if target is not None:
                yield m.group().rstrip(" ,."), target
    for m in _SECTION.finditer(text):
        target = library.get(p.doc_id, m.group("n"))
        if target is not None:
            yield m.group().rstrip(" ,."), target
    for m in _ENCLOSURE.finditer(text):
        target = library.get(p.doc_id, f"E{m.group('n')}")
        if target is not None:
            yield m.group(), target
    own = [r for r in refs if r.doc_id == p.doc_id]
    for m in _ISSUANCE.finditer(text):
        for word, number in _issuances(m):
            hit = _reference(own, word, number)
            if hit is not None:
                yield m.group().rstrip(" ,"), hit
    for m in _REFERENCE_LABEL.finditer(text):
        label = m.group("label")
        hit = next((r for r in own if _ref_text(r).lstrip().startswith(label)), None)
        if hit is not None:
            yield m.group(), hit


def _paragraph(library: LibraryLike, doc_id: str, written: str) -> Paragraph | None:
    """The paragraph a written path names, trying it as printed and in normal form."""
    bare = written.rstrip(".")
    for path in dict.fromkeys((bare, normalise_path(bare))):
        target = library.get(doc_id, path)
        if target is not None:
            return target
    return None


def _ref_text(r: Paragraph) -> str:
    return f"{r.text} {r.term or ''}"


def _issuances(m: re.Match[str]) -> list[tuple[str, str]]:
    """(kind word, number) of each issuance a match names.

    "DoD Directives (DoDD) 5134.01, 5134.12" names two directives; "DoD 5400.11-R" names a
    regulation and "DoD 4160.28-M" a manual by number alone (kind word "").
    """
    if m.group("name"):
        return [("", m.group("name"))]
    word = m.group("word") or _KIND_WORDS[m.group("letter")]
    numbers = [m.group("num")]
    if m.group("plural"):
        numbers += re.findall(_NUMBER, m.group("more"))
    return [(word, number) for number in numbers]


def _reference(own: Sequence[Paragraph], word: str, number: str) -> Paragraph | None:
    """The REFERENCES entry for an issuance: its exact number, of its kind when one is listed.

    "5400.11" is not "5400.11-R". A manual once numbered "DoD 4160.21-M" is listed by some
    issuances under its reissued name, "DoD Manual 4160.21".
    """
    exact = re.compile(rf"(?<![\d.]){re.escape(number)}(?![\d]|\.\d|-[A-Z])")
    found = [r for r in own if exact.search(_ref_text(r))]
    if not found and number.endswith("-M"):
        return _reference(own, "Manual", number[:-2])
    named = [r for r in found if exact.search(r.term or "")] or found  # not a title's mention
    same_kind = [r for r in named if word and word in (r.term or "")]
    return next(iter(same_kind or named), None)
