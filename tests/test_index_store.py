"""Index directory: versions, atomic swap, manifest checks, damaged files, vector re-use.

Vectors come from a deterministic hash embedder here: these tests are about files, not meaning.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from test_index_library import parsed

from index import tokens, versions
from index.assemble import Embed, Previous, write_index
from index.embed import Embedded
from index.errors import IndexCorruptError, IndexMissingError, IndexVersionError
from index.library import Library
from index.search import Searcher
from index.settings import Settings
from index.tokens import compress
from ingest.records import Kind

SETTINGS = Settings(dim=16)


class HashEmbedder:
    """Unit vectors from text hashes, and one token vector per word; counts what it embedded."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, texts: list[str]) -> list[Embedded]:
        self.calls += texts
        return [Embedded(hash_vectors(texts), [compress(hash_vectors(t.split())) for t in texts])]


def hash_vectors(texts: list[str]) -> np.ndarray:
    rows = [np.frombuffer(hashlib.sha256(t.encode()).digest()[:16], np.uint8) for t in texts]
    vecs = np.array(rows, dtype=np.float32).reshape(len(texts), 16) - 127.5
    return vecs / np.linalg.norm(vecs, axis=1, keepdims=True)


def build(index_dir: Path, *docs, embed: Embed | None = None) -> Path:
    docs = docs or (parsed(),)
    lib = Library(
        {d.document.doc_id: d.document for d in docs}, [p for d in docs for p in d.paragraphs]
    )
    with versions.writer_lock(index_dir):
        return write_index(
            index_dir, lib, SETTINGS, embed or HashEmbedder(), Previous.load(index_dir)
        ).version


def test_round_trip_and_bm25_search(tmp_path: Path) -> None:
    build(tmp_path)
    lib = Library.load(tmp_path)
    assert lib.get("DoDI 9999.01", "3.1.b.(2)") is not None
    searcher = Searcher.open(tmp_path, SETTINGS)
    hits = searcher.search("annually secretary botany", k=3, mode="bm25")
    assert hits[0].paragraph.path == "3.1.b.(2)"
    assert hits[0].bm25_rank == 1 and hits[0].dense_rank is None
    manifest = json.loads((versions.resolve(tmp_path) / "manifest.json").read_text())
    assert manifest["model"] == SETTINGS.model and manifest["dim"] == 16
    assert manifest["files"] == {"fictional.pdf": "a" * 64}
    assert manifest["settings"]["rrf_k"] == SETTINGS.rrf_k and manifest["faiss_index"] == "flat"


def test_child_is_found_with_its_lead_in(tmp_path: Path) -> None:
    build(tmp_path)
    hits = Searcher.open(tmp_path, SETTINGS).search("working group report", k=10, mode="bm25")
    assert "3.1.b.(1)" in [h.paragraph.path for h in hits]  # its own text says neither


def test_doc_filter_and_empty_headings_not_searched(tmp_path: Path) -> None:
    build(tmp_path, parsed(), parsed("DoDD 9999.02"))
    searcher = Searcher.open(tmp_path, SETTINGS)
    hits = searcher.search("ficus", k=5, doc_ids=["DoDD 9999.02"], mode="bm25")
    assert hits and {h.paragraph.doc_id for h in hits} == {"DoDD 9999.02"}
    all_hits = searcher.search("procedures fictional", k=50, mode="bm25")
    assert all(h.paragraph.text or h.paragraph.term for h in all_hits)


def test_acronym_rows_stay_in_the_library_but_out_of_search(tmp_path: Path) -> None:
    build(tmp_path)
    searcher = Searcher.open(tmp_path, SETTINGS)
    assert searcher.library.get("DoDI 9999.01", "G.1", "FPWG") is not None
    hits = searcher.search("FPWG Fictional Plant Working Group", k=50, mode="bm25")
    assert hits and all(h.paragraph.kind is not Kind.ACRONYM for h in hits)
    manifest = json.loads((versions.resolve(tmp_path) / "manifest.json").read_text())
    assert manifest["rows"] == sum(
        p.kind is not Kind.ACRONYM and bool(p.text or p.term) for p in searcher.library.paragraphs
    )


def test_variant_settings_share_the_index_but_not_the_query_cache(tmp_path: Path) -> None:
    build(tmp_path)
    base = Searcher.open(tmp_path, SETTINGS)
    variant = base.with_settings(bm25_weight=2.0, expand_queries=True)
    assert (variant.settings.bm25_weight, base.settings.bm25_weight) == (2.0, 1.0)
    assert variant.library is base.library and variant._embedder is not base._embedder
    assert [h.paragraph.key for h in variant.search("ficus", mode="bm25")] == [
        h.paragraph.key for h in base.search("ficus", mode="bm25")
    ]


def test_unchanged_texts_reuse_their_vectors(tmp_path: Path) -> None:
    first = build(tmp_path)
    embed = HashEmbedder()
    second = build(tmp_path, parsed(extra=" Then rest."), embed=embed)
    assert len(embed.calls) == 1 and "Water the ficus weekly. Then rest." in embed.calls[0]
    # Rows copied from the first version and the embedded one sit in row order, each with the
    # tokens and vector its text embeds to.
    (expected,) = HashEmbedder()(embed.calls)
    old = {k: i for i, k in enumerate(keys_of(first))}
    old_tokens, new_tokens = tokens.load(first), tokens.load(second)
    old_vectors, new_vectors = np.load(first / "vectors.npy"), np.load(second / "vectors.npy")
    fresh = [i for i, k in enumerate(keys_of(second)) if k not in old]
    assert len(fresh) == 1 and 0 < fresh[0] < len(new_vectors) - 1  # copied rows on both sides
    for i, key in enumerate(keys_of(second)):
        if key in old:
            np.testing.assert_array_equal(new_tokens.row(i), old_tokens.row(old[key]))
            np.testing.assert_array_equal(new_vectors[i], old_vectors[old[key]])
        else:
            codes, scales = expected.tokens[0]
            a, b = new_tokens.offsets[i], new_tokens.offsets[i + 1]
            np.testing.assert_array_equal(new_tokens.codes[a:b], codes)
            np.testing.assert_array_equal(new_tokens.scales[a:b], scales)
            np.testing.assert_array_equal(new_vectors[i], expected.vectors[0])


def keys_of(version: Path) -> list[bytes]:
    return [row.tobytes() for row in np.load(version / "keys.npy")]


def test_an_embedder_short_of_rows_fails_the_build_and_keeps_the_version(tmp_path: Path) -> None:
    first = build(tmp_path)

    def short(texts: list[str]) -> list[Embedded]:
        return [Embedded(hash_vectors(texts[:-1]), [tokens.EMPTY] * (len(texts) - 1))]

    with pytest.raises(ValueError, match="returned 0 rows for 1 texts"):
        build(tmp_path, parsed(extra=" Then rest."), embed=short)
    assert versions.resolve(tmp_path) == first


def test_failed_build_leaves_previous_version_current(tmp_path: Path) -> None:
    first = build(tmp_path)

    def broken(directory: Path) -> None:
        (directory / "paragraphs.jsonl").write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError), versions.writer_lock(tmp_path):
        versions.publish(tmp_path, broken)
    assert versions.resolve(tmp_path) == first
    assert Library.load(tmp_path).get("DoDI 9999.01", "3.2") is not None
    build(tmp_path)  # the next build clears the staging directory left behind
    assert not list(tmp_path.glob(".tmp-*"))


def test_old_versions_are_pruned(tmp_path: Path) -> None:
    for _ in range(5):
        build(tmp_path)
    assert len(list(tmp_path.glob("v-*"))) == 3


def test_pruning_spares_the_new_version_when_the_clock_went_back(tmp_path: Path) -> None:
    for _ in range(3):
        build(tmp_path)
    for old in tmp_path.glob("v-*"):  # versions stamped later than the clock now reads
        old.rename(old.with_name(old.name.replace("v-2", "v-9", 1)))
    newest = build(tmp_path)
    assert newest.is_dir() and versions.resolve(tmp_path) == newest
    assert len(list(tmp_path.glob("v-*"))) == 3


def test_missing_index_names_rebuild_command(tmp_path: Path) -> None:
    with pytest.raises(IndexMissingError, match=r"policykb ingest --index .* corpus/"):
        Library.load(tmp_path / "nowhere")


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("parser_version", "0000", "parser version"),
        ("format", 99, "format"),
        ("model", "other", "other"),
    ],
)
def test_incompatible_index_is_refused(
    tmp_path: Path, key: str, value: object, message: str
) -> None:
    version = build(tmp_path)
    manifest = json.loads((version / "manifest.json").read_text())
    manifest[key] = value
    (version / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexVersionError, match=message) as err:
        Searcher.open(tmp_path, SETTINGS)
    assert "manifest.json" in str(err.value) and "policykb ingest" in str(err.value)


@pytest.mark.parametrize(
    "name", ["paragraphs.jsonl", "documents.json", "faiss.index", "vectors.npy"]
)
def test_damaged_file_is_named(tmp_path: Path, name: str) -> None:
    version = build(tmp_path)
    (version / name).write_bytes(b"\x00garbage")
    with pytest.raises(IndexCorruptError) as err:
        Searcher.open(tmp_path, SETTINGS)
    assert name in str(err.value) and "policykb ingest --index" in str(err.value)


@pytest.mark.parametrize("name", ["vectors.npy", "rows.npy", "bm25/data.csc.index.npy"])
@pytest.mark.parametrize("damage", ["empty", "truncated"])
def test_emptied_or_truncated_search_file_is_named_and_records_stay_readable(
    tmp_path: Path, name: str, damage: str
) -> None:
    version = build(tmp_path)
    data = (version / name).read_bytes()
    (version / name).write_bytes(b"" if damage == "empty" else data[: len(data) // 2])
    with pytest.raises(IndexCorruptError, match="damaged or truncated") as err:
        Searcher.open(tmp_path, SETTINGS)
    assert name in str(err.value) and "policykb ingest --index" in str(err.value)
    assert Library.load(tmp_path).get("DoDI 9999.01", "3.1.b.(2)") is not None  # cite works


def test_ingest_repairs_a_damaged_version_of_unchanged_sources(tmp_path: Path) -> None:
    version = build(tmp_path)
    (version / "faiss.index").write_bytes(b"")
    previous = Previous.load(tmp_path)
    assert previous is not None and not previous.compatible  # records are parsed again
    reusable = previous.reusable(SETTINGS)
    assert reusable is not None and len(reusable.rows) > 0  # vectors and keys intact: re-used
    reusable.close()
    embed = HashEmbedder()
    repaired = build(tmp_path, embed=embed)
    assert repaired != version and embed.calls == []
    assert Searcher.open(tmp_path, SETTINGS).search("ficus", mode="bm25")


def test_deleted_file_and_dangling_pointer_are_named(tmp_path: Path) -> None:
    version = build(tmp_path)
    (version / "rows.npy").unlink()
    with pytest.raises(IndexCorruptError, match=r"rows\.npy: file is missing"):
        Searcher.open(tmp_path, SETTINGS)
    shutil.rmtree(version)
    with pytest.raises(IndexCorruptError, match="points to missing version"):
        Library.load(tmp_path)


@pytest.mark.parametrize("ann", ["ivf", "hnsw"])
def test_index_type_follows_size_and_approximate_search_is_calibrated(
    tmp_path: Path, ann: str
) -> None:
    from index import dense

    vectors = hash_vectors([f"text {i}" for i in range(3000)])
    flat, none = dense.build(vectors, Settings(dim=16))
    approx, calibration = dense.build(vectors, Settings(dim=16, exact_limit=100, ann=ann))
    assert (dense.kind(flat), dense.kind(approx), none) == ("flat", ann, None)
    assert calibration is not None and calibration.recall_at_10 >= 0.98
    dense.save(approx, tmp_path / "faiss.index")
    loaded = dense.load(tmp_path / "faiss.index", tmp_path, calibration.width)
    for row in (0, 57, 2999):
        _, found = dense.search(loaded, vectors, vectors[row : row + 1], 10, None)
        assert found[0] == row
    _, filtered = dense.search(loaded, vectors, vectors[3:4], 5, np.array([7, 8, 9, 3]))
    assert filtered[0] == 3 and set(filtered) == {3, 7, 8, 9}


def test_approximate_index_below_the_recall_floor_is_refused(tmp_path: Path) -> None:
    from index import dense
    from index.errors import AnnRecallError

    first = build(tmp_path)
    vectors = hash_vectors([f"text {i}" for i in range(3000)])
    strict = Settings(dim=16, exact_limit=100, ann="hnsw", hnsw_m=2, recall_floor=0.999)
    with pytest.raises(AnnRecallError, match=r"below the floor 0\.999"):
        dense.build(vectors, strict)
    lib = Library.load(tmp_path)
    with pytest.raises(AnnRecallError), versions.writer_lock(tmp_path):
        write_index(
            tmp_path, lib, replace(strict, exact_limit=5, recall_floor=1.01), HashEmbedder()
        )
    assert versions.resolve(tmp_path) == first  # the refused build published nothing


def test_keys_ending_in_nul_bytes_are_reused(tmp_path: Path) -> None:
    from index.text import search_text, text_key
    from ingest.records import Kind, Paragraph, ParsedDocument

    base = parsed()
    for i in range(20_000):  # about 1 in 256 keys ends in a NUL byte
        extra = Paragraph("DoDI 9999.01", "3.3", Kind.PARAGRAPH, (), "", f"Filler {i}.", (6,), "3")
        if text_key(search_text(extra, [])).endswith(b"\x00"):
            break
    doc = ParsedDocument(base.document, (*base.paragraphs, extra))
    build(tmp_path, doc)
    embed = HashEmbedder()
    build(tmp_path, doc, embed=embed)
    assert embed.calls == []
