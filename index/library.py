"""The records of an index as a navigable library: cite, outline, parents, children, glossary.

Loads only JSON (no numpy, FAISS or torch), so `policykb cite` and `policykb toc` start in well
under a second.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from index import files, versions
from ingest.citation import Citation, normalise_path, parse_citation, path_levels
from ingest.records import Document, Kind, Paragraph

_OUTLINE_KINDS = {Kind.PURPOSE, Kind.SECTION, Kind.ENCLOSURE}
_GROUPED_KINDS = {Kind.ACRONYM, Kind.DEFINITION, Kind.REFERENCE}


@dataclass(frozen=True)
class OutlineEntry:
    """One line of an issuance's outline.

    Attributes:
        depth: nesting level, 0 for sections and other top-level records.
        paragraph: the record the line stands for (the first one of a glossary/reference group).
        count: how many records the line stands for (glossary terms, references), else 1.
    """

    depth: int
    paragraph: Paragraph
    count: int = 1


class Library:
    """All records of an index, indexed by citation and by tree position.

    Attributes:
        documents: the issuances by id.
        paragraphs: every record in reading order.
        version: the index version directory it was loaded from (where the page images'
            boxes and PDF copies are), None for a library built in memory.
    """

    def __init__(
        self,
        documents: dict[str, Document],
        paragraphs: list[Paragraph],
        version: Path | None = None,
    ) -> None:
        self.documents = documents
        self.paragraphs = paragraphs
        self.version = version
        self._by_path: dict[tuple[str, str], list[Paragraph]] = defaultdict(list)
        self._children: dict[tuple[str, str], list[Paragraph]] = defaultdict(list)
        self._position: dict[tuple[str, str, str | None], int] = {}
        for i, p in enumerate(paragraphs):
            self._by_path[(p.doc_id, p.path)].append(p)
            self._position[p.key] = i
            if p.parent is not None:
                self._children[(p.doc_id, p.parent)].append(p)

    @classmethod
    def load(cls, index_dir: Path) -> Library:
        """Read the records of the current version of `index_dir`.

        Raises:
            IndexLoadError: missing, damaged or incompatible index (message says how to rebuild).
        """
        version = versions.resolve(index_dir)
        files.read_manifest(version, index_dir)
        return cls(
            files.read_documents(version, index_dir),
            files.read_paragraphs(version, index_dir),
            version,
        )

    def get(self, doc_id: str, path: str, term: str | None = None) -> Paragraph | None:
        """The record with this document id, path (loose forms accepted) and term, if any."""
        for p in self._by_path.get((doc_id, normalise_path(path)), []):
            if p.term == term or (term is not None and (p.term or "").lower() == term.lower()):
                return p
        return None

    def children(self, p: Paragraph) -> list[Paragraph]:
        """Records directly under `p`, in reading order."""
        return [c for c in self._children.get((p.doc_id, p.path), []) if c.key != p.key]

    def parent(self, p: Paragraph) -> Paragraph | None:
        """The record `p` sits under, None at the top."""
        if p.parent is None:
            return None
        candidates = self._by_path.get((p.doc_id, p.parent), [])
        return next(
            (c for c in candidates if c.term is None), candidates[0] if candidates else None
        )

    def lead_in(self, p: Paragraph) -> list[Paragraph]:
        """Ancestors whose text introduces their children ("The DNWG will:"), outermost first.

        Their wording is part of what a child says: "(3) Approve the plan" means "The DNWG
        will: ... approve the plan".
        """
        chain: list[Paragraph] = []
        node = self.parent(p)
        while node is not None and len(chain) < 16:  # bounded even if parent links loop
            if node.text.rstrip().endswith(":"):
                chain.append(node)
            node = self.parent(node)
        return chain[::-1]

    def neighbours(self, p: Paragraph) -> tuple[Paragraph | None, Paragraph | None]:
        """The records before and after `p` in the same document's reading order."""
        i = self._position[p.key]
        before = self.paragraphs[i - 1] if i > 0 else None
        after = self.paragraphs[i + 1] if i + 1 < len(self.paragraphs) else None
        return (
            before if before is not None and before.doc_id == p.doc_id else None,
            after if after is not None and after.doc_id == p.doc_id else None,
        )

    def glossary(self, doc_id: str | None = None) -> list[Paragraph]:
        """Acronym and definition records, of one document or all."""
        return [
            p
            for p in self.paragraphs
            if p.kind in (Kind.ACRONYM, Kind.DEFINITION) and doc_id in (None, p.doc_id)
        ]

    def find_documents(self, text: str) -> list[str]:
        """Ids of the documents `text` names ("5400.17", "DoDI 5400.17", "dodi 5400.17")."""
        if text in self.documents:
            return [text]
        ref = parse_citation(text).doc
        return [d for d in self.documents if ref is not None and ref.matches(d)]

    def resolve(self, citation_text: str) -> list[Paragraph]:
        """Records a loosely typed citation names; empty when none matches.

        Without a document, every document with that paragraph matches; a glossary path
        without a term gives all its terms.
        """
        citation = parse_citation(citation_text)
        if citation.path is None:
            return []
        return [p for doc_id in self._doc_ids(citation) for p in self._matches(doc_id, citation)]

    def suggest(self, citation_text: str, n: int = 5) -> list[Paragraph]:
        """The paragraphs nearest to a citation that matched nothing (for "did you mean")."""
        citation = parse_citation(citation_text)
        wanted = citation.path or citation_text
        pool = {
            p.path: p
            for doc_id in self._doc_ids(citation)
            for p in self.paragraphs
            if p.doc_id == doc_id
        }
        close = difflib.get_close_matches(wanted, list(pool), n=n, cutoff=0.5)
        return [pool[path] for path in close]

    def outline(self, doc_id: str) -> list[OutlineEntry]:
        """Sections, titled paragraphs and one line per glossary/reference group, in order."""
        entries: list[OutlineEntry] = []
        for p in self.paragraphs:
            if p.doc_id != doc_id:
                continue
            if p.kind in _GROUPED_KINDS:
                last = entries[-1] if entries else None
                if last and last.paragraph.kind is p.kind and last.paragraph.path == p.path:
                    entries[-1] = OutlineEntry(last.depth, last.paragraph, last.count + 1)
                    continue
            elif p.kind not in _OUTLINE_KINDS and not p.title:
                continue
            entries.append(OutlineEntry(self._depth(p), p))
        return entries

    def _depth(self, p: Paragraph) -> int:
        """Outline depth: 0 for top-level records, one more per numbered level below."""
        if p.kind in _OUTLINE_KINDS or p.parent is None:
            return 0
        return max(len(path_levels(p.path)) - 1, 1)

    def _doc_ids(self, citation: Citation) -> list[str]:
        """Documents a citation is about: the one it names, else all."""
        if citation.doc is None:
            return list(self.documents)
        return [d for d in self.documents if citation.doc.matches(d)]

    def _matches(self, doc_id: str, citation: Citation) -> list[Paragraph]:
        """Records of one document at the citation's path (and term, when given)."""
        found = self._by_path.get((doc_id, citation.path or ""), [])
        if citation.term is None:
            return list(found)
        term = citation.term.lower()
        return [p for p in found if (p.term or "").lower() == term]
