"""List the duties that Responsibilities sections assign, by organisation, each cited.

Reads SECTION 2: RESPONSIBILITIES of modern issuances and the Responsibilities enclosure or
paragraph of older ones. DOC limits the list to one issuance; --org to one organisation, by
acronym or name ("USD(P&R)" and "Under Secretary of Defense for Personnel and Readiness"
alike, acronyms expanded from the issuances' glossaries). Reads only the index's JSON records.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from cli.common import CommandError, example, index_dir, issuances
from index.library import Library
from ingest.citation import format_locator

if TYPE_CHECKING:
    from qa.duties import Duty

EPILOG = example(
    'policykb duties "DoDI 5000.94"\npolicykb duties --org "USD(P&R)" --csv > usdpr.csv'
)


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of `policykb duties`."""
    parser.epilog = EPILOG
    parser.add_argument(
        "doc", nargs="?", metavar="DOC", help='issuance: "DoDI 5000.94" or 5000.94 (default: all)'
    )
    parser.add_argument("--org", metavar="NAME", help='only this organisation, e.g. "USD(P&R)"')
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print a JSON list of duty rows")
    output.add_argument("--csv", action="store_true", help="print CSV with a header row")


def run(args: argparse.Namespace) -> int:
    """Select the duties and print them as text, JSON or CSV."""
    from qa.duties import select
    from qa.duty_table import duty_row, to_csv

    library = Library.load(index_dir(args))
    docs = issuances(library, args.doc) if args.doc else None
    rows = select(library, args.org, docs)
    if not rows:
        raise CommandError(_nothing(library, args.doc, args.org, docs))
    if args.json:
        print(json.dumps([duty_row(d) for d in rows], ensure_ascii=False, indent=2))
    elif args.csv:
        sys.stdout.write(to_csv(rows))
    else:
        print(duties_text(rows))
    return 0


def duties_text(rows: Sequence[Duty]) -> str:
    """Duties for people: a heading per organisation, each lead-in once, each duty cited."""
    lines: list[str] = []
    holders: set[tuple[str, str, str | None]] = set()
    shown: set[tuple[str, str, str | None]] = set()
    for d in rows:
        if d.holder.key not in holders:
            holders.add(d.holder.key)
            lines += ["", f"{d.organisation} ({d.paragraph.doc_id}, {format_locator(d.holder)})"]
        for lead in d.lead_in:
            if lead.key not in shown:
                shown.add(lead.key)
                lines += textwrap.wrap(lead.text, 100, initial_indent="  ", subsequent_indent="  ")
        text = f"{d.paragraph.path}  {d.paragraph.text or d.paragraph.title}"
        lines += textwrap.wrap(text, 100, initial_indent="  ", subsequent_indent="      ")
        lines.append(f"      {d.citation}")
    return "\n".join(lines).strip("\n")


def _nothing(library: Library, doc: str | None, org: str | None, docs: list[str] | None) -> str:
    """Why the selection is empty, and what to try."""
    from qa.duties import organisations, select

    where = ", ".join(docs) if docs else "the index"
    if org:
        known = organisations(select(library, None, docs))[:12]
        hint = "; ".join(known) if known else "none"
        return f"{org}: no duties of this organisation in {where} (organisations there: {hint})"
    return f"{where}: no Responsibilities section found. See the outline with `policykb toc`"
