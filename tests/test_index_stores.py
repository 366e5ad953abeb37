"""Both stores, one behaviour: the embedded store and Milvus Lite pass the same tests.

Each test runs once per store: build, search in every mode and filter, unchanged rebuild,
replacement, a build killed midway (the previous version keeps serving), pruning. Milvus runs
as Milvus Lite embedded in the test process (a `milvus.db` file in the index directory).
Vectors come from the deterministic hash embedder of test_index_store: these tests are about
stores, not meaning; a query is embedded the same way.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from test_index_library import parsed
from test_index_store import SETTINGS, HashEmbedder, hash_vectors

from index import files, milvus_store, versions
from index.assemble import Previous, write_index
from index.embed import QueryVectors
from index.errors import StoreUnavailableError
from index.library import Library
from index.search import Hit, Searcher
from index.tokens import project
from ingest.records import ParsedDocument

KINDS = ("embedded", "milvus")
QUERIES = ("ficus watering", "report to the Secretary of Botany", "pruning in spring", "FPWG")


class HashQueries:
    """Query vectors from the same hashes as HashEmbedder's document vectors."""

    def encode_query(self, text: str) -> QueryVectors:
        words = text.split()
        same = np.zeros(len(words), dtype=np.int64)  # hash "tokens" have no pieces: equal weights
        return QueryVectors(hash_vectors([text]), project(hash_vectors(words)), same)


def build(
    index_dir: Path, kind: str | None, *docs: ParsedDocument, embed: HashEmbedder | None = None
) -> Path:
    docs = docs or (parsed(), parsed("DoDD 9999.02"))
    lib = Library(
        {d.document.doc_id: d.document for d in docs}, [p for d in docs for p in d.paragraphs]
    )
    settings = SETTINGS if kind is None else SETTINGS.__class__(dim=16, store=kind)
    with versions.writer_lock(index_dir):
        previous = Previous.load(index_dir)
        return write_index(index_dir, lib, settings, embed or HashEmbedder(), previous).version


def searcher(index_dir: Path) -> Searcher:
    """A reader that knows only the directory: the store comes from the manifest."""
    opened = Searcher.open(index_dir, SETTINGS)
    opened._embedder = HashQueries()  # type: ignore[assignment]  # hash vectors, not MiniLM
    return opened


def collections(index_dir: Path) -> list[str]:
    client = milvus_store.connect(str(index_dir / milvus_store.LITE_FILE), index_dir)
    prefix = milvus_store.collection_prefix(index_dir)
    return sorted(c for c in client.list_collections() if c.startswith(prefix))


def ranks(hits: list[Hit]) -> list[tuple[object, ...]]:
    return [(h.paragraph.key, h.rank, h.dense_rank, h.bm25_rank) for h in hits]


def scores(hits: list[Hit]) -> np.ndarray:
    """Fused score, cosine, BM25 and late score of each hit (NaN where a mode has none)."""
    signals = [(h.score, h.cosine, h.bm25, h.late) for h in hits]
    return np.array([[np.nan if x is None else x for x in row] for row in signals], float)


def test_both_stores_give_the_same_hits_and_signals(tmp_path: Path) -> None:
    for kind in KINDS:
        build(tmp_path / kind, kind)
    embedded, milvus = searcher(tmp_path / "embedded"), searcher(tmp_path / "milvus")
    compared = 0
    for text in QUERIES:
        for mode in ("hybrid", "dense", "bm25"):
            for docs in (None, ["DoDD 9999.02"], ["DoDX 0000.00"]):
                a = embedded.search(text, k=8, doc_ids=docs, mode=mode)  # type: ignore[arg-type]
                b = milvus.search(text, k=8, doc_ids=docs, mode=mode)  # type: ignore[arg-type]
                assert ranks(a) == ranks(b), (text, mode, docs)
                np.testing.assert_allclose(scores(a), scores(b), rtol=1e-5, atol=1e-6)
                compared += len(a)
    assert compared > 100
    hit = embedded.search("Secretary of Botany", k=1, mode="hybrid")[0]
    assert hit.bm25 and hit.bm25 > 0 and hit.cosine is not None and hit.late is not None


@pytest.mark.parametrize("kind", KINDS)
def test_store_is_named_in_the_manifest_and_found_from_the_directory(
    tmp_path: Path, kind: str
) -> None:
    version = build(tmp_path, kind)
    manifest = json.loads((version / versions.MANIFEST).read_text())
    assert manifest["store"]["kind"] == kind and manifest["settings"]["store"] == kind
    if kind == "milvus":
        assert manifest["store"]["uri"] == str((tmp_path / "milvus.db").resolve())
        assert collections(tmp_path) == [manifest["store"]["collection"]]
        assert not (version / files.FAISS).exists()
    hits = searcher(tmp_path).search("annually secretary botany", k=3, mode="bm25")
    assert hits[0].paragraph.path == "3.1.b.(2)" and hits[0].bm25_rank == 1
    assert (
        build(tmp_path, None)
        and json.loads((versions.resolve(tmp_path) / versions.MANIFEST).read_text())["store"][
            "kind"
        ]
        == kind
    )  # a later build without a store keeps the index's store


@pytest.mark.parametrize("kind", KINDS)
def test_replacing_a_document_reuses_vectors_and_serves_the_new_text(
    tmp_path: Path, kind: str
) -> None:
    build(tmp_path, kind)
    embed = HashEmbedder()
    build(tmp_path, kind, parsed(extra=" Then rest."), parsed("DoDD 9999.02"), embed=embed)
    assert len(embed.calls) == 1  # only the changed paragraph is embedded again
    hits = searcher(tmp_path).search("ficus rest", k=2, doc_ids=["DoDI 9999.01"], mode="bm25")
    assert hits[0].paragraph.text == "Water the ficus weekly. Then rest."


@pytest.mark.parametrize("kind", KINDS)
def test_killed_build_leaves_the_previous_version_serving(
    tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = build(tmp_path, kind)
    reader = searcher(tmp_path)

    def killed(path: Path, data: object) -> None:
        raise KeyboardInterrupt  # the build dies after the store was written, before publishing

    monkeypatch.setattr(files, "write_json", killed)
    with pytest.raises(KeyboardInterrupt):
        build(tmp_path, kind, parsed(extra=" Then rest."))
    monkeypatch.undo()
    assert versions.resolve(tmp_path) == first
    for opened in (reader, searcher(tmp_path)):
        assert [h.paragraph.doc_id for h in opened.search("ficus", k=5, mode="bm25")].count(
            "DoDD 9999.02"
        ) == 1
    if kind == "milvus":
        assert len(collections(tmp_path)) == 2  # the killed build's collection, until...
    build(tmp_path, kind)
    if kind == "milvus":  # ...the next build drops what no version names
        named = {
            json.loads((v / "manifest.json").read_text())["store"]["collection"]
            for v in tmp_path.glob("v-*")
        }
        assert set(collections(tmp_path)) == named and len(named) == 2


@pytest.mark.parametrize("kind", KINDS)
def test_pruned_versions_take_their_collections_with_them(tmp_path: Path, kind: str) -> None:
    for _ in range(5):
        build(tmp_path, kind)
    assert len(list(tmp_path.glob("v-*"))) == 3
    if kind == "milvus":
        assert len(collections(tmp_path)) == 3
    assert searcher(tmp_path).search("pruning", k=1, mode="bm25")[0].paragraph.path == "3.2"


def test_switching_store_rebuilds_without_embedding(tmp_path: Path) -> None:
    build(tmp_path, "embedded")
    embed = HashEmbedder()
    version = build(tmp_path, "milvus", embed=embed)
    assert (
        embed.calls == []
        and json.loads((version / "manifest.json").read_text())["store"]["kind"] == "milvus"
    )


def test_missing_collection_or_unreachable_server_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(tmp_path / "index", "milvus")
    copy = tmp_path / "copy"
    shutil.copytree(tmp_path / "index", copy, symlinks=True, ignore=shutil.ignore_patterns("*.db"))
    monkeypatch.setenv(milvus_store.URI_ENV, str(tmp_path / "empty.db"))
    with pytest.raises(StoreUnavailableError, match="holds no collection pkb_") as err:
        Searcher.open(copy, SETTINGS)
    assert milvus_store.URI_ENV in str(err.value) and "--store milvus" in str(err.value)
    monkeypatch.setenv(milvus_store.URI_ENV, str(tmp_path / "lite.txt"))
    with pytest.raises(StoreUnavailableError, match=r"must end in \.db"):
        Searcher.open(copy, SETTINGS)


def test_token_text_is_cut_at_a_word_within_the_varchar_limit() -> None:
    long = " ".join(["policy"] * 20_000)
    cut = milvus_store.words(long)
    assert len(cut.encode()) <= 65_535 and set(cut.split()) == {"polici"}
    assert milvus_store.words("The Secretary shall approve.") == "secretari shall approv"
    assert np.array_equal(milvus_store._ranked([{"id": 3, "distance": 2.5}], 0.4)[1], np.array([3]))
