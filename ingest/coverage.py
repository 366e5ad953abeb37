"""Warn when a parse yields far fewer records than the issuance's pages suggest.

A heading the parser misses does not fail loudly: its text is folded into the paragraph before
it or cut off with the signature block, and the issuance just looks short. (Page-text copies of
the older issuances lost every enclosure that way.) Two measures, both read off the samples,
catch that without knowing what the document should contain:

- paragraphs (sections, enclosures, numbered paragraphs) per body page: every sample parsed
  as printed has at least 4.2 (DoDI 4515.16: a long reference list and glossary on 6 body
  pages); the lossy parses had 0.3 to 3.3 (DoDM 5200.01 Vol 1 page text, its six enclosures
  lost and their paragraphs misread as the body's 11 to 22, at 3.1; DoDI 4515.16 with an
  enclosure's five items merged into one, at 3.3);
- body pages that no record covers: at most one in a good parse (a page holding only the list
  of enclosures), five or more in the lossy ones.
"""

from __future__ import annotations

from collections.abc import Iterable

from ingest.records import Kind, Paragraph

MIN_PARAGRAPHS_PER_PAGE = 3.5
MAX_BARE_PAGES = 1
_PARAGRAPH_KINDS = frozenset({Kind.PARAGRAPH, Kind.SECTION, Kind.ENCLOSURE})


def coverage_warnings(records: Iterable[Paragraph], body_pages: set[int]) -> list[str]:
    """Warnings when the records are too few for the body pages they were read from.

    Args:
        records: every record of the document.
        body_pages: 1-indexed pages holding body text (cover and contents pages excluded).
    """
    records = list(records)
    if not body_pages:
        return []
    paragraphs = sum(1 for r in records if r.kind in _PARAGRAPH_KINDS)
    bare = sorted(body_pages - {page for r in records for page in r.pages})
    warnings = []
    if paragraphs < MIN_PARAGRAPHS_PER_PAGE * len(body_pages):
        warnings.append(
            f"only {paragraphs} paragraphs from {len(body_pages)} body pages (fewer than "
            f"{MIN_PARAGRAPHS_PER_PAGE:g} a page): headings may have been missed and their "
            "text lost or merged; check the outline with `policykb toc`"
        )
    if len(bare) > MAX_BARE_PAGES:
        warnings.append(
            f"pages {_ranges(bare)} hold body text but no record: their text may have been "
            "lost; check the outline with `policykb toc`"
        )
    return warnings


def _ranges(pages: list[int]) -> str:
    """[4, 5, 6, 9] -> "4-6, 9"."""
    runs: list[list[int]] = []
    for page in pages:
        if runs and page == runs[-1][-1] + 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)
