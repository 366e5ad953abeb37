"""DoD citations both ways: read loose user forms, write the one canonical form.

Users type paragraph numbers the way they see them printed or half remember them
("8.2.c(3)", "Paragraph 3.2a.(1)", "5400.17 8.2.c.(3)"); the index stores the canonical path
the parser produces ("8.2.c.(3)"). Everything that compares or prints a citation goes through
this module so the two never drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.records import Document, Kind, Paragraph

# One paragraph level: enclosure "E2", a number, a letter or doubled letter ("aa"), "(3)"/"(c)".
# An appendix to an enclosure ("E9.AP.2.b", "E3.AP2.1") and a figure's own numbered paragraphs
# ("E10.Figure.7.a") are levels of their own, named as the parser names them.
_PART = r"AP\d*|Figure"
_LEVEL = re.compile(rf"{_PART}|E\d+|\d+|([a-z])\1*|\([0-9a-z]{{1,4}}\)", re.IGNORECASE)
_APPENDIX = re.compile(r"^E(\d+)\.(AP(\d*)|Figure)(?:\.(.+))?$")
_LETTERS = re.compile(r"[a-z]+", re.IGNORECASE)
_DOC = re.compile(
    r"(?:\b(?P<series>DoD[IDM]|DoD\s+(?:Instruction|Directive|Manual))\s*)?"
    r"\b(?P<number>\d{4}\.\d{1,2}(?:-[A-Z])?)\b"
    r"(?:,?\s*(?:Volume|Vol\.?)\s*(?P<volume>\d+))?",
    re.IGNORECASE,
)
_QUOTES = "\"'\u2018\u2019\u201c\u201d"  # straight and typographic quotes
_TERM = re.compile(f"[{_QUOTES}](?P<term>[^{_QUOTES}]+)[{_QUOTES}]")
_EN_DASH = "\u2013"
_NOISE = re.compile(
    r"\b(?:paragraphs?|paras?\.?|subparagraphs?|section|§|of|in)\b|[,;§]", re.IGNORECASE
)
_ENCLOSURE = re.compile(r"\b(?:enclosure|encl\.?)\s*(\d+)\b", re.IGNORECASE)
# "4.f.(4) of Enclosure 2", "paragraph 4.a, Enclosure 2": the enclosure named after the paragraph
_ENCLOSURE_AFTER = re.compile(
    r"^(?P<para>.*?\d.*?)[\s,]+(?:(?:of|in)\s+)?(?:the\s+)?(?:enclosure|encl\.?)\s*(?P<n>\d+)\W*$",
    re.IGNORECASE,
)
# What a printed citation carries after the locator: ", p. 21", ", pp. 21-22", "(Aug 12, 2022)"
_PAGES = re.compile(r",?\s*\bpp?\.\s*\d+(?:\s*[\u2013-]\s*\d+)?")
_EDITION = re.compile(r"\s*\([^()]*\b\d{4}\b[^()]*\)\s*$")
_GLOSSARY = re.compile(r"\bglossary\b[\s,]*(?:G\b\.?)?", re.IGNORECASE)
_SERIES = {"instruction": "DoDI", "directive": "DoDD", "manual": "DoDM"}


@dataclass(frozen=True)
class DocRef:
    """An issuance as a user names it: series optional, number normalised ("5535.4" -> "5535.04").

    Attributes:
        series: "DoDI", "DoDD" or "DoDM"; None when the user gave the number only.
        number: "5400.17" with a two-digit minor part, as current DoD numbering prints it.
        volume: manual volume, None when not given.
    """

    series: str | None
    number: str
    volume: int | None = None

    def matches(self, doc_id: str) -> bool:
        """Whether `doc_id` ("DoDM 4160.28, Volume 1") is the issuance this reference names."""
        other = parse_doc(doc_id)
        if other is None or other.number != self.number:
            return False
        if self.series and other.series and self.series != other.series:
            return False
        return self.volume is None or self.volume == other.volume


@dataclass(frozen=True)
class Citation:
    """A parsed user citation; every part may be missing ("8.2.c(3)" alone has no document)."""

    doc: DocRef | None
    path: str | None
    term: str | None = None


def parse_doc(text: str) -> DocRef | None:
    """The first issuance reference in `text`, or None when it names none."""
    m = _DOC.search(text)
    if m is None:
        return None
    series = m["series"]
    if series:
        word = series.split()[-1].lower()
        series = _SERIES.get(word, "DoD" + series[-1].upper())
    major, _, minor = m["number"].partition(".")
    minor, dash, suffix = minor.partition("-")
    number = f"{major}.{int(minor):02d}{dash}{suffix.upper()}"
    return DocRef(series, number, int(m["volume"]) if m["volume"] else None)


def normalise_path(text: str) -> str:
    """The canonical paragraph path of a loosely typed one.

    Letter and digit levels end with "."; a parenthesised level follows its parent's "."
    directly and a level after a parenthesised one abuts it: "8.2.c(3)" -> "8.2.c.(3)",
    "3.2a.(1)" -> "3.2.a.(1)", "1.2.r.(2).(c)" -> "1.2.r.(2)(c)", "3.3.b.(3)(a).1" ->
    "3.3.b.(3)(a)1", "Enclosure 2, paragraph 1.a." and "1.a. of Enclosure 2" -> "E2.1.a".
    Text that holds no level (e.g. "References", "Purpose") is returned stripped.
    """
    after = _ENCLOSURE_AFTER.match(text.strip())
    if after and not _ENCLOSURE.search(after["para"]):
        text = f"Enclosure {after['n']}, {after['para']}"
    text = _ENCLOSURE.sub(lambda m: f"E{m[1]}.", text)
    text = _GLOSSARY.sub("G.", text)
    stripped = _NOISE.sub(" ", text).strip().rstrip(".")
    levels = _levels(stripped)
    if not levels:
        return text.strip()
    first = levels[0].upper() if levels[0] in ("g", "G") or levels[0][0] in "eE" else levels[0]
    return join_levels([first] + [_canonical(lv) for lv in levels[1:]])


def _canonical(level: str) -> str:
    """A level as the parser writes it: letters lower-case, "AP2" and "Figure" as named."""
    if re.fullmatch(_PART, level, re.IGNORECASE):
        return "Figure" if level.lower() == "figure" else level.upper()
    return level.lower()


def _levels(text: str) -> list[str]:
    """The levels of `text` when it is a paragraph number and nothing else, else []."""
    if not text or not re.fullmatch(r"[\s.()0-9A-Za-z]+", text):
        return []
    # Letter levels are one letter or a doubled one ("aa"); a longer word is not a number.
    words = _LETTERS.findall(re.sub(_PART, " ", text, flags=re.IGNORECASE))
    if any(len(set(run.lower())) > 1 for run in words):
        return []
    levels = [m[0] for m in _LEVEL.finditer(text)]
    return levels if "".join(levels) == re.sub(r"[\s.]", "", text) else []


def path_levels(path: str) -> list[str]:
    """The levels of a canonical path: "1.2.r.(2)(c)" -> ["1", "2", "r", "(2)", "(c)"].

    A path that is not numbered ("References", "Purpose") is its own single level.
    """
    return _levels(path) or [path]


def join_levels(levels: list[str]) -> str:
    """Inverse of `path_levels`: levels take "." except after a parenthesised one.

    DoD prints "1.2.r.(2)(c)" and, for the underlined fifth level, "3.3.b.(3)(a)1".
    """
    out = ""
    for level in levels:
        if out and not out.endswith(")"):
            out += "."
        out += level
    return out


def is_within(path: str, ancestor: str) -> bool:
    """Whether `path` is `ancestor` or lies below it ("3.2.a.(1)" is within "3.2")."""
    mine, theirs = path_levels(normalise_path(path)), path_levels(normalise_path(ancestor))
    return mine[: len(theirs)] == theirs


def parse_citation(text: str) -> Citation:
    """Read a user's citation: '"DoDI 5400.17" "8.2.c.(3)"', "5400.17 8.2.c(3)", "G.2 'term'".

    Enclosure paragraphs are read in DoD's words ("DoDD 4515.12, Enclosure 2, paragraph
    4.a.(1)", "4.f.(4) of Enclosure 2") and as stored ("E2.4.a.(1)"); a whole printed citation
    ("..., p. 7 (Jan 15, 2010)") reads as its locator. A quoted part that is neither an
    issuance nor a paragraph number is a glossary or reference term.
    """
    text = _PAGES.sub("", _EDITION.sub("", text))
    term = None
    for m in reversed(list(_TERM.finditer(text))):
        inner = m["term"].strip()
        if parse_doc(inner) is None and not _levels(normalise_path(inner)):
            term = inner
            inner = ""
        text = f"{text[: m.start()]} {inner} {text[m.end() :]}"
    doc = parse_doc(text)
    rest = _DOC.sub(" ", text, count=1) if doc else text
    path = normalise_path(rest) if rest.strip(" ,.") else None
    return Citation(doc, path or None, term)


def format_pages(pages: tuple[int, ...]) -> str:
    """ "p. 21" or "pp. 21-22" with an en dash (first to last page); empty when unknown."""
    if not pages:
        return ""
    if len(pages) == 1 or pages[0] == pages[-1]:
        return f"p. {pages[0]}"
    return f"pp. {pages[0]}{_EN_DASH}{pages[-1]}"


def format_locator(p: Paragraph) -> str:
    """How DoD cites the record inside its issuance.

    "para. 8.2.c.(3)", "Section 3", "Enclosure 2", "Enclosure 2, paragraph 4.a.(1)" (the record
    path "E2.4.a.(1)"), "Glossary, G.2 “term”", "References, “title”", "Purpose".
    """
    if p.kind in (Kind.ACRONYM, Kind.DEFINITION):
        return f"Glossary, {p.path} “{p.term}”" if p.term else f"Glossary, {p.path}"
    if p.kind is Kind.REFERENCE:
        return f"References, “{p.term}”" if p.term else "References"
    if p.kind is Kind.PURPOSE:
        return "Purpose"
    if p.kind is Kind.SECTION:
        return f"Section {p.path}"
    if p.kind is Kind.ENCLOSURE:
        return f"Enclosure {p.path.removeprefix('E')}"
    part = _APPENDIX.match(p.path)
    if part:  # "Appendix to Enclosure 9, paragraph 2.b", "Figure in Enclosure 10, paragraph 7.a"
        number, kind, appendix, rest = part[1], part[2], part[3], part[4]
        where = (
            f"Appendix {appendix} to"
            if appendix
            else ("Appendix to" if kind.startswith("AP") else "Figure in")
        )
        located = f"{where} Enclosure {number}"
        return f"{located}, paragraph {rest}" if rest else located
    enclosure, _, rest = p.path.partition(".")
    if enclosure[:1] == "E" and enclosure[1:].isdigit() and rest:
        return f"Enclosure {enclosure[1:]}, paragraph {rest}"  # as DoD cites enclosure paragraphs
    return f"para. {p.path}"


def format_citation(doc: Document, paragraph: Paragraph) -> str:
    """The full citation a reader can check against the PDF.

    Examples: "DoDI 5400.17, para. 8.2.c.(3), p. 21 (Aug 12, 2022, incorporating Change 1,
    Jan 24, 2023)"; "DoDD 4515.12, Enclosure 2, paragraph 4.a.(1), p. 7 (Jan 15, 2010)".
    """
    parts = [doc.doc_id, format_locator(paragraph)]
    pages = format_pages(paragraph.pages)
    if pages:
        parts.append(pages)
    return f"{', '.join(parts)} ({doc.edition})"
