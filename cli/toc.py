"""Print the outline of an issuance: sections, titled paragraphs, glossary and references.

Reads only the index's JSON records, so it answers in well under a second.
"""

from __future__ import annotations

import argparse

from cli.common import example, index_dir, issuances
from index.library import Library, OutlineEntry
from ingest.citation import format_pages
from ingest.records import Kind

EPILOG = example('policykb toc "DoDI 4715.13"')
_GROUP = {Kind.ACRONYM: "Acronyms", Kind.DEFINITION: "Definitions", Kind.REFERENCE: "References"}


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of `policykb toc`."""
    parser.epilog = EPILOG
    parser.add_argument("doc", metavar="DOC", help='issuance: "DoDI 5400.17" or 5400.17')


def run(args: argparse.Namespace) -> int:
    """Print the outline of each matching issuance."""
    library = Library.load(index_dir(args))
    docs = issuances(library, args.doc)
    for doc_id in docs:
        doc = library.documents[doc_id]
        print(f"{doc.doc_id}: {doc.title} ({doc.edition})")
        for entry in library.outline(doc_id):
            print(outline_line(entry))
    return 0


def outline_line(entry: OutlineEntry) -> str:
    """One indented outline line with its page(s)."""
    p = entry.paragraph
    if p.kind in _GROUP:
        label = f"{'' if p.kind is Kind.REFERENCE else p.path + '. '}{_GROUP[p.kind]}"
        label += f" ({entry.count} entries)"
    elif p.kind in (Kind.SECTION, Kind.ENCLOSURE) and p.heading:
        label = p.heading[-1]
    elif p.title:
        label = f"{p.path}{'' if p.path.endswith(')') else '.'} {p.title}"
    else:
        label = p.path
    pages = format_pages(p.pages)
    return f"{'  ' * entry.depth}{label}{'  ' + pages if pages else ''}"
