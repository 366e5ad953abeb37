"""Take issuances out of the index; the PDFs stay where they are.

The index is rewritten without them in one atomic step (as `policykb ingest` writes), so a
reader sees it with or without them. Ingesting the PDF again brings a document back, and so
does the next `policykb ingest corpus/` if its PDF is still in corpus/.
"""

from __future__ import annotations

import argparse

from cli.common import CommandError, example, index_dir, issuances
from index.library import Library

EPILOG = example('policykb remove "DoDI 4715.13"\npolicykb remove 5000.94 --index /tmp/idx')


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of `policykb remove`."""
    parser.epilog = EPILOG
    parser.add_argument(
        "docs", nargs="+", metavar="DOC", help='issuance to remove: "DoDI 5400.17" or 5400.17'
    )


def run(args: argparse.Namespace) -> int:
    """Resolve the names, remove the documents and say what is left."""
    from index.remove import remove_documents
    from index.settings import Settings

    settings = Settings.from_env(index_dir=index_dir(args))
    library = Library.load(settings.index_dir)
    doc_ids = [_one(library, name) for name in args.docs]
    removed = remove_documents(settings.index_dir, doc_ids, settings)
    print(
        f"Removed {', '.join(removed.doc_ids)} ({removed.paragraphs} paragraphs). "
        f"Index {settings.index_dir}: {removed.total_documents} documents, "
        f"{removed.total_paragraphs} paragraphs."
    )
    for doc_id, source in removed.sources.items():
        print(f"{doc_id} was ingested from {source}; that file is unchanged.")
    return 0


def _one(library: Library, name: str) -> str:
    """The one document `name` names; a number several volumes share must say which."""
    found = issuances(library, name)
    if len(found) > 1:
        named = ", ".join(f'"{d}"' for d in found)
        raise CommandError(f"{name} names {len(found)} issuances ({named}); name one to remove")
    return found[0]
