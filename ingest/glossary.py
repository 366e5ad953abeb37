"""GLOSSARY: G.1 acronyms (one record per acronym) and G.2 definitions (one per term).

The acronym table has two columns. pypdf's reading order can list several acronyms before
their meanings, so positioned lines are split into columns by x; unpositioned text pairs a run
of bare acronyms with the meanings that follow, in order. Table headings ("ACRONYM" and
"MEANING", on one line or two) are no rows. Definitions are read by ``ingest.definitions``.
"""

from __future__ import annotations

import re
from collections import deque

from ingest.definitions import Sourced, definition_records, record
from ingest.pages import Line
from ingest.term_tables import HEAD as TERM_HEAD
from ingest.term_tables import columns
from ingest.wrap import join_lines

_G1 = re.compile(r"^\s*G\s?\.\s?1\s?\.")
_G2 = re.compile(r"^\s*G\s?\.\s?2\s?\.")
_PART = re.compile(
    r"^\s*(?:PART\s+)?(?:[IVXTHl1]{1,3}\s*[.:]\s*)?(ABBREVIATIONS|ACRONYMS|DEFINITIONS)\b[A-Z ,&]*$"
)
_HEAD = re.compile(r"^\s*(?:ACRONYMS?\.?|MEANING|ACRONYM\s+(?:MEANING|DEFINITION)|GLOSSARY)\s*$")
# "IVAinstallation voter assistance": a plain-text extraction glued an acronym cell to its
# meaning; the acronym ends where a lower-case word starts
_GLUED = re.compile(r"^\s*([A-Z][A-Z&/().-]*[A-Z)])([a-z]{2,}(?=\s|$).*)$")
# "MR m" + "anual review": the first letter of the meaning was drawn with the acronym
_STRAY_LETTERS = re.compile(r"^(.*\S)\s+([a-z]{1,3})$")


def records(lines: list[Line], doc_id: str) -> tuple[list[Sourced], list[Line]]:
    """Records of a GLOSSARY region, and its heading lines (which belong to no record)."""
    g1 = next((i for i, t in enumerate(lines) if _G1.match(t.text)), None)
    after = 0 if g1 is None else g1 + 1
    g2 = next((i for i in range(after, len(lines)) if _G2.match(lines[i].text)), len(lines))
    start = g2 if g1 is None else g1 + 1
    headings = lines[:start] + lines[g2 : g2 + 1]
    out, leftover = acronyms(lines[start:g2], doc_id)
    defs, intro = definition_records(lines[g2 + 1 :], doc_id)
    return out + defs, headings + leftover + intro


def part_records(lines: list[Line], doc_id: str) -> tuple[list[Sourced], list[Line]]:
    """Records of an older issuance's GLOSSARY (PART I acronyms, PART II definitions).

    Parts are found by their titles, not their numerals, which OCR garbles ("PART TH.") or
    pypdf splits from "PART"; a glossary may print only "DEFINITIONS".
    """
    parts = {m.group(1)[:3]: i for i, t in enumerate(lines) if (m := _PART.match(t.text))}
    part2 = parts.get("DEF", len(lines))
    part1 = parts.get("ABB", parts.get("ACR", part2))
    out, leftover = acronyms(lines[part1 + 1 : part2], doc_id)
    defs, intro = definition_records(lines[part2 + 1 :], doc_id)
    headings = lines[: part1 + 1] + (lines[part2 : part2 + 1] if part2 > part1 else [])
    return out + defs, headings + leftover + intro


def acronyms(lines: list[Line], doc_id: str) -> tuple[list[Sourced], list[Line]]:
    """One ACRONYM record per row of the G.1 table, and the lines no row took (table head)."""
    positioned = [t for t in lines if t.spans]
    left_x = min((t.spans[0].x for t in positioned), default=0.0)
    pairs: list[tuple[str, list[str], list[Line]]] = []
    waiting: deque[int] = deque()
    leftover: list[Line] = []
    for line in lines:
        head = _HEAD.match(line.text) or TERM_HEAD.match(line.text)
        left, right = ("", "") if head else _acronym_cells(line, left_x, bool(waiting))
        if not (left or right) or (not left and not pairs):
            leftover.append(line)
        elif left:
            pairs.append((left, [right] if right else [], [line]))
            if not right:
                waiting.append(len(pairs) - 1)
        else:
            target = pairs[waiting.popleft()] if waiting else pairs[-1]
            target[1].append(right)
            target[2].append(line)
    found = [record(doc_id, "G.1", term, join_lines(text), src) for term, text, src in pairs]
    return found, leftover


def _acronym_cells(line: Line, left_x: float, meanings_due: bool) -> tuple[str, str]:
    """(acronym, meaning) cells of one G.1 line; either may be empty."""
    if not line.spans:
        return _unpositioned_row(line.text, meanings_due)
    left, right = columns(line, left_x)
    stray = _STRAY_LETTERS.match(left)
    if stray and right[:1].islower():
        return stray.group(1), stray.group(2) + right
    if left and not right:
        return _split_row(left) or (left, "")
    return left, right


def _unpositioned_row(text: str, meanings_due: bool) -> tuple[str, str]:
    """Split an unpositioned acronym line into (acronym, meaning), either may be empty.

    A line that starts with no acronym continues the meaning above ("Department of Defense"
    under "... Chief Financial Officer of the").
    """
    stripped = text.strip()
    glued = _GLUED.match(stripped)
    if glued and glued.group(1).count("(") == glued.group(1).count(")"):
        return glued.group(1), glued.group(2)
    if " " not in stripped and is_acronym(stripped):
        return stripped, ""
    if meanings_due:
        return "", stripped
    return _split_row(stripped) or ("", stripped)


def is_acronym(token: str) -> bool:
    """'DoDD', 'USD(P&R)', 'Div.', 'E.O.' are acronyms; 'Department' or 'form' is a word."""
    capitals = sum(c.isupper() for c in token)
    marked = any(c in "&()/.-" or c.isdigit() for c in token)
    return capitals >= 2 or (capitals == 1 and marked)


def _split_row(text: str) -> tuple[str, str] | None:
    """('DoD CIO', 'Chief Information Officer ...') of a one-line row; None if no acronym leads.

    An acronym of two tokens is taken whole when the second one's capitals are initials of the
    meaning that follows it ("DoD ISRMC DoD Information Security Risk Management Committee",
    "IG DoD Inspector General of the Department of Defense"); otherwise the acronym is the
    first token.
    """
    tokens = list(re.finditer(r"\S+", text))
    if len(tokens) < 2 or not is_acronym(tokens[0].group()):
        return None
    cut = 1
    second = tokens[1].group()
    rest = [t.group() for t in tokens[2:]]
    if len(rest) >= 2 and is_acronym(second) and _initials_of(second, rest):
        cut = 2
    return text[: tokens[cut - 1].end()].strip(), text[tokens[cut].start() :].strip()


def _initials_of(acronym: str, words: list[str]) -> bool:
    """Whether the acronym's capitals appear, in order, among the words' initials."""
    initials = iter(w[0].upper() for w in words if w[0].isalpha())
    return all(letter in initials for letter in acronym if letter.isupper())
