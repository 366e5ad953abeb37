"""The unit under load in bench/load.py: one process answering questions over HTTP on loopback.

`GET /ask?q=QUESTION` returns {"version": the index version that answered, "answer": the
`policykb ask --json` payload}; `GET /health` returns the version. Requests run on threads
sharing one Searcher, as the Streamlit app shares one; when the index's `current` version
changes (an ingest finished), the next request opens the new version, as the app does.

    python -m bench.serve_answers --index data/bench/index-samples --port 8765
"""

from __future__ import annotations

import argparse
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from cli.ask import payload
from index import versions
from index.search import Searcher
from index.settings import Settings
from qa.answer import DEFAULT_K, answer_and_hits


class Answers:
    """The current version's Searcher, reopened when `current` moves."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self._lock = threading.Lock()
        self._opened: tuple[str, Searcher] | None = None

    def searcher(self) -> tuple[str, Searcher]:
        """(version name, its Searcher); opens the new one after a swap."""
        name = versions.resolve(self.index_dir).name
        opened = self._opened
        if opened is not None and opened[0] == name:
            return opened
        with self._lock:
            while self._opened is None or self._opened[0] != name:
                searcher = Searcher.open(self.index_dir, Settings(index_dir=self.index_dir))
                self._opened = (name, searcher)
                name = versions.resolve(self.index_dir).name  # moved again while opening?
            return self._opened

    def ask(self, question: str) -> dict[str, Any]:
        """The answer to `question` from whichever version is current, labelled with it."""
        version, searcher = self.searcher()
        result, hits = answer_and_hits(question, searcher, k=DEFAULT_K)
        return {"version": version, "answer": payload(result, hits[:5])}


def handler(answers: Answers) -> type[BaseHTTPRequestHandler]:
    """A request handler bound to `answers`."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlparse(self.path)
            try:
                if url.path == "/health":
                    body: dict[str, Any] = {"version": answers.searcher()[0]}
                elif url.path == "/ask":
                    body = answers.ask(parse_qs(url.query).get("q", [""])[0])
                else:
                    self.send_error(404)
                    return
            except Exception as exc:  # reported to the client, which counts it as an error
                self.send_error(500, repr(exc)[:200])
                return
            data = json.dumps(body, ensure_ascii=False).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: 400 requests would bury the benchmark's own output."""

    return Handler


def main(argv: list[str] | None = None) -> int:
    """Serve until terminated."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    answers = Answers(args.index)
    answers.searcher()  # open before the first request: a client's first answer is warm
    answers.ask("policy")  # loads the query encoder
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler(answers))
    server.daemon_threads = True
    print(f"serving {args.index} on 127.0.0.1:{args.port} (pid {os.getpid()})", flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
