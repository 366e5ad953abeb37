"""Responsibilities sections as a table: organisation, numbered duty, its lead-in, its citation.

Modern issuances assign duties in "SECTION 2: RESPONSIBILITIES" ("2.1. USD(A&S). The
USD(A&S):" then "a.", "b." …); older ones in a RESPONSIBILITIES enclosure ("E2.1", "E2.1.a")
or a numbered body paragraph ("5. RESPONSIBILITIES."). The table is read from the record tree
alone (kind, path, parent, title, text), never from page layout, so it holds for any correctly
parsed issuance: every record below a Responsibilities heading is either a duty row or the
lead-in/heading of the duties below it, never both and never twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ingest.records import Kind, Paragraph
from qa.context import context_for
from qa.organisations import Names, organisation_name
from qa.ports import LibraryLike
from qa.quote import cite

_ROOT_TITLE = re.compile(r"^(?:ROLES AND )?RESPONSIBILITIES\.?$", re.IGNORECASE)
_POINTER = re.compile(r"^\s*See\b", re.IGNORECASE)  # "4. RESPONSIBILITIES. See Enclosure 2."
_MAX_DEPTH = 12  # deeper than any DoD numbering (section, n.m, a, (1), (a), 1, a)
_Key = tuple[str, str, str | None]  # Paragraph.key


@dataclass(frozen=True)
class Duty:
    """One assigned duty, with the organisation that holds it.

    Attributes:
        organisation: who holds the duty, as the issuance prints it ("UNDER SECRETARY OF
            DEFENSE FOR ACQUISITION AND SUSTAINMENT (USD(A&S))", "Heads of DoD Components").
        holder: the responsibilities paragraph that names the organisation ("2.1", "E2.7").
        paragraph: the duty itself; its own text, without its children's.
        context: the records between the Responsibilities heading and the duty, outermost
            first (the holder first, unless the duty is the holder).
        citation: the duty's copy-ready citation.
    """

    organisation: str
    holder: Paragraph
    paragraph: Paragraph
    context: tuple[Paragraph, ...]
    citation: str

    @property
    def lead_in(self) -> tuple[Paragraph, ...]:
        """Context records whose text introduces the duty ("The USD(A&S):"), outermost first."""
        return tuple(p for p in self.context if _introduces(p))


def responsibility_roots(library: LibraryLike) -> list[Paragraph]:
    """The Responsibilities sections, enclosures and top-level paragraphs, in reading order."""
    return [p for p in library.paragraphs if _is_root(p)]


def all_duties(library: LibraryLike) -> tuple[Duty, ...]:
    """Every duty of every issuance in `library`, in reading order (computed once per library)."""
    return _duties(library)[0]


def duty_of(library: LibraryLike, p: Paragraph) -> Duty | None:
    """The duty `p` states, with its holder; None when `p` assigns none."""
    return _duties(library)[1].get(p.key)


def _duties(library: LibraryLike) -> tuple[tuple[Duty, ...], dict[_Key, Duty]]:
    cached = _CACHE.get(id(library))
    if cached is None or cached[0] is not library:
        if len(_CACHE) >= 4:
            _CACHE.clear()
        rows = tuple(
            d for root in responsibility_roots(library) for d in _root_duties(library, root)
        )
        cached = (library, rows, {d.paragraph.key: d for d in rows})
        _CACHE[id(library)] = cached
    return cached[1], cached[2]


def select(
    library: LibraryLike,
    organisation: str | None = None,
    doc_ids: Sequence[str] | None = None,
) -> list[Duty]:
    """Duties of some issuances and/or of one organisation, in reading order.

    Args:
        library: the loaded issuances.
        organisation: a name as printed, an acronym or the spelled-out name ("ATSD(PA)" and
            "Assistant to the Secretary of Defense for Public Affairs" alike); None for all.
        doc_ids: only these issuances; None for all.
    """
    rows = [d for d in all_duties(library) if doc_ids is None or d.paragraph.doc_id in doc_ids]
    if not organisation or not organisation.strip():
        return rows
    names = Names(context_for(library).glossary)
    return [d for d in rows if names.matches(organisation, d.organisation, d.paragraph.doc_id)]


def organisations(duties: Iterable[Duty]) -> list[str]:
    """The distinct organisations of `duties`, in order of first appearance."""
    return list(dict.fromkeys(d.organisation for d in duties))


def _is_root(p: Paragraph) -> bool:
    """A Responsibilities section/enclosure, or an older issuance's "5. RESPONSIBILITIES."."""
    if p.parent is not None or p.kind not in (Kind.SECTION, Kind.ENCLOSURE, Kind.PARAGRAPH):
        return False
    title = p.title or (p.heading[-1].split(":")[-1] if p.heading else "")
    return bool(_ROOT_TITLE.match(title.strip()))


def _root_duties(library: LibraryLike, root: Paragraph) -> list[Duty]:
    """The duty rows below one Responsibilities heading."""
    children = library.children(root)
    if not children:
        # "5. RESPONSIBILITIES. The Heads of DoD Components shall …" is one duty; a pointer
        # ("See Enclosure 2.") is none: the enclosure it names holds them.
        if not root.text.strip() or _POINTER.match(root.text):
            return []
        return [_duty(library, root, root, ())]
    if _introduces(root):  # "5. RESPONSIBILITIES. The Heads of the DoD Components shall:"
        return _subtree(library, root, children, (root,), 0)
    out: list[Duty] = []
    for holder in children:
        out += _subtree(library, holder, [holder], (), 0)
    return out


def _subtree(
    library: LibraryLike,
    holder: Paragraph,
    records: list[Paragraph],
    context: tuple[Paragraph, ...],
    depth: int,
) -> list[Duty]:
    """Rows for `records` and everything below them; lead-ins and headings become context."""
    out: list[Duty] = []
    for p in records:
        children = library.children(p) if depth < _MAX_DEPTH else []
        if not children or not _heads(p):
            out.append(_duty(library, holder, p, context))
        if children:
            out += _subtree(library, holder, children, (*context, p), depth + 1)
    return out


def _duty(
    library: LibraryLike, holder: Paragraph, p: Paragraph, context: tuple[Paragraph, ...]
) -> Duty:
    name = organisation_name("" if _is_root(holder) else holder.title, holder.text)
    return Duty(name or f"para. {holder.path}", holder, p, context, cite(library, p))


def _introduces(p: Paragraph) -> bool:
    """Whether `p`'s text is a lead-in its children complete ("The DNWG will:")."""
    return p.text.rstrip().endswith(":")


def _heads(p: Paragraph) -> bool:
    """Whether `p` (which has children) only introduces them: no text, or a lead-in."""
    return not p.text.strip() or _introduces(p)


_CACHE: dict[int, tuple[LibraryLike, tuple[Duty, ...], dict[_Key, Duty]]] = {}
