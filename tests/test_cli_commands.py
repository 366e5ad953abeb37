"""The `policykb` commands on the fictional DoDI 9999.01: output contracts, help, user errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_index_build import fictional_index

from cli.cite import _ambiguous
from cli.main import COMMANDS, main
from ingest.records import Kind, Paragraph

pytestmark = pytest.mark.model
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def index(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(fictional_index(tmp_path_factory))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    out = capsys.readouterr().out
    assert exit_info.value.code == 0
    assert "example" in out.lower() and f"policykb {command}" in out and "--index" in out


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"`policykb {command}" in (REPO / "README.md").read_text(encoding="utf-8")


def test_unwritable_index_location_is_a_message(capsys) -> None:
    code, _, err = run(capsys, "ingest", "--index", "/proc/policykb-index", str(REPO / "README.md"))
    assert code == 1 and err.startswith("policykb ingest: error: /proc/policykb-index")


def test_ask_json_contract(index: str, capsys) -> None:
    code, out, _ = run(
        capsys, "ask", "How often are succulents watered?", "--index", index, "--json"
    )
    data = json.loads(out)
    assert code == 0 and data["question"] == "How often are succulents watered?"
    first = data["results"][0]
    assert list(first) == ["doc_id", "paragraph", "pages", "heading", "text", "score"]
    assert (first["doc_id"], first["paragraph"]) == ("DoDI 9999.01", "3.1.a.(1)")
    assert first["text"] == "Succulents, watered every 14 days." and first["pages"] == [5]


def test_ask_text_shows_verdict_quote_and_citation(index: str, capsys) -> None:
    code, out, _ = run(capsys, "ask", "who may approve moving a plant", "--index", index, "-k", "2")
    assert code == 0 and out.startswith("Q: who may approve moving a plant\nVerdict: Required")
    assert "\033[" not in out and "**" not in out  # not a terminal: quotes stay verbatim
    direct = out.split("Support:")[0]
    assert "“Approve requests to move plants" in direct
    assert (
        "— DoDI 9999.01, para. 2.1.c, p. 4 (Mar 3, 2024, incorporating Change 1, Jun 5, 2025)"
        in direct
    )


def test_ask_doc_filter(index: str, capsys) -> None:
    code, out, _ = run(capsys, "ask", "watering", "--index", index, "--doc", "9999.01", "--json")
    assert code == 0 and {r["doc_id"] for r in json.loads(out)["results"]} == {"DoDI 9999.01"}
    code, _, err = run(capsys, "ask", "watering", "--index", index, "--doc", "DoDI 1234.56")
    assert code == 1 and "DoDI 1234.56" in err and "DoDI 9999.01" in err and err.count("\n") == 1


@pytest.mark.parametrize("question", ["", "   ", "\x00\x01\x02", "\t\n"])
def test_empty_questions_get_a_message(index: str, capsys, question: str) -> None:
    code, out, err = run(capsys, "ask", question, "--index", index)
    assert code == 1 and out == "" and "question is empty" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    "question",
    [
        "water " * 2000,  # 12,000 characters
        "succulents\x07 watered\x1b[31m every\u200b day",
        "¿Con qué frecuencia se riegan las plantas suculentas?",
        "多肉植物多久浇一次水",
    ],
)
def test_odd_questions_do_bounded_work(index: str, capsys, question: str) -> None:
    start = time.perf_counter()
    code, out, _ = run(capsys, "ask", question, "--index", index, "--json")
    assert code == 0 and len(json.loads(out)["results"]) == 5
    assert time.perf_counter() - start < 10


def test_cite_json_contract_with_children(index: str, capsys) -> None:
    code, out, _ = run(capsys, "cite", "DoDI 9999.01", "3.1.a(2)", "--index", index, "--json")
    data = json.loads(out)
    assert code == 0 and list(data) == [
        "doc_id",
        "paragraph",
        "pages",
        "heading",
        "text",
        "children",
    ]
    assert data["paragraph"] == "3.1.a.(2)"
    assert data["text"] == "Leafy plants, watered every 5 days.  Leafy plants include:"
    assert [c["paragraph"] for c in data["children"]][:2] == ["3.1.a.(2)(a)", "3.1.a.(2)(b)"]
    assert data["children"][3]["text"] == "Pothos."


@pytest.mark.parametrize(
    "form",
    [
        ("9999.01", "3.1.a.(2)"),
        ("DODI 9999.01", "Paragraph 3.1a.(2)"),
        ("DoDI 9999.01 para 3.1.a.(2).",),  # the whole citation as one argument
        ("DoDI 9999.01, para. 3.1.a.(2), p. 5 (Mar 3, 2024)",),  # a printed citation pasted back
    ],
)
def test_cite_loose_forms(index: str, capsys, form: tuple[str, str]) -> None:
    code, out, _ = run(capsys, "cite", *form, "--index", index)
    assert code == 0 and out.startswith("(continues 3.1.a: The schedule assigns")
    assert "DoDI 9999.01, para. 3.1.a.(2), p. 5" in out and "Pothos." in out


def test_cite_one_argument_without_a_paragraph_says_what_to_give(index: str, capsys) -> None:
    code, out, err = run(capsys, "cite", "DoDI 9999.01", "--index", index)
    assert code == 1 and out == ""
    assert err.startswith("policykb cite: error: DoDI 9999.01: names no paragraph. Give both")


def test_cite_suggests_nearest(index: str, capsys) -> None:
    code, out, err = run(capsys, "cite", "9999.01", "3.1.a.(7)", "--index", index)
    assert code == 1 and out == "" and "did you mean" in err and "3.1.a.(1)" in err


def test_toc_outline(index: str, capsys) -> None:
    code, out, _ = run(capsys, "toc", "9999.01", "--index", index)
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("DoDI 9999.01: Fictional Test Issuance")
    assert any(line.startswith("SECTION 3") for line in lines)
    assert any("G.2. Definitions (2 entries)" in line for line in lines)


def test_ingest_allow_empty_and_partial_status(tmp_path: Path, capsys, samples_dir: Path) -> None:
    empty = tmp_path / "corpus"
    empty.mkdir()
    index = str(tmp_path / "index")
    code, out, _ = run(capsys, "ingest", str(empty), "--index", index, "--allow-empty")
    assert code == 0 and "policykb fetch" in out and "corpus/" in out
    code, _, err = run(capsys, "ingest", str(empty), "--index", index)
    assert code == 1 and "no PDF files" in err
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"")
    good = samples_dir / "old" / "DoDD_6000.6.pdf"
    code, out, _ = run(capsys, "ingest", str(bad), str(good), "--index", index)
    assert code == 3 and "Skipped 1 file:" in out and str(bad) in out


def _python(code: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env, timeout=120
    )


def test_cite_and_toc_never_import_torch(index: str) -> None:
    code = (
        "import sys, time; from cli.main import main\n"
        f"assert main(['cite', '9999.01', '3.1.a.(1)', '--index', {index!r}]) == 0\n"
        f"assert main(['toc', '9999.01', '--index', {index!r}]) == 0\n"
        "heavy = {'torch', 'sentence_transformers', 'faiss'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    done = _python(code)
    assert done.returncode == 0, done.stderr
    assert "Succulents, watered every 14 days." in done.stdout


def test_missing_index_is_one_line_without_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "POLICYKB_INDEX": str(tmp_path / "none")}
    done = _python("from cli.main import main; raise SystemExit(main(['toc', '9999.01']))", env)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and "policykb ingest --index" in done.stderr


def test_a_number_two_volumes_share_asks_for_the_volume() -> None:
    def para(doc_id: str) -> Paragraph:
        return Paragraph(doc_id, "3.2", Kind.PARAGRAPH, (), "", "Text.", (5,), "3")

    message = _ambiguous([para("DoDM 9999.01, Volume 1"), para("DoDM 9999.01, Volume 2")])
    assert message == (
        '3.2 is in 2 issuances ("DoDM 9999.01, Volume 1", "DoDM 9999.01, Volume 2"); '
        "name one as DOC"
    )
