"""The audit's checked-in baseline: per issuance file, the defect counts accepted for now.

The audit fails when a count rises above its baseline, so a parser change that brings a defect
back (or a new one) is caught by the test suite; a count that falls is reported so that the
baseline can be lowered with ``policykb audit --write-baseline``. A file the baseline does not
list is held to zero in every category.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ingest.audit import DocumentAudit

BASELINE = Path(__file__).with_name("audit_baseline.json")
Counts = Mapping[str, Mapping[str, int]]  # file name -> category -> records
_NOTE = (
    "Accepted defect counts per sample file, written by `policykb audit --write-baseline`; "
    "`policykb audit` fails when a count rises above these. Keep categories that are fixed at 0."
)


class BaselineError(ValueError):
    """A baseline file that cannot be read; the message names the file, problem and fix."""


@dataclass(frozen=True)
class Change:
    """A category whose count differs from the baseline in one file."""

    file: str
    category: str
    baseline: int
    count: int

    def __str__(self) -> str:
        return f"{self.file}: {self.category} {self.baseline} -> {self.count}"


def read_baseline(path: Path = BASELINE) -> dict[str, dict[str, int]]:
    """File name -> category -> accepted count.

    Raises:
        BaselineError: the file is missing, not JSON, or not shaped as ``write_baseline`` writes.
    """
    fix = "Write it again with `policykb audit --write-baseline PATH ...`"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BaselineError(f"{path}: no such baseline file. {fix}") from exc
    except (OSError, ValueError) as exc:
        raise BaselineError(f"{path}: not a readable JSON baseline ({exc}). {fix}") from exc
    documents = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(documents, dict) or not all(
        isinstance(counts, dict) and all(isinstance(n, int) for n in counts.values())
        for counts in documents.values()
    ):
        raise BaselineError(f'{path}: expected {{"documents": {{FILE: {{CATEGORY: N}}}}}}. {fix}')
    return {name: dict(counts) for name, counts in documents.items()}


def write_baseline(audits: Iterable[DocumentAudit], path: Path = BASELINE) -> None:
    """Record the audited files' counts, keeping the entries of files not audited this time."""
    documents: dict[str, dict[str, int]] = {}
    if path.exists():
        documents = read_baseline(path)
    for audit in audits:
        documents[audit.file] = audit.counts()
    rows = [f"    {json.dumps(name)}: {json.dumps(documents[name])}" for name in sorted(documents)]
    body = ",\n".join(rows)  # one line per file: a diff shows which counts moved
    text = f'{{\n  "note": {json.dumps(_NOTE)},\n  "documents": {{\n{body}\n  }}\n}}\n'
    path.write_text(text, encoding="utf-8")


def compare(audits: Iterable[DocumentAudit], baseline: Counts) -> tuple[list[Change], list[Change]]:
    """(counts that rose above the baseline, counts that fell below it), file by file."""
    rose: list[Change] = []
    fell: list[Change] = []
    for audit in audits:
        accepted = baseline.get(audit.file, {})
        for category, count in audit.counts().items():
            change = Change(audit.file, category, accepted.get(category, 0), count)
            if count > change.baseline:
                rose.append(change)
            elif count < change.baseline:
                fell.append(change)
    return rose, fell
