"""Loads the index once per server process and says where the app may write.

`st.cache_resource` keeps the library and the searcher (with its embedding model) alive
across reruns and sessions; the cache key includes a stamp of the index directory, so an
ingest that swaps in a new index is picked up on the next rerun without a restart.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from index import versions
from index.library import Library
from index.search import Searcher
from index.settings import Settings, data_dir

_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Paths:
    """Where the app reads and writes, and whether it may change the library.

    Attributes:
        index_dir: the index (env POLICYKB_INDEX, default index/ in the data directory).
        data_dir: env POLICYKB_DATA, default data/ (index.settings.data_dir); the app writes
            nowhere else, wherever POLICYKB_INDEX points.
        uploads: PDFs added through the Library page.
        feedback: thumbs up/down records, one JSON object per line.
        read_only: env POLICYKB_READ_ONLY=1: no uploads, replacements or removals, for a
            library shared by many readers (feedback is still taken).
    """

    index_dir: Path
    data_dir: Path
    uploads: Path
    feedback: Path
    read_only: bool = False

    @classmethod
    def from_settings(cls, settings: Settings) -> Paths:
        """The index from `settings`, everything written under the data directory."""
        data = data_dir().resolve()
        read_only = os.environ.get("POLICYKB_READ_ONLY", "").strip().lower() in _TRUE
        return cls(
            Path(settings.index_dir).resolve(),
            data,
            data / "uploads",
            data / "feedback.jsonl",
            read_only,
        )


def index_stamp(index_dir: Path) -> str:
    """The published version's name, which every ingest changes ('' when nothing is published).

    Keying the caches on it makes a new index (from the Library page or a CLI ingest) appear
    on the next rerun, while the version already loaded stays consistent for its readers.
    """
    if not versions.exists(index_dir):
        return ""
    pointer = index_dir / versions.CURRENT
    if pointer.is_symlink():
        return os.readlink(pointer)
    return str(index_dir.stat().st_mtime_ns)


@st.cache_resource(show_spinner="Opening the library…")
def load_library(index_dir: str, stamp: str) -> Library:
    """The index's documents and paragraphs (no model); `stamp` only keys the cache."""
    return Library.load(Path(index_dir))


@st.cache_resource(show_spinner="Loading the search model…")
def open_searcher(index_dir: str, stamp: str, _settings: Settings) -> Searcher:
    """The hybrid searcher with its embedding model, loaded once per index version.

    The model would otherwise load lazily inside the first question; one throwaway query here
    moves that cost under the loading spinner, so every answer the reader waits for is warm.
    """
    searcher = Searcher.open(Path(index_dir), _settings)
    searcher.search("policy", k=1)
    return searcher
