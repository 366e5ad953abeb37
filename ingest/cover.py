"""Read an issuance's cover page into document metadata.

Modern covers print "DOD INSTRUCTION 4715.13", the title in capitals and labelled fields
("Originating Component:", "Effective:", "Change 1 Effective:", "Purpose:" ...). Older covers
print "Department of Defense INSTRUCTION", "NUMBER 2030.08", the date, "Incorporating Change 1,
May 24, 2017" and "SUBJECT: ...".
"""

from __future__ import annotations

import re
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
_CHANGE_LEAD = re.compile(r"^\s*Change \d+(?: \([A-Za-z]+\))?\s*$")
_SMALL = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}


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
    fields = _fields(lines[idx + 1 :])
    title_lines = [t for t, label in _title_lines(lines[idx + 1 :]) if not label]
    values = dict(fields)
    changes = tuple(
        Change(int(m.group(1)), values[key])
        for key in values
        if (m := re.fullmatch(r"Change (\d+) Effective", key))
    )
    return Cover(
        doc_id=doc_id(found.group(1), found.group(2), found.group(3)),
        title=title_case(" ".join(title_lines)),
        effective=values.get("Effective", ""),
        changes=tuple(sorted(changes, key=lambda c: c.number)),
        fields=tuple((k, v) for k, v in fields if k != "Purpose"),
        purpose=values.get("Purpose", ""),
    )


def _title_lines(lines: list[str]) -> list[tuple[str, bool]]:
    """Lines up to the first label, flagged True once the labelled fields begin."""
    out, seen_label = [], False
    for text in lines:
        seen_label = seen_label or _is_label(text)
        out.append((text, seen_label))
    return out


def _is_label(text: str) -> bool:
    """'Originating Component: ...' is a label; a title in capitals with a colon is not."""
    found = _LABEL.match(text)
    return found is not None and "," not in found.group(1) and not found.group(1).isupper()


def _fields(lines: list[str]) -> list[tuple[str, str]]:
    """Collect 'Label: value' fields whose values may wrap over several lines."""
    fields: list[tuple[str, list[str]]] = []
    pending = ""
    for text in lines:
        if _CHANGE_LEAD.match(text):
            pending = text.strip() + " "
            continue
        found = _LABEL.match(pending + text.strip())
        if found and _is_label(found.group(0)):
            fields.append((found.group(1), [found.group(2)]))
        elif fields:
            fields[-1][1].append(text)
        pending = ""
    return [(label, _value(label, parts)) for label, parts in fields]


def _value(label: str, parts: list[str]) -> str:
    """Join a field's lines; the purpose keeps one line per bullet."""
    if label != "Purpose":
        return join_lines(parts)
    chunks: list[list[str]] = [[]]
    for part in parts:
        if re.match(r"^\s*[•o▪\-]\s", part):
            chunks.append([])
        chunks[-1].append(part)
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
    fields = _fields(lines)
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
        if _is_label(text) or not text.strip():
            break
        parts.append(text)
    return join_lines(parts)
