"""Shared test fixtures: where the real DoD samples live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """`../shared` beside the checkout (CI and developers), or $POLICYKB_SHARED."""
    return Path(os.environ.get("POLICYKB_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """The real, public-domain DoD issuances used as test data (see its MANIFEST.md)."""
    path = shared_dir() / "dod-samples"
    if not (path / "MANIFEST.md").is_file():
        pytest.fail(f"{path}: DoD samples missing; put the shared folder beside the checkout")
    return path
