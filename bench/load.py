"""Many users at once, on loopback: concurrent clients against answer servers (bench/serve_answers).

Setups: (a) one process on the embedded store; (b) three processes sharing one Milvus Lite
file served on 127.0.0.1 (index.milvus_server). Each setup runs twice: steady, then while
`policykb ingest` replaces a document (its page text with one sentence marked as edited).
Clients send the gold questions round-robin to the setup's processes; every answer must equal
the serial answer of the version that gave it (the servers say which), and of the embedded
store's serial answer for the same version content. Bounded: `--requests` in all, each with a
timeout; the servers and Milvus are stopped at the end.

    python bench/load.py [--clients 8 --requests 400]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __name__ == "__main__":
    # `python bench/load.py` puts bench/ first on sys.path: use the repository root instead.
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from bench import corpus
from bench.coldstart import free_port
from bench.timing import Report, Target, add_common_args, emit, machine, peak_rss_mb, percentiles

REPO = Path(__file__).resolve().parents[1]
_OVERLAP_S = 900  # longest a phase keeps asking while waiting for the replacing ingest
EDIT = "[load-test edit] "  # marks the replaced document's changed sentence as not DoD text


@dataclass
class Phase:
    """What the clients saw in one run: (question, version, answer, ms) per request."""

    seconds: float = 0.0
    answered: list[tuple[str, str, str, float]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def env() -> dict[str, str]:
    return {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
            "PYTHONPATH": str(REPO)}  # fmt: skip


def get(url: str, timeout_s: float = 60) -> dict[str, Any]:
    with urllib.request.urlopen(url, timeout=timeout_s) as resp:
        return dict(json.loads(resp.read()))


@contextmanager
def servers(index_dir: Path, count: int) -> Iterator[list[tuple[str, int]]]:
    """`count` answer servers on `index_dir`; yields (base URL, pid) each; stops them after."""
    procs: list[tuple[str, subprocess.Popen[bytes]]] = []
    try:
        for _ in range(count):
            port = free_port()
            cmd = [sys.executable, "-m", "bench.serve_answers", "--index", str(index_dir),
                   "--port", str(port)]  # fmt: skip
            proc = subprocess.Popen(cmd, cwd=REPO, env=env(), stdout=subprocess.DEVNULL)
            procs.append((f"http://127.0.0.1:{port}", proc))
        for url, proc in procs:
            _wait_health(url, proc)
        yield [(url, proc.pid) for url, proc in procs]
    finally:
        for _, proc in procs:
            proc.terminate()
        for _, proc in procs:
            proc.wait(timeout=30)


def _wait_health(url: str, proc: subprocess.Popen[bytes], timeout_s: float = 300) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url}: answer server exited with {proc.returncode}")
        try:
            get(f"{url}/health", 2)
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"{url}: not healthy after {timeout_s:g} s")


def ask(url: str, question: str) -> tuple[str, str]:
    """(version, answer as canonical JSON text) from one server."""
    body = get(f"{url}/ask?{urllib.parse.urlencode({'q': question})}")
    return str(body["version"]), json.dumps(body["answer"], sort_keys=True)


def serial(url: str, questions: list[str]) -> tuple[str, dict[str, str]]:
    """Every question asked once, one at a time: the reference answers of the current version."""
    answers = {}
    version = ""
    for q in dict.fromkeys(questions):
        version, answers[q] = ask(url, q)
    return version, answers


def hammer(
    urls: list[str], questions: list[str], clients: int, until: threading.Event | None = None
) -> Phase:
    """`clients` threads send `questions` round-robin over `urls`.

    With `until`, the questions are sent again and again until it is set (an ingest finished),
    for at most `_OVERLAP_S`: load lasts as long as the replacement it should overlap, bounded.
    """
    phase = Phase()
    lock = threading.Lock()
    sent = itertools.count()
    deadline = time.monotonic() + _OVERLAP_S

    def next_question() -> tuple[int, str] | None:
        with lock:
            i = next(sent)
        if i >= len(questions) and (until is None or until.is_set()):
            return None
        if time.monotonic() > deadline:
            return None
        return i, questions[i % len(questions)]

    def client() -> None:
        while (item := next_question()) is not None:
            i, question = item
            start = time.perf_counter()
            try:
                version, answer = ask(urls[i % len(urls)], question)
            except Exception as exc:  # counted: the run must show zero
                with lock:
                    phase.errors.append(f"{question[:40]}: {exc!r}"[:200])
                continue
            ms = (time.perf_counter() - start) * 1000
            with lock:
                phase.answered.append((question, version, answer, ms))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    phase.seconds = time.perf_counter() - start
    return phase


# The replaced document (a sample's page text) and the words marked as edited in it.
REPLACED = {
    "DoDM_4160.28_Vol1": ("modern", "Burial may be required"),
    "DoDD_6000.6": ("old", "The Department of Defense may, to the extent"),  # the smoke test's
}


def edited_document(name: str, target: Path) -> Path:
    """A sample's page text with one sentence marked as edited for the load test."""
    folder, sentence = REPLACED[name]
    source = corpus.samples_dir() / folder / f"{name}.pypdf.txt"
    text = source.read_text(encoding="utf-8")
    if text.count(sentence) != 1:
        raise RuntimeError(f"{source}: the sentence to edit changed; pick another")
    target.write_text(text.replace(sentence, EDIT + sentence), encoding="utf-8")
    return target


def ingest(index_dir: Path, paths: list[Path], extra: list[str] | None = None) -> None:
    cmd = [sys.executable, "-c", "import sys; from cli.main import main; sys.exit(main())",
           "ingest", "--no-progress", "--index", str(index_dir), *(extra or []),
           *map(str, paths)]  # fmt: skip
    run = subprocess.run(cmd, cwd=REPO, env=env(), capture_output=True, text=True)
    if run.returncode not in (0, 3):
        raise RuntimeError(f"ingest {index_dir}: exit {run.returncode}: {run.stderr[-800:]}")


def run_setup(
    report: Report, name: str, index_dir: Path, processes: int, args: argparse.Namespace
) -> dict[str, str]:
    """Steady load, then load while a document is replaced; rows into `report`.

    Returns:
        The serial answers of the index before the replacement (the cross-store reference).
    """
    questions = [g.question for g in corpus.gold()]
    load = [questions[i % len(questions)] for i in range(args.requests)]
    with servers(index_dir, processes) as running:
        urls = [url for url, _ in running]
        version, before = serial(urls[0], questions)
        steady = hammer(urls, load, args.clients)
        record(report, f"{name}", steady, {version: before}, args)
        edited = index_dir.parent / f"{index_dir.name}-edited.pypdf.txt"
        replacing = edited_document(args.replace, edited)
        done = threading.Event()
        failed: list[BaseException] = []

        def replace() -> None:
            try:
                ingest(index_dir, [replacing])
            except BaseException as exc:  # re-raised below, after the clients stop
                failed.append(exc)
            finally:
                done.set()

        ingester = threading.Thread(target=replace)
        ingester.start()
        during = hammer(urls, load, args.clients, until=done)
        ingester.join()
        if failed:
            raise failed[0]
        after_version, after = serial(urls[0], questions)
        refs = {version: before, after_version: after}
        record(report, f"{name}, ingest replacing a document", during, refs, args)
        report.add(f"{name}: answers changed by the replacement",
                   sum(before[q] != after[q] for q in before), "questions")  # fmt: skip
        for url, pid in running:
            report.add(f"{name}: server {url.rsplit(':', 1)[1]} peak RSS", peak_rss_mb(pid), "MB")
    return before


def record(
    report: Report, name: str, phase: Phase, refs: dict[str, dict[str, str]], args: Any
) -> None:
    """p50/p95/throughput, errors and answers that differ from their version's serial answer."""
    ms = [a[3] for a in phase.answered]
    stats = percentiles(ms) if ms else {"p50": 0.0, "p95": 0.0}
    wrong = [q for q, v, answer, _ in phase.answered if refs.get(v, {}).get(q) != answer]
    versions_seen = sorted({v for _, v, _, _ in phase.answered})
    report.add(f"{name}: p50", stats["p50"], "ms")
    report.add(f"{name}: p95", stats["p95"], "ms")
    report.add(f"{name}: throughput", len(ms) / max(phase.seconds, 1e-9), "answers/s",
               note=f"{args.clients} clients, {len(ms)} answers")  # fmt: skip
    report.add(f"{name}: errors", len(phase.errors), "requests", Target(0),
               note="; ".join(phase.errors[:2]))  # fmt: skip
    report.add(f"{name}: answers unlike their serial answer", len(wrong), "answers", Target(0),
               note=f"versions answering: {len(versions_seen)}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=400, help="questions sent per phase")
    parser.add_argument("--processes", type=int, default=3, help="servers sharing Milvus")
    parser.add_argument("--replace", choices=sorted(REPLACED), default="DoDM_4160.28_Vol1",
                        help="the sample document an ingest replaces under load")  # fmt: skip
    parser.add_argument("--limit-pdfs", type=int, default=None, help="smallest N sample PDFs")
    parser.add_argument("--work", type=Path, default=REPO / "data" / "bench" / "load")
    parser.add_argument(
        "--from-index",
        type=Path,
        default=None,
        help="copy this index of the samples instead of building data/bench/index-samples",
    )
    add_common_args(parser)
    args = parser.parse_args(argv)
    report = Report("load", meta=machine())
    from index.milvus_server import serve

    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    pdfs = corpus.sample_pdfs(args.limit_pdfs)
    source = args.from_index or corpus.ensure_index(corpus.SAMPLE_INDEX, pdfs)
    embedded = args.work / "embedded"
    shutil.copytree(source, embedded, symlinks=True)
    milvus = args.work / "milvus"
    shutil.copytree(embedded, milvus, symlinks=True)
    with ExitStack() as stack:
        uri = stack.enter_context(serve(milvus / "milvus.db", free_port()))
        os.environ["POLICYKB_MILVUS_URI"] = uri  # the ingest below writes there; readers
        ingest(milvus, pdfs, ["--store", "milvus"])  # then find it in the manifest
        del os.environ["POLICYKB_MILVUS_URI"]
        reference = run_setup(report, "(a) 1 process, embedded", embedded, 1, args)
        same = run_setup(report, f"(b) {args.processes} processes, Milvus", milvus,
                         args.processes, args)  # fmt: skip
        differing = sum(reference[q] != same[q] for q in reference)
        report.add("serial answers differing between the stores", differing, "questions",
                   Target(0))  # fmt: skip
    emit(report, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
