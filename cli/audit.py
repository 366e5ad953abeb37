"""Audit how issuances parse: per file, records with each known defect, against a baseline.

Counts, per issuance file, the records with a split word ("po licy"), page furniture in the
text, an unsplit item ("... a. Foo. b. Bar"), a bad glossary entry (table header as term, empty,
or several definitions in one), a heading without text or children, or a lead-in ending in ":"
without children. Directories are searched recursively for PDFs and page-text files. Exits 1
when a count rose above the checked-in baseline (each rise is named) or a file cannot be parsed.
Parses only: never loads the embedding model.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cli.common import CommandError, example

if TYPE_CHECKING:
    from ingest.audit import DocumentAudit
    from ingest.audit_baseline import Change

EPILOG = example(
    "policykb audit ../shared/dod-samples\n"
    "policykb audit corpus/540017p.pdf --details\n"
    "policykb audit ../shared/dod-samples --write-baseline"
)
_SHORT = {  # column headings of the table
    "split_word": "split",
    "furniture": "furniture",
    "marker_in_text": "marker",
    "glossary": "glossary",
    "heading_only": "heading",
    "colon_no_children": "colon",
}


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of `policykb audit`."""
    parser.epilog = EPILOG
    parser.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH",
        help="issuance files or directories (default: corpus/)",
    )  # fmt: skip
    parser.add_argument(
        "--baseline", type=Path, default=None, metavar="FILE",
        help="baseline JSON (default: ingest/audit_baseline.json)",
    )  # fmt: skip
    parser.add_argument(
        "--write-baseline", action="store_true",
        help="record the current counts of these files as the baseline",
    )  # fmt: skip
    parser.add_argument("--details", action="store_true", help="list every finding")
    parser.add_argument("--json", action="store_true", help="print JSON (for programs)")


def run(args: argparse.Namespace) -> int:
    """Parse every file, count its defects, compare with (or write) the baseline."""
    from ingest.audit import audit_document
    from ingest.audit_baseline import (
        BASELINE,
        BaselineError,
        compare,
        read_baseline,
        write_baseline,
    )
    from ingest.errors import IngestError
    from ingest.parse import parse_file

    files = issuance_files(args.paths or [Path("corpus")])
    audits: list[DocumentAudit] = []
    errors: list[str] = []
    for path in files:
        try:
            audits.append(audit_document(path.name, parse_file(path)))
        except IngestError as exc:
            errors.append(str(exc))
    baseline_path = args.baseline or BASELINE
    try:
        if args.write_baseline:
            write_baseline(audits, baseline_path)
        rose, fell = compare(audits, read_baseline(baseline_path))
    except BaselineError as exc:
        raise CommandError(str(exc)) from exc
    if args.json:
        report = {
            "baseline": str(baseline_path),
            "documents": [_audit_json(a) for a in audits],
            "rose": [vars(c) for c in rose],
            "fell": [vars(c) for c in fell],
            "errors": errors,
        }
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(table(audits))
        if args.details:
            print(details(audits))
        _summary(rose, fell, errors, baseline_path, args.write_baseline)
    return 1 if rose or errors else 0


def issuance_files(paths: list[Path]) -> list[Path]:
    """Each given file, and under each directory every PDF and page-text file (recursively).

    Raises:
        CommandError: a path does not exist, or nothing to audit was found.
    """
    from ingest.textpages import has_page_markers

    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file())
            out += [
                p for p in found
                if p.suffix.lower() == ".pdf"
                or (p.suffix.lower() in (".txt", ".md") and has_page_markers(p))
            ]  # fmt: skip
        elif path.exists():
            out.append(path)
        else:
            raise CommandError(f"{path}: no such file or directory. Check the path")
    if not out:
        named = ", ".join(str(p) for p in paths)
        raise CommandError(f"{named}: no PDF or page-text issuance to audit")
    return out


def table(audits: list[DocumentAudit]) -> str:
    """Document x category counts as a fixed-width table, with a total row."""
    name_width = max([len(a.file) for a in audits] + [5])
    heads = list(_SHORT.values())
    lines = ["  ".join([f"{'file':<{name_width}}", f"{'records':>7}", *heads])]
    totals = dict.fromkeys(_SHORT, 0)
    for audit in audits:
        counts = audit.counts()
        for category, n in counts.items():
            totals[category] += n
        cells = [f"{counts[c]:>{len(h)}}" for c, h in _SHORT.items()]
        lines.append("  ".join([f"{audit.file:<{name_width}}", f"{audit.records:>7}", *cells]))
    records = sum(a.records for a in audits)
    cells = [f"{totals[c]:>{len(h)}}" for c, h in _SHORT.items()]
    lines.append("  ".join([f"{'total':<{name_width}}", f"{records:>7}", *cells]))
    return "\n".join(lines)


def details(audits: list[DocumentAudit]) -> str:
    """One line per finding: file, category, record, the words that show it."""
    return "\n".join(
        f"{a.file}  {f.category}  {f.path}{f' “{f.term}”' if f.term else ''}: {f.excerpt}"
        for a in audits
        for f in a.findings
    )


def _audit_json(audit: DocumentAudit) -> dict[str, object]:
    return {
        "file": audit.file,
        "doc_id": audit.doc_id,
        "records": audit.records,
        "counts": audit.counts(),
        "findings": [vars(f) for f in audit.findings],
    }


def _summary(
    rose: list[Change], fell: list[Change], errors: list[str], baseline: Path, written: bool
) -> None:
    """What rose (an error), what fell (lower the baseline), what could not be parsed."""
    if written:
        print(f"baseline written: {baseline}")
    for change in fell:
        print(f"fell below the baseline: {change} (lower it with --write-baseline)")
    for change in rose:
        print(f"rose above the baseline: {change}", file=sys.stderr)
    for error in errors:
        print(f"cannot audit: {error}", file=sys.stderr)
