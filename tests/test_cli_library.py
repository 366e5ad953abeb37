"""`policykb duties`, `policykb remove`, a closed pipe, and where data goes, on real indexes."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_index_build import fictional_index, fictional_pdf

from cli.common import CommandError
from cli.main import EXIT_BROKEN_PIPE, main
from cli.remove import _one
from index import parse_warnings
from index.build import ingest_paths
from index.errors import IndexBusyError, UnknownDocumentError
from index.library import Library
from index.page_sources import PageSources
from index.remove import remove_documents
from index.search import Searcher
from index.settings import Settings, data_dir
from index.versions import writer_lock
from ingest.records import Document

pytestmark = pytest.mark.model
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def index(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(fictional_index(tmp_path_factory))


@pytest.fixture
def two_documents(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, samples_dir: Path
) -> Path:
    """A copy of the fictional index with the real DoDI 4715.13 (it has parse warnings) added."""
    target = tmp_path / "index"
    shutil.copytree(fictional_index(tmp_path_factory), target, symlinks=True)
    report = ingest_paths([samples_dir / "modern" / "DoDI_4715.13.pdf"], target, Settings())
    assert report.warnings, "DoDI 4715.13's contents page lacks 2.4: the warning under test"
    return target


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_duties_text_names_each_organisation_once_and_cites_each_duty(index: str, capsys) -> None:
    code, out, _ = run(capsys, "duties", "9999.01", "--index", index)
    lines = out.splitlines()
    assert code == 0 and lines[0] == "OFFICE PLANT COORDINATOR (OPC) (DoDI 9999.01, para. 2.1)"
    assert lines[1] == "  The OPC will:" and lines[2].startswith("  2.1.a  Keep a register")
    assert out.count("The OPC will:") == 1 and out.count("FACILITY MANAGERS (") == 1
    assert "      DoDI 9999.01, para. 2.2.b, p. 4 (Mar 3, 2024" in out


def test_duties_json_and_csv_filter_by_organisation(index: str, capsys) -> None:
    code, out, _ = run(capsys, "duties", "--org", "OPC", "--json", "--index", index)
    rows = json.loads(out)
    assert code == 0 and [r["paragraph"] for r in rows] == ["2.1.a", "2.1.b", "2.1.c"]
    assert rows[0]["lead_in"] == ["The OPC will:"] and rows[0]["holder"] == "2.1"
    code, out, _ = run(
        capsys, "duties", "--org", "office plant coordinator", "--csv", "--index", index
    )
    table = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["paragraph"] for r in table] == ["2.1.a", "2.1.b", "2.1.c"]
    assert table[0]["citation"].startswith("DoDI 9999.01, para. 2.1.a, p. 4")


def test_duties_of_an_unknown_organisation_lists_the_known_ones(index: str, capsys) -> None:
    code, out, err = run(capsys, "duties", "--org", "ATSD(PA)", "--index", index)
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "ATSD(PA): no duties" in err and "OFFICE PLANT COORDINATOR (OPC)" in err


def _page_boxes(index_dir: Path, doc_id: str, path: str) -> tuple[object, ...]:
    """Where a record is printed, as the page image finds it."""
    library = Library.load(index_dir)
    p = library.get(doc_id, path)
    assert p is not None and library.version is not None
    return tuple(PageSources.load(library.version, index_dir).locate(p).boxes)


def test_remove_drops_a_document_atomically_and_keeps_the_rest(two_documents: Path, capsys) -> None:
    before = sorted(two_documents.glob("v-*"))
    boxes = _page_boxes(two_documents, "DoDI 4715.13", "3.3.b.(2)(a)")
    code, out, _ = run(capsys, "remove", "9999.01", "--index", str(two_documents))
    assert code == 0 and out.startswith("Removed DoDI 9999.01 (")
    assert "DoDI_9999.01.pdf; that file is unchanged" in out
    library = Library.load(two_documents)
    assert list(library.documents) == ["DoDI 4715.13"]
    assert {p.doc_id for p in library.paragraphs} == {"DoDI 4715.13"}
    assert sorted(two_documents.glob("v-*")) != before  # a new version, swapped in
    hits = Searcher.open(two_documents, Settings()).search("succulents watered", k=3)
    assert {h.paragraph.doc_id for h in hits} == {"DoDI 4715.13"}
    assert parse_warnings.read(two_documents) == {
        "DoDI 4715.13": ("paragraph 2.4 is missing from the table of contents",)
    }
    # the kept issuance still shows its page: boxes and PDF copy came along
    assert boxes and _page_boxes(two_documents, "DoDI 4715.13", "3.3.b.(2)(a)") == boxes


def test_remove_refuses_unknown_documents_and_a_busy_index(two_documents: Path, capsys) -> None:
    code, _, err = run(capsys, "remove", "5400.17", "--index", str(two_documents))
    assert code == 1 and "5400.17: no such issuance" in err and "DoDI 4715.13" in err
    with pytest.raises(UnknownDocumentError, match=r"DoDI 5400\.17: not in the index"):
        remove_documents(two_documents, ["DoDI 5400.17"], Settings())
    with writer_lock(two_documents), pytest.raises(IndexBusyError):
        remove_documents(two_documents, ["DoDI 9999.01"], Settings())
    assert set(Library.load(two_documents).documents) == {"DoDI 9999.01", "DoDI 4715.13"}


def test_replacing_a_document_swaps_it_in_one_version(
    two_documents: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    report = ingest_paths(
        [fictional_pdf(tmp_path_factory)], two_documents, Settings(), replaces=["DoDI 4715.13"]
    )
    assert report.version is not None and report.total_documents == 1  # unchanged file, 1 gone
    assert list(Library.load(two_documents).documents) == ["DoDI 9999.01"]
    assert parse_warnings.read(two_documents) == {}


def _python(code: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env, timeout=120
    )


def test_a_reader_that_stops_early_ends_the_command_quietly(index: str) -> None:
    """`policykb … | head`: no "Broken pipe" message; the status of a tool SIGPIPE ended."""
    command = [sys.executable, "-m", "cli.main", "duties", "--index", index]
    proc = subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=os.environ.copy()
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the command writes (`| head -0`)
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == EXIT_BROKEN_PIPE and err == ""


def test_duties_and_remove_never_import_torch(two_documents: Path) -> None:
    code = (
        "import sys; from cli.main import main\n"
        f"assert main(['duties', '--org', 'OPC', '--index', {str(two_documents)!r}]) == 0\n"
        f"assert main(['remove', '4715.13', '--index', {str(two_documents)!r}]) == 0\n"
        "heavy = {'torch', 'sentence_transformers'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    done = _python(code)
    assert done.returncode == 0, done.stderr


def test_the_index_and_the_app_data_live_under_policykb_data(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("POLICYKB_INDEX", raising=False)
    monkeypatch.setenv("POLICYKB_DATA", str(tmp_path / "pkb"))
    assert data_dir() == tmp_path / "pkb"
    assert Settings.from_env().index_dir == tmp_path / "pkb" / "index"
    monkeypatch.setenv("POLICYKB_INDEX", "/tmp/x")
    assert Settings.from_env().index_dir == Path("/tmp/x") and data_dir() == tmp_path / "pkb"
    monkeypatch.delenv("POLICYKB_DATA")
    assert data_dir() == Path("data")


def test_remove_asks_which_volume_when_a_number_names_several() -> None:
    def doc(doc_id: str) -> Document:
        return Document(doc_id, "Fictional", "March 3, 2024", (), "modern", "x.pdf", "0" * 64, 1)

    volumes = ["DoDM 9999.01, Volume 1", "DoDM 9999.01, Volume 2"]
    library = Library({d: doc(d) for d in volumes}, [])
    with pytest.raises(CommandError, match=r"9999\.01 names 2 issuances"):
        _one(library, "9999.01")
    assert _one(library, "DoDM 9999.01, Volume 2") == volumes[1]
