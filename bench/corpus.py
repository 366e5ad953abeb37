"""The real inputs every benchmark shares: the DoD sample PDFs, their index, the gold questions."""

from __future__ import annotations

import os
from pathlib import Path

from eval.gold import GoldQuestion, load_gold

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "eval" / "gold" / "samples.jsonl"
SAMPLE_INDEX = REPO / "data" / "bench" / "index-samples"


def samples_dir() -> Path:
    """`../shared/dod-samples` beside the checkout, or under $POLICYKB_SHARED (as the tests)."""
    return Path(os.environ.get("POLICYKB_SHARED", REPO.parent / "shared")) / "dod-samples"


def sample_pdfs(limit: int | None = None) -> list[Path]:
    """The real sample PDFs, sorted by name; only the `limit` smallest when given (smoke tests).

    Raises:
        FileNotFoundError: the shared samples are not beside the checkout.
    """
    root = samples_dir()
    pdfs = sorted(root.glob("*/*.pdf"))
    if not pdfs:
        raise FileNotFoundError(
            f"{root}: no DoD sample PDFs. Put the shared folder beside the checkout "
            "or set POLICYKB_SHARED"
        )
    return sorted(sorted(pdfs, key=lambda p: p.stat().st_size)[:limit]) if limit else pdfs


def ensure_index(index_dir: Path, pdfs: list[Path]) -> Path:
    """Build (or refresh; unchanged files are reused) the index of `pdfs` in `index_dir`."""
    from index.build import ingest_paths
    from index.settings import Settings

    ingest_paths(pdfs, index_dir, Settings.from_env(index_dir=index_dir))
    return index_dir


def gold(path: Path = GOLD) -> tuple[GoldQuestion, ...]:
    """The gold questions, read and validated as `policykb eval` reads them."""
    return load_gold(path)
