"""Ask a question; prints the composed answer: verdict, quoted governing sentences, citations.

Retrieval and composition live in `qa.answer` (the app calls the same function); this module
only parses arguments and chooses between the terminal text and the JSON contract.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import TYPE_CHECKING

from cli.common import CommandError, example, index_dir, issuances, record_json
from index.query import clean

if TYPE_CHECKING:
    from collections.abc import Sequence

    from index.search import Searcher
    from qa.ports import HitLike
    from qa.records import Answer

BOLD = ("\033[1m", "\033[0m")  # matched sentences on a terminal; invisible when copied
EPILOG = example('policykb ask "Can I like an official post from my personal account?"')


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of `policykb ask`."""
    parser.epilog = EPILOG
    parser.add_argument("question", help="the question, in quotes")
    parser.add_argument(
        "-k", type=int, default=5, help="ranked paragraphs listed in --json results (default 5)"
    )
    parser.add_argument(
        "--doc",
        action="append",
        metavar="ID",
        help='only this issuance ("DoDI 5400.17" or 5400.17); repeatable',
    )
    parser.add_argument(
        "--json", action="store_true", help="print JSON: ranked results plus the answer"
    )


def run(args: argparse.Namespace) -> int:
    """Answer and print; the model loads here, not at import.

    The optional LLM synthesis is used only when POLICYKB_LLM_URL is set (qa.llm).
    """
    from index.search import Searcher
    from index.settings import Settings
    from qa.answer import DEFAULT_K, answer_and_hits
    from qa.llm import LLMClient
    from qa.render import to_text

    if args.k < 1:
        raise CommandError("-k must be at least 1")
    # One question, then exit: starting ONNX Runtime (~0.8 s) would cost more than it saves.
    engine = os.environ.get("POLICYKB_QUERY_ENGINE", "numpy")
    settings = Settings.from_env(index_dir=index_dir(args), query_engine=engine)
    clean(args.question, settings.max_query_chars)  # fail fast, before the model loads
    searcher = Searcher.open(settings.index_dir, settings)
    result, hits = answer_and_hits(
        args.question,
        searcher,
        k=max(args.k, DEFAULT_K),
        doc_ids=documents(searcher, args.doc),
        llm=LLMClient.from_env(),
    )
    if args.json:
        print(json.dumps(payload(result, hits[: args.k]), ensure_ascii=False, indent=2))
    else:
        print(to_text(result, BOLD if _colour() else ("", "")))
    return 0


def payload(answer: Answer, hits: Sequence[HitLike]) -> dict[str, object]:
    """The `ask --json` output: the core contract plus the composed answer.

    Core contract: {"question", "results": [cli.common.record_json with "score"]}; the keys of
    qa.render.to_json ("answer", "verdict", "abstained", "citations", ...) sit beside it.
    """
    from qa.render import to_json  # qa loads only when asked, never for cite/toc

    results = [record_json(h.paragraph, h.score) for h in hits]
    return {"question": answer.question, "results": results, **to_json(answer)}


def documents(searcher: Searcher, names: list[str] | None) -> list[str] | None:
    """Document ids the --doc options name (None: all); an unknown one is an error."""
    if not names:
        return None
    return [doc_id for name in names for doc_id in issuances(searcher.library, name)]


def _colour() -> bool:
    """Whether to emphasise with ANSI codes: stdout is a terminal and NO_COLOR is unset."""
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ
