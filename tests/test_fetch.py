"""`policykb fetch` against a real HTTP server on 127.0.0.1 (no patched functions)."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fixtures.fictional_issuance import write_fictional_pdf

from cli.main import main

SOURCES = """
[[source]]
id = "DoDI 9999.01"
title = "Fictional Test Issuance"
effective = "March 3, 2024"
changes = [{{ number = 1, date = "June 5, 2025" }}]
url = "{base}/{name}"
file = "999901p.pdf"
"""


class Server:
    """Serves `routes` (path -> (status, body, delay seconds)) on an ephemeral port."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, bytes, float]] = {}
        routes = self.routes

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                status, body, delay = routes.get(self.path, (404, b"not found", 0.0))
                if delay:
                    threading.Event().wait(delay)
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server()
    yield srv
    srv.httpd.shutdown()
    srv.httpd.server_close()


@pytest.fixture(scope="module")
def pdf_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return write_fictional_pdf(tmp_path_factory.mktemp("fetch") / "f.pdf").read_bytes()


def fetch(tmp_path: Path, server: Server, name: str, *extra: str) -> int:
    sources = tmp_path / "sources.toml"
    sources.write_text(SOURCES.format(base=server.base, name=name))
    return main(["fetch", "--sources", str(sources), "--corpus", str(tmp_path / "corpus"), *extra])


def test_downloads_checks_and_pins(
    tmp_path: Path, server: Server, pdf_bytes: bytes, capsys
) -> None:
    server.routes["/999901p.pdf"] = (200, pdf_bytes, 0.0)
    assert fetch(tmp_path, server, "999901p.pdf") == 0
    assert (tmp_path / "corpus" / "999901p.pdf").read_bytes() == pdf_bytes
    lock = json.loads((tmp_path / "sources.lock").read_text())
    assert lock["DoDI 9999.01"]["url"].endswith("/999901p.pdf")
    assert "downloaded" in capsys.readouterr().out
    server.routes.clear()  # pinned and present: no network needed the second time
    assert fetch(tmp_path, server, "999901p.pdf") == 0
    assert "present" in capsys.readouterr().out


def test_changed_hash_is_refused_unless_update(
    tmp_path: Path, server: Server, pdf_bytes: bytes, capsys
) -> None:
    server.routes["/999901p.pdf"] = (200, pdf_bytes, 0.0)
    assert fetch(tmp_path, server, "999901p.pdf") == 0
    (tmp_path / "corpus" / "999901p.pdf").unlink()
    changed = pdf_bytes + b"\n% republished\n"
    server.routes["/999901p.pdf"] = (200, changed, 0.0)
    assert fetch(tmp_path, server, "999901p.pdf") == 1
    err = capsys.readouterr().err
    assert "differs from the pinned" in err and "--update" in err
    assert not (tmp_path / "corpus" / "999901p.pdf").exists()
    assert fetch(tmp_path, server, "999901p.pdf", "--update") == 0
    assert (tmp_path / "corpus" / "999901p.pdf").read_bytes() == changed


def test_non_pdf_response_is_refused(tmp_path: Path, server: Server, capsys) -> None:
    server.routes["/999901p.pdf"] = (200, b"<html>Access denied</html>", 0.0)
    assert fetch(tmp_path, server, "999901p.pdf") == 1
    err = capsys.readouterr().err
    assert "not a PDF" in err and "Place it by hand" in err and "/999901p.pdf" in err


def test_pdf_of_another_issuance_is_refused(
    tmp_path: Path, server: Server, pdf_bytes: bytes, capsys
) -> None:
    server.routes["/999901p.pdf"] = (200, pdf_bytes, 0.0)
    sources = tmp_path / "sources.toml"
    sources.write_text(
        SOURCES.format(base=server.base, name="999901p.pdf").replace("9999.01", "9999.02")
    )
    assert main(["fetch", "--sources", str(sources), "--corpus", str(tmp_path / "c")]) == 1
    assert "does not name DoDI 9999.02" in capsys.readouterr().err


def test_http_error_and_timeout_fail_with_instructions(
    tmp_path: Path, server: Server, capsys
) -> None:
    assert fetch(tmp_path, server, "missing.pdf") == 1
    err = capsys.readouterr().err
    assert "404" in err and "policykb ingest" in err
    server.routes["/slow.pdf"] = (200, b"%PDF-1.4", 5.0)
    assert fetch(tmp_path, server, "slow.pdf", "--timeout", "0.5") == 1
    assert "download failed" in capsys.readouterr().err


def test_offline_names_url_and_manual_steps(tmp_path: Path, capsys) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(SOURCES.format(base="http://127.0.0.1:9", name="x.pdf"))
    assert main(["fetch", "--sources", str(sources), "--corpus", str(tmp_path / "c")]) == 1
    err = capsys.readouterr().err
    assert "http://127.0.0.1:9/x.pdf" in err and "copy it into" in err
    assert not (tmp_path / "sources.lock").exists()  # nothing pinned, nothing written


def test_url_without_scheme_and_broken_lock_are_messages(tmp_path: Path, capsys) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(SOURCES.format(base="www.esd.whs.mil", name="x.pdf"))
    assert main(["fetch", "--sources", str(sources), "--corpus", str(tmp_path / "c")]) == 1
    err = capsys.readouterr().err
    assert "www.esd.whs.mil/x.pdf: not a usable URL" in err and "Traceback" not in err
    (tmp_path / "sources.lock").write_text("[1]")
    assert main(["fetch", "--sources", str(sources), "--corpus", str(tmp_path / "c")]) == 1
    assert "sources.lock: lock file unreadable" in capsys.readouterr().err


def test_committed_sources_name_the_mission_documents() -> None:
    from ingest.fetch import load_sources

    sources = {
        s.doc_id: s for s in load_sources(Path(__file__).parents[1] / "corpus" / "sources.toml")
    }
    assert sources["DoDI 5400.17"].url.endswith("/dodi/540017p.pdf")
    assert sources["DoDI 1304.35"].url.endswith("/dodi/130435p.pdf")
    assert sources["DoDI 5400.17"].changes == ((1, "January 24, 2023"),)
    assert sources["DoDI 1304.35"].effective == "November 1, 2017"
