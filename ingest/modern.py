"""Body of a modern-template issuance: SECTION n, n.m., a., (1), (a) ... then GLOSSARY and
REFERENCES, as cited records.

The body is cut into regions at the printed headings; each SECTION region goes through the
numbering outliner, the glossary and references regions through their own readers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest import glossary, references
from ingest.outline import MODERN, Block, Outliner, outline
from ingest.pages import Line
from ingest.records import Kind, Paragraph
from ingest.titles import caps_lines, caps_title, phrase_title, subheading
from ingest.wrap import join_lines

SECTION = re.compile(r"^\s*SECTION\s+(\d{1,2})\s*[:.]\s*(.*)$")
APPENDIX = re.compile(r"^\s*APPENDIX\s+(\d{1,2}[A-Z]?)\s*[:.]\s*(.*)$")
_GLOSSARY = re.compile(r"^\s*(?:GLOSSARY\s*|G\s?\.\s?1\s?\..*)$")
_REFERENCES = re.compile(r"^\s*REFERENCES\s*$")
_NOT_TITLE = re.compile(r"^\s*(?:\d|\(|[a-z]{1,2}\.|G\.\d)")


Sourced = tuple[Paragraph, tuple[Line, ...]]


@dataclass(frozen=True)
class BodyParse:
    """Records of a body in reading order with the lines each was read from.

    Attributes:
        records: (record, its source lines) in reading order.
        unplaced: lines that belong to no record: the GLOSSARY/REFERENCES headings, the
            glossary's introductory sentence, and the ``lead``.
        lead: body text before the first SECTION heading (normally none).
    """

    records: tuple[Sourced, ...]
    unplaced: tuple[Line, ...]
    lead: tuple[Line, ...]


def parse_body(lines: list[Line], doc_id: str) -> BodyParse:
    """Turn a modern issuance's body lines (furniture, cover and contents removed) into records.

    Every input line ends up in exactly one record's source lines or in ``unplaced``.
    """
    records: list[Sourced] = []
    unplaced: list[Line] = []
    lead: list[Line] = []
    for kind, region in _regions(lines):
        if kind == "lead":
            lead.extend(region)
            unplaced.extend(region)
        elif kind == "section":
            records.extend(section_records(region, doc_id))
        else:
            reader = glossary.records if kind == "glossary" else references.records
            found, headings = reader(region, doc_id)
            records.extend(found)
            unplaced.extend(headings)
    return BodyParse(tuple(records), tuple(unplaced), tuple(lead))


def _regions(lines: list[Line]) -> list[tuple[str, list[Line]]]:
    """Cut the body at SECTION/APPENDIX, GLOSSARY and REFERENCES headings."""
    regions: list[tuple[str, list[Line]]] = [("lead", [])]
    for line in lines:
        kind = _heading_kind(line.text, regions[-1][0])
        if kind:
            regions.append((kind, [line]))
        else:
            regions[-1][1].append(line)
    return [r for r in regions if r[1]]


def _heading_kind(text: str, current: str) -> str | None:
    if current == "references":
        return None
    if SECTION.match(text) or APPENDIX.match(text):
        return "section" if current in ("lead", "section") else None
    if _GLOSSARY.match(text) and current != "glossary":
        return "glossary"
    if _REFERENCES.match(text):
        return "references"
    return None


def section_records(lines: list[Line], doc_id: str) -> list[Sourced]:
    """Records of one SECTION (or APPENDIX) region: the section, then its paragraphs."""
    found = SECTION.match(lines[0].text) or APPENDIX.match(lines[0].text)
    assert found is not None  # regions start at a heading this module matched
    number, title = found.group(1), found.group(2)
    head = 1
    while head < len(lines) and _title_continues(lines[head].text):
        title += " " + lines[head].text.strip()
        head += 1
    title = re.sub(r"\s+", " ", title).strip()
    word = "SECTION" if SECTION.match(lines[0].text) else "APPENDIX"
    lead, blocks = outline(lines[head:], Outliner(number, MODERN, section=number))
    heading = f"{word} {number}: {title}"
    section = Paragraph(
        doc_id, number, Kind.SECTION, (heading,), title,
        join_lines(t.text for t in lead), pages_of(lines[:head] + lead),
    )  # fmt: skip
    paragraphs = block_records(blocks, doc_id, {number: (heading,)})
    sourced = zip(paragraphs, (b.lines for b in blocks), strict=True)
    return [(section, tuple(lines[:head] + lead)), *sourced]


def _title_continues(text: str) -> bool:
    stripped = text.strip()
    return bool(stripped) and not any(c.islower() for c in stripped) and not _NOT_TITLE.match(text)


def block_records(
    blocks: list[Block], doc_id: str, trails: dict[str, tuple[str, ...]]
) -> list[Paragraph]:
    """Paragraph records from outline blocks; ``trails`` maps a path to its heading trail."""
    parents = {b.parent for b in blocks}
    out = []
    for block in blocks:
        title, text = _title_and_text(block, block.path in parents)
        label = f"{block.marker} {title}".strip()
        trail = (*trails.get(block.parent or "", ()), label)
        trails[block.path] = trail
        out.append(
            Paragraph(doc_id, block.path, Kind.PARAGRAPH, trail, title, text,
                      pages_of(list(block.lines)), block.parent)
        )  # fmt: skip
    return out


def _title_and_text(block: Block, has_children: bool) -> tuple[str, str]:
    """Split a block into its printed title and its own text (marker removed).

    Outermost paragraphs carry a title in capitals, ended by a period or, in some older
    issuances, by the end of its line (or two); deeper ones a short title-case phrase, or, in
    older issuances, an unpunctuated subheading on its own line above their children.
    """
    marker = re.compile(r"^\s*" + r"\s?".join(map(re.escape, block.marker)))
    texts = [marker.sub("", block.lines[0].text, count=1)] + [t.text for t in block.lines[1:]]
    body = join_lines(texts)
    if block.depth:
        title, text = phrase_title(body, has_children)
        if not title and subheading(texts, has_children):
            return body, ""
        return title, text
    title, text = caps_title(body)
    own_line = len(block.lines) > 1 or has_children
    heading = caps_lines(texts) if own_line else 0
    if not title and heading:
        return join_lines(texts[:heading]), join_lines(texts[heading:])
    return title, text


def pages_of(lines: list[Line]) -> tuple[int, ...]:
    """Ascending 1-indexed pages the lines sit on."""
    return tuple(sorted({line.page for line in lines}))
