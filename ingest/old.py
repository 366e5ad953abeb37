"""Body of an older, enclosure-style issuance: "1. PURPOSE.", a., (1) ... then ENCLOSURE n.

Best effort with the modern record shape: numbered paragraphs get paths such as "4.a.(1)" (or
"2.1.3" where the issuance numbers with decimals); enclosure paragraphs carry the enclosure
("E2.1.a" is Enclosure 2, paragraph 1.a); an enclosure titled REFERENCES yields one REFERENCE
record per "(a)", "(b)" entry, and the closing GLOSSARY its acronyms (PART I) and definitions
(PART II). The signature block and the list of enclosures cite nothing and are left out.
"""

from __future__ import annotations

import re

from ingest import glossary
from ingest.modern import block_records, pages_of
from ingest.numbered import DecimalOutliner, uses_decimals
from ingest.outline import OLD, Numbering, Outliner, outline
from ingest.pages import Line
from ingest.records import Kind, Paragraph
from ingest.references import designation
from ingest.wrap import join_lines

Sourced = tuple[Paragraph, tuple[Line, ...]]
FIRST_PARAGRAPH = re.compile(r"^\s*1\s?\.\s+[A-Z][A-Z ,&()/-]{2,}\.?")
_ENCLOSURE = re.compile(r"^\s*(?:E\d{1,2}\.\s+)?ENCLOSURE\s+(\d{1,2})\s*$")
_ENTRY = re.compile(r"^\s*\(\s?([a-z]{1,2})\s?\)\s")
_GLOSSARY = re.compile(r"^\s*GLOSSARY\s*$")
_ENCLOSURE_LIST = re.compile(r"^\s*Enclosures?\s*(?::|-\s*\d+)?\s*$")
_SIGNATURE_GAP_PT = 40.0  # white space left above a signature (a normal gap is ~28 pt)
_SIGNATURE_LINES = 4


def parse_body(lines: list[Line], doc_id: str) -> list[Sourced]:
    """Records of an old issuance's body (cover block removed), in reading order."""
    regions: list[list[Line]] = [[]]
    for line in lines:
        if _ENCLOSURE.match(line.text) or _GLOSSARY.match(line.text):
            regions.append([])
        regions[-1].append(line)
    decimal = uses_decimals([line.text for line in lines])
    out = _main_records(regions[0][: _closing(regions[0])], doc_id, decimal)
    for region in regions[1:]:
        if _GLOSSARY.match(region[0].text):
            out.extend(_glossary_records(region, doc_id))
        else:
            out.extend(_enclosure_records(region, doc_id, decimal))
    return out


def _numbering(root: str, decimal: bool) -> Numbering:
    """Decimal ("2.1.", "E2.1.") or lettered ("a.", "(1)") numbering under ``root``."""
    return DecimalOutliner(root) if decimal else Outliner(root, OLD)


def _closing(lines: list[Line]) -> int:
    """Index where the signature block and the list of enclosures begin (they cite nothing).

    The signature is the few lines set apart by a wide gap just above "Enclosures".
    """
    cut = next((i for i, t in enumerate(lines) if _ENCLOSURE_LIST.match(t.text)), len(lines))
    for start in range(cut - 1, max(cut - _SIGNATURE_LINES, 1) - 1, -1):
        above, line = lines[start - 1], lines[start]
        if above.y is None or line.y is None or above.page != line.page:
            continue
        if above.y - line.y > _SIGNATURE_GAP_PT:
            return start
    return cut


def _glossary_records(lines: list[Line], doc_id: str) -> list[Sourced]:
    """The closing GLOSSARY: PART I abbreviations and acronyms, PART II definitions."""
    found, _ = glossary.part_records(lines, doc_id)
    return found


def _sourced(records: list[Paragraph], blocks_lines: list[tuple[Line, ...]]) -> list[Sourced]:
    return list(zip(records, blocks_lines, strict=True))


def _main_records(lines: list[Line], doc_id: str, decimal: bool) -> list[Sourced]:
    lead, blocks = outline(lines, _numbering("", decimal))
    recs = block_records(blocks, doc_id, {})
    out = _sourced(recs, [b.lines for b in blocks])
    if lead:
        purpose = Paragraph(doc_id, "Preamble", Kind.PARAGRAPH, ("Preamble",), "",
                            join_lines(t.text for t in lead), pages_of(lead))  # fmt: skip
        out.insert(0, (purpose, tuple(lead)))
    return out


def _enclosure_records(lines: list[Line], doc_id: str, decimal: bool) -> list[Sourced]:
    found = _ENCLOSURE.match(lines[0].text)
    assert found is not None  # regions start at an ENCLOSURE line
    number = found.group(1)
    head = 1
    while head < len(lines) and _caps_start(lines[head].text):
        if _ENTRY.match(lines[head].text) or FIRST_PARAGRAPH.match(lines[head].text):
            break
        head += 1
    title = re.sub(r"\s+", " ", " ".join(t.text for t in lines[1:head])).strip()
    heading = f"ENCLOSURE {number}: {title}" if title else f"ENCLOSURE {number}"
    if title.upper().startswith("REFERENCES"):
        enclosure = _enclosure(doc_id, number, heading, title, lines[:head], [])
        return [enclosure, *_references(lines[head:], doc_id)]
    lead, blocks = outline(lines[head:], _numbering(f"E{number}", decimal))
    recs = block_records(blocks, doc_id, {f"E{number}": (heading,)})
    enclosure = _enclosure(doc_id, number, heading, title, lines[:head], lead)
    return [enclosure, *_sourced(recs, [b.lines for b in blocks])]


def _caps_start(text: str) -> bool:
    """An enclosure title line: its first word is in capitals ("REFERENCES, continued")."""
    word = text.split()[0].strip(",.:;") if text.split() else ""
    return len(word) > 1 and word.isupper()


def _enclosure(
    doc_id: str, number: str, heading: str, title: str, head: list[Line], lead: list[Line]
) -> Sourced:
    rec = Paragraph(doc_id, f"E{number}", Kind.ENCLOSURE, (heading,), title,
                    join_lines(t.text for t in lead), pages_of(head + lead))  # fmt: skip
    return rec, tuple(head + lead)


def _references(lines: list[Line], doc_id: str) -> list[Sourced]:
    entries: list[list[Line]] = []
    for line in lines:
        if _ENTRY.match(line.text) or not entries:
            entries.append([])
        entries[-1].append(line)
    out: list[Sourced] = []
    for src in entries:
        text = join_lines(t.text for t in src)
        term = designation(text)
        rec = Paragraph(doc_id, "References", Kind.REFERENCE, ("REFERENCES",), term, text,
                        pages_of(src), None, term)  # fmt: skip
        out.append((rec, tuple(src)))
    return out
