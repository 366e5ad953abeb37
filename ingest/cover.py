"""Read an issuance's cover page into document metadata.

Modern covers print "DOD INSTRUCTION 4715.13", the title in capitals and a known set of labelled
fields ("Originating Component:", "Effective:", "Change 1 Effective:", "Releasability:",
"Reissues and Cancels:", "Approved by:", "Purpose:" ...). Only those labels start a field: a
Purpose line such as "Implements a formal process to:" or a wrapped "Website at https://..."
has a colon too and is text. Some covers drop the colon after a change's date label
("Change 1 Effective October 21, 2022"). Older covers print "Department of Defense
INSTRUCTION", "NUMBER 2030.08", the date, "Incorporating Change 1, May 24, 2017" and
"SUBJECT: ...".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ingest.layout import DATE
from ingest.records import Change
from ingest.wrap import join_lines

_KINDS = {"INSTRUCTION": "DoDI", "DIRECTIVE": "DoDD", "MANUAL": "DoDM"}
MODERN_ID = re.compile(
    r"^\s*DOD\s+(INSTRUCTION|DIRECTIVE|MANUAL)\s+(\d{4}\.\d{2,3}(?:-\w+)?)(?:,\s*VOLUME\s+(\d+))?",
    re.IGNORECASE,
)
_LABEL = re.compile(r"^\s*([A-Z][A-Za-z0-9]*(?: [A-Za-z0-9()]+){0,5})\s*:\s*(.*)$")
_CHANGE = r"Change \d+(?: \([A-Za-z]+\))?"
_CANCELS = r"(?:Reissues|Incorporates|Cancels)(?:,? (?:and )?(?:Reissues|Incorporates|Cancels))*"
_MODERN_LABEL = re.compile(
    rf"^\s*(?P<label>Originating Component|Releasability|{_CANCELS}|Purpose"
    rf"|(?:{_CHANGE} )?(?:Effective|Approved [Bb]y))"
    rf"(?:\s*:|(?<=Effective)(?=\s+{DATE}))\s*(?P<value>.*)$"
)
_CHANGE_LEAD = re.compile(rf"^\s*{_CHANGE}\s*$")
_SMALL = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}
Label = tuple[str, str]  # (field label as printed, start of its value)


@dataclass(frozen=True)
class Cover:
    """What a cover page says, before it becomes a ``Document``."""

    doc_id: str
    title: str
    effective: str
    changes: tuple[Change, ...]
    fields: tuple[tuple[str, str], ...]
    purpose: str


def doc_id(kind: str, number: str, volume: str | None) -> str:
    """'INSTRUCTION', '4715.13', None -> 'DoDI 4715.13'; manuals add ', Volume n'."""
    prefix = _KINDS.get(kind.upper(), "DoD")
    return f"{prefix} {number}" + (f", Volume {int(volume)}" if volume else "")


def title_case(text: str) -> str:
    """Normalise a title printed in capitals: 'DOD OPERATIONAL NOISE' -> 'DoD Operational Noise'.

    Parenthesised acronyms and words with digits or periods stay as printed; text that is not
    all capitals is returned unchanged (only collapsed blanks).
    """
    text = re.sub(r"\s+", " ", text).strip()
    if any(c.islower() for c in text):
        return text
    words = []
    for i, word in enumerate(text.split(" ")):
        core = word.strip('(),:;"“”')
        if core == "DOD":
            words.append(word.replace("DOD", "DoD"))
        elif word.startswith("(") or any(c.isdigit() or c == "." for c in core):
            words.append(word)
        elif i and core.lower() in _SMALL:
            words.append(word.lower())
        else:
            words.append(re.sub(r"[A-Z]+", lambda m: m.group(0).capitalize(), word, count=1))
    return " ".join(words)


def read_modern(lines: list[str]) -> Cover | None:
    """Parse a modern cover page (its lines top to bottom); None if it is not one."""
    idx = next((i for i, t in enumerate(lines) if MODERN_ID.match(t)), None)
    if idx is None:
        return None
    found = MODERN_ID.match(lines[idx])
    assert found is not None  # for mypy: idx was chosen by this very match
    after = lines[idx + 1 :]
    first = next((i for i, t in enumerate(after) if _modern_label(t)), len(after))
    fields = _fields(after[first:], _modern_label, last="Purpose")
    values = dict(fields)
    changes = tuple(
        Change(int(m.group(1)), values[key])
        for key in values
        if (m := re.fullmatch(r"Change (\d+)(?: \(\w+\))? Effective", key))
    )
    return Cover(
        doc_id=doc_id(found.group(1), found.group(2), found.group(3)),
        title=title_case(" ".join(after[:first])),
        effective=values.get("Effective", ""),
        changes=tuple(sorted(changes, key=lambda c: c.number)),
        fields=tuple((k, v) for k, v in fields if k != "Purpose"),
        purpose=values.get("Purpose", ""),
    )


def _modern_label(text: str) -> Label | None:
    """('Change 1 Effective', 'June 25, 2020') when a line starts a modern cover field."""
    found = _MODERN_LABEL.match(text)
    return (found.group("label"), found.group("value")) if found else None


def _old_label(text: str) -> Label | None:
    """('References', 'See Enclosure 1') for a 'Label: value' line of an older cover.

    A title in capitals with a colon ("SUBJECT:") is not a field.
    """
    found = _LABEL.match(text)
    if found is None or "," in found.group(1) or found.group(1).isupper():
        return None
    return found.group(1), found.group(2)


def _fields(
    lines: list[str], label: Callable[[str], Label | None], last: str = ""
) -> list[tuple[str, str]]:
    """Collect labelled fields whose values may wrap over several lines.

    Args:
        lines: cover lines from the first field on (earlier lines belong to no field).
        label: reads a line that starts a field into (label, start of value), else None.
        last: a label after which no field follows: every later line is its value.
    """
    fields: list[tuple[str, list[str]]] = []
    pending = ""
    for text in lines:
        if fields and fields[-1][0] == last:
            fields[-1][1].append(text)
            continue
        if _CHANGE_LEAD.match(text):
            pending = text.strip() + " "
            continue
        found = label(pending + text.strip())
        if found:
            fields.append((found[0], [found[1]]))
        elif fields:
            fields[-1][1].append(text)
        pending = ""
    return [(name, _value(name, parts)) for name, parts in fields]


_BULLET = re.compile(r"^\s*[•o▪\-]\s")


def _value(label: str, parts: list[str]) -> str:
    """Join a field's lines; the purpose keeps one line per bullet.

    Some copies lose the purpose's first-level bullet glyphs; after the lead-in that ends in a
    colon, a line that starts with a capital after a finished sentence still starts an item.
    """
    if label != "Purpose":
        return join_lines(parts)
    chunks: list[list[str]] = [[]]
    in_list = False
    for part in parts:
        previous = chunks[-1][-1].rstrip() if chunks[-1] else ""
        unmarked = in_list and previous.endswith((".", ":")) and part.lstrip()[:1].isupper()
        if _BULLET.match(part) or unmarked:
            chunks.append([])
        chunks[-1].append(part)
        in_list = in_list or part.rstrip().endswith(":")
    return "\n".join(join_lines(c) for c in chunks if join_lines(c))


_OLD_KIND = re.compile(r"^\s*(INSTRUCTION|DIRECTIVE|MANUAL)\s*$", re.IGNORECASE)
_OLD_NUMBER = re.compile(r"^\s*NUMBER\s+([\d.]+(?:-[A-Z0-9]+)?)(?:,?\s*Volume\s+(\d+))?", re.I)
_INCORPORATING = re.compile(rf"Incorporating Change (\d+),?\s*(?:Effective\s+)?({DATE})", re.I)


def read_old(lines: list[str]) -> Cover | None:
    """Parse an older cover block (lines before "1. PURPOSE"); None if it is not one."""
    kind = next((m.group(1) for t in lines if (m := _OLD_KIND.match(t))), None)
    number = next((m for t in lines if (m := _OLD_NUMBER.match(t))), None)
    if kind is None or number is None:
        return None
    after = lines[next(i for i, t in enumerate(lines) if _OLD_NUMBER.match(t)) :]
    effective = next((m.group(0) for t in after[1:] if (m := re.match(DATE, t.strip()))), "")
    changes = tuple(
        Change(int(m.group(1)), m.group(2)) for t in lines if (m := _INCORPORATING.search(t))
    )
    fields = _fields(lines, _old_label)
    return Cover(
        doc_id=doc_id(kind, number.group(1), number.group(2)),
        title=title_case(_subject(lines)),
        effective=effective,
        changes=changes,
        fields=tuple(fields),
        purpose="",
    )


def _subject(lines: list[str]) -> str:
    """The SUBJECT: line and its continuation, up to the "References:" line."""
    start = next((i for i, t in enumerate(lines) if re.match(r"^\s*SUBJECT\s*:", t)), None)
    if start is None:
        return ""
    parts = [lines[start].split(":", 1)[1]]
    for text in lines[start + 1 :]:
        if _old_label(text) or not text.strip():
            break
        parts.append(text)
    return join_lines(parts)
