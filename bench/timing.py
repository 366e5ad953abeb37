"""Measuring and reporting shared by the bench scripts: percentiles, RSS, load, tables, JSON.

Every figure is recorded with the 1-minute load average at the moment it was taken, because
this machine's two cores are shared: a p95 measured at load 4 means something else than at 0.2.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from eval.metrics import percentile

T = TypeVar("T")
RESULTS = Path(__file__).resolve().parent.parent / "data" / "bench"


@dataclass(frozen=True)
class Target:
    """A limit from the issue; `higher` when bigger is better (throughput)."""

    limit: float
    higher: bool = False

    def met(self, value: float) -> bool:
        """Whether `value` satisfies the limit."""
        return value >= self.limit if self.higher else value <= self.limit

    def __str__(self) -> str:
        return f"{'>=' if self.higher else '<='} {self.limit:g}"


@dataclass(frozen=True)
class Row:
    """One measured figure with its unit, target and the load it was measured under."""

    metric: str
    value: float
    unit: str
    target: Target | None
    load: float
    note: str = ""

    @property
    def verdict(self) -> str:
        """'met', 'MISSED' or '' when the figure has no target."""
        if self.target is None:
            return ""
        return "met" if self.target.met(self.value) else "MISSED"


@dataclass
class Report:
    """The rows of one benchmark run plus what is needed to reproduce it."""

    name: str
    rows: list[Row] = field(default_factory=list)
    meta: dict[str, object] = field(default_factory=dict)

    def add(
        self, metric: str, value: float, unit: str, target: Target | None = None, note: str = ""
    ) -> Row:
        """Record a figure, stamping it with the current load average."""
        row = Row(metric, round(value, 3), unit, target, load_average(), note)
        self.rows.append(row)
        return row

    def to_json(self) -> dict[str, object]:
        """The report as plain JSON data (targets flattened to strings)."""
        rows = [
            {**asdict(r), "target": str(r.target or ""), "verdict": r.verdict} for r in self.rows
        ]
        return {"benchmark": self.name, "meta": self.meta, "rows": rows}

    def table(self) -> str:
        """A fixed-width table for the terminal and for pasting into notes."""
        head = ("metric", "value", "unit", "target", "", "load", "note")
        body = [
            (
                r.metric,
                f"{r.value:g}",
                r.unit,
                str(r.target or ""),
                r.verdict,
                f"{r.load:.2f}",
                r.note,
            )
            for r in self.rows
        ]
        widths = [max(len(row[i]) for row in [head, *body]) for i in range(len(head))]
        lines = [
            "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in [head, *body]
        ]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(line.rstrip() for line in lines)


def percentiles(samples_ms: Sequence[float]) -> dict[str, float]:
    """p50/p95/mean/max of latency samples, linear interpolation as numpy's default.

    Raises:
        ValueError: on an empty sample, which would otherwise print a meaningless zero.
    """
    if not samples_ms:
        raise ValueError("no latency samples: nothing was timed")
    return {
        "p50": percentile(samples_ms, 50),
        "p95": percentile(samples_ms, 95),
        "mean": sum(samples_ms) / len(samples_ms),
        "max": max(samples_ms),
    }


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    """Wall time of one call in milliseconds, and what it returned."""
    start = time.perf_counter()
    result = fn()
    return (time.perf_counter() - start) * 1000, result


def load_average() -> float:
    """1-minute load average: how busy the shared cores were."""
    return os.getloadavg()[0]


def peak_rss_mb(pid: int | str = "self") -> float:
    """Peak resident set size (VmHWM) of a live process, in MB; 0 where /proc is unavailable.

    Not getrusage: Linux carries the parent's high-water mark over fork and exec into a child's
    ru_maxrss, so a child started from a 1 GB process would report at least 1 GB. VmHWM belongs
    to the process's own address space.
    """
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


@dataclass(frozen=True)
class ChildRun:
    """A subprocess's wall time, its own peak RSS (last VmHWM seen alive) and what it printed."""

    wall_s: float
    peak_rss_mb: float
    returncode: int
    stdout: str
    stderr: str


def run_child(
    cmd: Sequence[str],
    env: dict[str, str] | None = None,
    timeout_s: float = 120,
    cwd: Path | None = None,
) -> ChildRun:
    """Run `cmd`, timing it from spawn to exit and polling its peak RSS every few ms.

    Output goes to temporary files so a chatty child cannot block on a full pipe.

    Raises:
        TimeoutError: the child ran past `timeout_s`; it is killed first.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=cwd)
        peak = 0.0
        while True:
            pid, status = os.waitpid(proc.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, peak_rss_mb(proc.pid))
            if time.perf_counter() - start > timeout_s:
                proc.kill()
                proc.wait()
                raise TimeoutError(f"{' '.join(cmd)}: still running after {timeout_s:g} s")
            time.sleep(0.005)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text_out, text_err = (
            out.read().decode(errors="replace"),
            err.read().decode(errors="replace"),
        )
    return ChildRun(wall, peak, proc.returncode, text_out, text_err)


def add_common_args(parser: argparse.ArgumentParser) -> None:
    """--json and --out, the same on every script."""
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    parser.add_argument(
        "--out",
        type=Path,
        default=RESULTS,
        help="directory for the results file (default: %(default)s)",
    )


def machine() -> dict[str, object]:
    """What the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": " ".join([Path(sys.argv[0]).as_posix(), *sys.argv[1:]]),
        "load_at_start": round(load_average(), 2),
    }


def emit(report: Report, args: argparse.Namespace) -> Path:
    """Print the report (table or JSON) and save it as JSON under `args.out`."""
    report.meta.setdefault("load_at_end", round(load_average(), 2))
    data = report.to_json()
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        print(f"# {report.name}  ({report.meta.get('date')}, {report.meta.get('cpu')})")
        print(report.table())
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"{report.name}-{datetime.now(UTC):%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(data, indent=2) + "\n")
    return path
