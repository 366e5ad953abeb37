"""Show a paragraph exactly as the issuance prints it, with its pages and children.

Accepts the forms people type: "DoDI 5400.17" "8.2.c.(3)", 5400.17 8.2.c(3), "Paragraph 3.2a.(1)",
G.2 "term", enclosure paragraphs as DoD cites them ("Enclosure 2, paragraph 4.a.(1)", "4.f.(4) of
Enclosure 2") or as stored ("E2.4.a.(1)"), and the whole citation as one argument ("DoDI 4715.13
para 3.3.b."). When nothing matches, the nearest paragraphs are suggested.
"""

from __future__ import annotations

import argparse
import json
import sys

from cli.common import CommandError, example, index_dir, issuances, record_json, record_text
from index.library import Library
from ingest.citation import parse_citation
from ingest.records import Paragraph

EPILOG = example(
    'policykb cite "DoDI 4715.13" 3.2.a.(1)\n'
    'policykb cite 4715.13 "3.2a(1)" --json\n'
    'policykb cite "DoDD 2140.02, Enclosure 4, paragraph 5.c"\n'
    'policykb cite "DoDI 4715.13 para 3.3.b."\n'
    "policykb cite 4715.13 3.3.b --png para.png    # the page, paragraph highlighted\n"
    "policykb cite 4160.28 7.3 --png pages/         # one PNG per page it covers"
)


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of `policykb cite`."""
    parser.epilog = EPILOG
    parser.add_argument(
        "doc", metavar="DOC", help='issuance: "DoDI 5400.17" or 5400.17, or the whole citation'
    )
    parser.add_argument(
        "paragraph", metavar="PARAGRAPH", nargs="?", default=None,
        help='paragraph number: 8.2.c.(3), E2.4.a.(1), "Enclosure 2, paragraph 4.a.(1)"',
    )  # fmt: skip
    parser.add_argument("--json", action="store_true", help="print JSON (for programs)")
    parser.add_argument(
        "--png",
        metavar="FILE|DIR",
        help="also write the cited page as a PNG with the paragraph highlighted: FILE gets its "
        "first page; an existing directory (or a path ending in /) one file per page",
    )


def run(args: argparse.Namespace) -> int:
    """Look the citation up and print the record(s)."""
    library = Library.load(index_dir(args))
    doc, paragraph = args.doc, args.paragraph
    if paragraph is None:  # one argument: "DoDI 4715.13 para 3.3.b."
        doc, paragraph = _split_citation(args.doc)
    docs = issuances(library, doc)
    citation = " ".join([docs[0], paragraph]) if len(docs) == 1 else f"{doc} {paragraph}"
    found = library.resolve(citation)
    if not found:
        raise CommandError(_not_found(library, citation))
    if (args.json or args.png) and len(found) > 1:
        raise CommandError(_ambiguous(found))
    if args.json:
        print(json.dumps(cite_json(library, found[0]), ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(cite_text(library, p) for p in found))
    if args.png:
        from cli.page_png import write_pngs  # PDFium and PIL only when a page is drawn

        for line in write_pngs(library, found[0], args.png, index_dir(args)):
            print(line, file=sys.stderr if args.json else sys.stdout)
    return 0


def _split_citation(text: str) -> tuple[str, str]:
    """(issuance, paragraph) of a whole citation given as one argument.

    Raises:
        CommandError: it names no issuance or no paragraph.
    """
    cited = parse_citation(text)
    if cited.doc is None or cited.path is None:
        missing = "issuance" if cited.doc is None else "paragraph"
        raise CommandError(
            f"{text}: names no {missing}. Give both, e.g. "
            '`policykb cite "DoDI 4715.13 para 3.3.b."` or `policykb cite 4715.13 3.3.b`'
        )
    doc = cited.doc
    name = f"{doc.series} {doc.number}" if doc.series else doc.number
    volume = f", Volume {doc.volume}" if doc.volume else ""
    term = f' "{cited.term}"' if cited.term else ""
    return name + volume, cited.path + term


def cite_json(library: Library, p: Paragraph) -> dict[str, object]:
    """One record (no score) with its direct children: the cite --json contract."""
    return {**record_json(p), "children": [record_json(c) for c in library.children(p)]}


def cite_text(library: Library, p: Paragraph) -> str:
    """The record, the lead-ins it continues, and its children."""
    doc = library.documents.get(p.doc_id)
    parts = [record_text(doc, p)]
    leads = library.lead_in(p)
    if leads:
        parts.insert(0, "\n".join(f"(continues {a.path}: {a.text})" for a in leads))
    kids = library.children(p)
    if kids:
        parts.append("\n\n".join(record_text(doc, c, "    ") for c in kids))
    return "\n\n".join(parts)


def _not_found(library: Library, citation: str) -> str:
    """The error for a citation that matched nothing, with the nearest paragraphs."""
    near = library.suggest(citation)
    hint = "; did you mean " + ", ".join(f"{p.doc_id} {p.path}" for p in near) if near else ""
    return f"{citation}: no such paragraph{hint}. See the outline with `policykb toc`"


def _ambiguous(found: list[Paragraph]) -> str:
    """The error for a --json citation that names several records: volumes or glossary terms."""
    docs = list(dict.fromkeys(p.doc_id for p in found))
    if len(docs) > 1:
        named = ", ".join(f'"{d}"' for d in docs)
        return f"{found[0].path} is in {len(docs)} issuances ({named}); name one as DOC"
    terms = ", ".join(f'"{p.term}"' for p in found[:8] if p.term)
    return (
        f"{found[0].doc_id} {found[0].path} holds {len(found)} entries ({terms}...); "
        f'name one: cite "{found[0].doc_id}" \'{found[0].path} "TERM"\''
    )
