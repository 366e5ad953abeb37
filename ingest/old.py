"""Body of an older, enclosure-style issuance: "1. PURPOSE.", a., (1) ... then ENCLOSURE n.

Best effort with the modern record shape: numbered paragraphs get paths such as "4.a.(1)" (or
"2.1.3" where the issuance numbers with decimals); enclosure paragraphs carry the enclosure
("E2.1.a" is Enclosure 2, paragraph 1.a); an appendix to an enclosure carries both ("E9.AP.2.b"
is paragraph 2.b of the Appendix to Enclosure 9, "E3.AP2" Appendix 2 to Enclosure 3). An
enclosure titled REFERENCES yields one REFERENCE record per "(a)", "(b)" entry, under the
enclosure, and the closing GLOSSARY its acronyms (PART I) and definitions (PART II). The
signature block and the lists of enclosures and appendices cite nothing and are left out.
"""

from __future__ import annotations

import re

from ingest import glossary
from ingest.closing import closing
from ingest.figures import Figure, split_figures
from ingest.modern import block_records, pages_of
from ingest.numbered import DecimalOutliner, uses_decimals
from ingest.outline import OLD, Numbering, Outliner, outline
from ingest.pages import Line
from ingest.records import Kind, Paragraph
from ingest.references import designation
from ingest.wrap import join_lines

Sourced = tuple[Paragraph, tuple[Line, ...]]
FIRST_PARAGRAPH = re.compile(r"^\s*1\s?\.\s+[A-Z][A-Z ,&()/-]{2,}\.?")
_ENCLOSURE = re.compile(r"^\s*(?:E\d{1,2}\.\s+)?ENCLOSURE(?:\s+(\d{1,2}))?\s*$")
_APPENDIX = re.compile(r"^\s*APPENDIX\s*(\d{0,2})\s+TO\s+ENCLOSURE\s+(\d{1,2})\s*$")
_ENTRY = re.compile(r"^\s*\(\s?([a-z]{1,2}|I)\s?\)\s")  # "(I)": OCR of "(l)", DoDI 4515.16
_GLOSSARY = re.compile(r"^\s*GLOSSARY\s*$")
_NUMBERED_HEADING = re.compile(r"^\s*\d{1,2}\s?\.\s+[A-Z][A-Z ,&()/'-]{3,}[.:](?:\s|$)")
_APPENDIX_LIST = re.compile(r"^\s*Appendi(?:x|ces)\s*:?\s*$")
_MARKER = re.compile(r"^\s*(?:\(\s?\w{1,2}\s?\)|\w{1,2}\s?\.)(?:\s|$)")
_LETTER = re.compile(r"^\s*a\s?\.(?:\s|$)")
_NUMBER = re.compile(r"^\s*1\s?\.(?:\s|$)")
_LIST_LINES = 4  # an enclosure's closing list of appendices: the word and a title or two


def parse_body(lines: list[Line], doc_id: str) -> tuple[list[Sourced], list[str]]:
    """Records of an old issuance's body (cover block removed), in reading order.

    Returns:
        The records with their source lines, and warnings naming numbered headings that do
        not continue the numbering (their text stays in the paragraph before them).
    """
    regions: list[list[Line]] = [[]]
    for line in lines:
        if _ENCLOSURE.match(line.text) or _APPENDIX.match(line.text) or _GLOSSARY.match(line.text):
            regions.append([])
        regions[-1].append(line)
    decimal = uses_decimals([line.text for line in lines])
    out = _main_records(regions[0][: closing(regions[0])], doc_id, decimal)
    for region in regions[1:]:
        if _GLOSSARY.match(region[0].text):
            out.extend(_glossary_records(region, doc_id))
        else:
            out.extend(_enclosure_records(region, doc_id, decimal))
    return out, _stray_headings(out)


def _stray_headings(records: list[Sourced]) -> list[str]:
    """Warnings for numbered headings printed out of sequence ("2." twice in DoDI 6440.02).

    The outline keeps such a line in the paragraph before it, as its numbers say; the warning
    names it so the printed numbering can be checked.
    """
    warnings = []
    for rec, lines in records:
        if rec.kind is not Kind.PARAGRAPH:
            continue
        for line in lines[1:]:
            if _NUMBERED_HEADING.match(line.text.replace("DoD", "DOD")):
                warnings.append(
                    f"{rec.path} (page {line.page}) holds the heading {line.text.strip()[:60]!r}, "
                    "numbered out of sequence; it is kept in that paragraph"
                )
    return warnings


def _numbering(root: str, decimal: bool, lines: list[Line]) -> Numbering:
    """Decimal ("2.1.", "E2.1.") or lettered ("1.", "a.", "(1)") numbering under ``root``.

    An enclosure may list lettered items under its lead-in with no numbered paragraph above
    them ("Commanders or appropriate supervisors:" then "a.", "b." in DoDI 4515.16); its
    outline then starts at the letters, cited "Enclosure 3, paragraph a." ("E3.a").
    """
    if decimal:
        return DecimalOutliner(root)
    first = next((t.text for t in lines if _NUMBER.match(t.text) or _LETTER.match(t.text)), "")
    return Outliner(root, OLD[1:] if _LETTER.match(first) else OLD)


def _glossary_records(lines: list[Line], doc_id: str) -> list[Sourced]:
    """The closing GLOSSARY: PART I abbreviations and acronyms, PART II definitions."""
    found, _ = glossary.part_records(lines, doc_id)
    return found


def _sourced(records: list[Paragraph], blocks_lines: list[tuple[Line, ...]]) -> list[Sourced]:
    return list(zip(records, blocks_lines, strict=True))


def _main_records(lines: list[Line], doc_id: str, decimal: bool) -> list[Sourced]:
    lead, blocks = outline(lines, _numbering("", decimal, lines))
    recs = block_records(blocks, doc_id, {})
    out = _sourced(recs, [b.lines for b in blocks])
    if lead:
        purpose = Paragraph(doc_id, "Preamble", Kind.PARAGRAPH, ("Preamble",), "",
                            join_lines(t.text for t in lead), pages_of(lead))  # fmt: skip
        out.insert(0, (purpose, tuple(lead)))
    return out


def _enclosure_records(lines: list[Line], doc_id: str, decimal: bool) -> list[Sourced]:
    """The enclosure (or appendix) record, then its paragraphs or references."""
    root, label, parent = _region_root(lines[0].text)
    head = 1
    while head < len(lines) and _title_line(lines[head].text, first=head == 1):
        head += 1
    title = re.sub(r"\s+", " ", " ".join(t.text for t in lines[1:head])).strip()
    heading = f"{label}: {title}" if title else label
    body = lines[head : _appendix_list(lines, head)]
    if title.upper().startswith("REFER"):  # "REFERENCES", and "REFERERENCES" in DoDD 4515.12
        enclosure = _enclosure(doc_id, root, heading, title, lines[:head], [], parent)
        return [enclosure, *_references(body, doc_id, root)]
    body, figures = split_figures(body)
    lead, blocks = outline(body, _numbering(root, decimal, body))
    recs = block_records(blocks, doc_id, {root: (heading,)})
    out = _sourced(recs, [b.lines for b in blocks])
    position = {id(line): i for i, line in enumerate(body)}
    for at, figure in reversed(figures):
        before = sum(1 for b in blocks if position[id(b.lines[0])] < at)
        out[before:before] = _figure_records(figure, root, heading, doc_id, decimal)
    enclosure = _enclosure(doc_id, root, heading, title, lines[:head], lead, parent)
    return [enclosure, *out]


def _figure_records(
    figure: Figure, root: str, heading: str, doc_id: str, decimal: bool
) -> list[Sourced]:
    """A full-page figure under its enclosure ("E10.Figure"), then the figure's own paragraphs.

    The figure's numbers are its own: "paragraph 7.a. of this figure" is "E10.Figure.7.a".
    """
    path = f"{root}.Figure{figure.number}"
    label = f"Figure{' ' + figure.number if figure.number else ''}. {figure.title}"
    body = list(figure.body)
    lead, blocks = outline(body, _numbering(path, decimal, body))
    recs = block_records(blocks, doc_id, {path: (heading, label)})
    source = list(figure.captions) + lead
    rec = Paragraph(doc_id, path, Kind.PARAGRAPH, (heading, label), figure.title,
                    join_lines(t.text for t in lead), pages_of(source), root)  # fmt: skip
    return [(rec, tuple(source)), *_sourced(recs, [b.lines for b in blocks])]


def _region_root(text: str) -> tuple[str, str, str | None]:
    """(path, printed label, parent path) of an ENCLOSURE or APPENDIX ... TO ENCLOSURE line."""
    found = _APPENDIX.match(text)
    if found:
        number, enclosure = found.group(1), found.group(2)
        label = f"APPENDIX {number} TO ENCLOSURE {enclosure}" if number else (
            f"APPENDIX TO ENCLOSURE {enclosure}"
        )  # fmt: skip
        return f"E{enclosure}.AP{number}", label, f"E{enclosure}"
    found = _ENCLOSURE.match(text)
    assert found is not None  # regions start at an ENCLOSURE or APPENDIX line
    if found.group(1) is None:  # a sole enclosure, printed without a number (DoDD 5535.02)
        return "E1", "ENCLOSURE", None
    return f"E{found.group(1)}", f"ENCLOSURE {found.group(1)}", None


def _title_line(text: str, first: bool) -> bool:
    """A line of an enclosure's title: in capitals ("DoD" counts), no paragraph marker.

    The first line only needs a first word in capitals ("REFERENCES, continued"). A bracketed
    placeholder ("[CLASSIFICATION]" in a sample memorandum) is the body's first line.
    """
    words = text.replace("DoD", "DOD").split()
    if not words or _MARKER.match(text) or words[0].startswith("["):
        return False
    if first:
        word = words[0].strip(",.:;")
        return len(word) > 1 and word.isupper()
    return not any(c.islower() for c in "".join(words))


def _appendix_list(lines: list[Line], head: int) -> int:
    """Where an enclosure's closing list of its appendices ("Appendix" and titles) begins."""
    for i in range(max(len(lines) - _LIST_LINES, head), len(lines)):
        if _APPENDIX_LIST.match(lines[i].text):
            return i
    return len(lines)


def _enclosure(
    doc_id: str, path: str, heading: str, title: str, head: list[Line], lead: list[Line],
    parent: str | None,
) -> Sourced:  # fmt: skip
    rec = Paragraph(doc_id, path, Kind.ENCLOSURE, (heading,), title,
                    join_lines(t.text for t in lead), pages_of(head + lead), parent)  # fmt: skip
    return rec, tuple(head + lead)


def _references(lines: list[Line], doc_id: str, parent: str) -> list[Sourced]:
    """One REFERENCE record per "(a)" entry, each under the enclosure that lists them."""
    entries: list[list[Line]] = []
    for line in lines:
        if _ENTRY.match(line.text) or not entries:
            entries.append([line])
        else:
            entries[-1].append(line)
    out: list[Sourced] = []
    for src in entries:
        text = join_lines(t.text for t in src)
        term = designation(text)
        rec = Paragraph(doc_id, "References", Kind.REFERENCE, ("REFERENCES",), term, text,
                        pages_of(src), parent, term)  # fmt: skip
        out.append((rec, tuple(src)))
    return out
