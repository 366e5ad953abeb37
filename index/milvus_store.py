"""The Milvus store: dense and BM25 search in Milvus (Lite file, Standalone or Distributed).

One collection per index version (`pkb_<index hash>_<version>`), named in the manifest, so a
version switch is still the directory's atomic `current` pointer: Milvus Lite has no aliases,
and a collection per version keeps the previous one serving while a new one is written. A
build killed midway leaves a collection no manifest names; the next ingest drops it.

Each row holds its number (primary key), document id (the filter), its exact vector (FLAT,
inner product: exact search, like FAISS below `exact_limit`) and its words as PolicyKB's own
BM25 tokenizer gives them (index.lexical: lower-cased, stopwords out, Snowball-stemmed), read
by Milvus's whitespace analyzer into a BM25 function. Milvus then counts the very tokens bm25s
counts, with the same k1 and b; its scores are bm25s's times (k1 + 1), measured equal to
float precision, and are divided back, so a Hit's `bm25` is the same number on both stores.

Where Milvus is: $POLICYKB_MILVUS_URI at ingest (a local file path ending in .db means Milvus
Lite embedded in the process; http://host:19530 a server; default: where the index already is,
else `<index>/milvus.db`), with
$POLICYKB_MILVUS_TOKEN for a server that needs one ("user:password" or an API key). Readers
take the URI from the manifest unless $POLICYKB_MILVUS_URI names another way to the same data
(several app processes share one Lite file through its served mode, see README).
"""

from __future__ import annotations

import hashlib
import os
import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from index import versions
from index.errors import StoreUnavailableError
from index.lexical import tokenize
from index.store import Lexical, Ranked

URI_ENV = "POLICYKB_MILVUS_URI"
TOKEN_ENV = "POLICYKB_MILVUS_TOKEN"
LITE_FILE = "milvus.db"
K1, B = 1.5, 0.75  # bm25s's defaults: the same scores on both stores
_WORDS_BYTES = 65_535  # Milvus VARCHAR limit; longer token texts are cut at a word
_BATCH = 1_000  # rows per insert: well inside the gRPC message limit at 384-d
# pymilvus pings every 10 s, even between calls; a gRPC server by default takes one ping per
# 5 minutes without data and then closes the channel ("too_many_pings"): Milvus Lite did so
# during a long load of a 1M-row collection, and the client then failed to reconnect.
_GRPC = {"grpc.keepalive_time_ms": 300_000, "grpc.keepalive_permit_without_calls": False}
_FIX = f"Start the Milvus server, or set ${URI_ENV} to where this index's Milvus is"


def connect(uri: str, index_dir: Path) -> Any:
    """A MilvusClient for `uri` (a Lite .db file or a server URL), token from the environment.

    Raises:
        StoreUnavailableError: pymilvus is not installed, or Milvus cannot be reached.
    """
    try:
        with warnings.catch_warnings():  # milvus-lite 2.5.1 imports the deprecated pkg_resources
            warnings.filterwarnings("ignore", "pkg_resources is deprecated", UserWarning)
            import milvus_lite  # noqa: F401  # imported here, under the filter, not on connect
            from pymilvus import MilvusClient
    except ImportError as exc:
        raise StoreUnavailableError(
            str(index_dir),
            "this index is in Milvus and pymilvus is not installed",
            'Install it with `pip install -e ".[milvus]"`',
        ) from exc
    if "://" not in uri and not uri.endswith(".db"):
        raise StoreUnavailableError(
            uri, "a Milvus Lite file must end in .db", f"Set ${URI_ENV} to a path like data/m.db"
        )
    try:
        return MilvusClient(uri=uri, token=os.environ.get(TOKEN_ENV, ""), grpc_options=_GRPC)
    except Exception as exc:  # pymilvus raises MilvusException, grpc and OS errors alike
        raise StoreUnavailableError(uri, f"cannot connect to Milvus ({exc})", _FIX) from exc


def words(text: str) -> str:
    """The BM25 tokens of `text`, space-separated, within Milvus's VARCHAR limit."""
    joined = " ".join(tokenize(text))
    if len(joined.encode()) <= _WORDS_BYTES:
        return joined
    cut = joined.encode()[:_WORDS_BYTES].decode(errors="ignore")
    return cut[: cut.rfind(" ")]


def _quoted(values: Sequence[str]) -> str:
    """A Milvus string-list literal: ["a", "b"] with quotes and backslashes escaped."""
    escaped = (v.replace("\\", "\\\\").replace('"', '\\"') for v in values)
    return "[" + ", ".join(f'"{v}"' for v in escaped) + "]"


def _doc_filter(docs: Sequence[str] | None) -> str:
    return "" if docs is None else f"doc in {_quoted(docs)}"


class MilvusStore:
    """One version's collection, searched through a MilvusClient."""

    def __init__(self, client: Any, collection: str, uri: str) -> None:
        self._client = client
        self.collection = collection
        self.uri = uri

    @classmethod
    def open(cls, entry: dict[str, Any], index_dir: Path) -> MilvusStore:
        """Connect and load the collection the manifest's "store" entry names.

        Raises:
            StoreUnavailableError: Milvus cannot be reached or lacks the collection.
        """
        uri = os.environ.get(URI_ENV) or str(entry.get("uri", ""))
        collection = str(entry.get("collection", ""))
        client = connect(uri, index_dir)
        try:
            present = client.has_collection(collection)
            if present:
                client.load_collection(collection)
        except Exception as exc:
            raise StoreUnavailableError(uri, f"Milvus failed ({exc})", _FIX) from exc
        if not present:
            raise StoreUnavailableError(
                uri,
                f"Milvus holds no collection {collection}, which {index_dir} names",
                f"Point ${URI_ENV} at the Milvus this index was built in, or rebuild it with "
                f"`policykb ingest --index {index_dir} --store milvus PATH...`",
            )
        return cls(client, collection, uri)

    def count(self) -> int:
        """Rows in the collection."""
        found = self._client.query(self.collection, filter="", output_fields=["count(*)"])
        return int(found[0]["count(*)"])

    def dense(self, query: np.ndarray, k: int, docs: Sequence[str] | None) -> Ranked:
        """Exact inner-product top-k (FLAT index) within the filter."""
        if docs is not None and not docs:
            return _empty()
        found = self._client.search(
            self.collection,
            data=[np.asarray(query[0], dtype=np.float32).tolist()],
            anns_field="vector",
            limit=k,
            filter=_doc_filter(docs),
            search_params={"metric_type": "IP"},
        )
        return _ranked(found[0], 1.0)

    def lexical(self, text: str, k: int, docs: Sequence[str] | None) -> Lexical:
        """Milvus BM25 top-k; other rows' scores by a search restricted to those rows."""
        tokens = words(text)
        if not tokens or (docs is not None and not docs):
            return Lexical(_empty(), lambda rows: np.zeros(len(rows), np.float32))
        top = self._bm25(tokens, k, _doc_filter(docs))
        known = dict(zip(top[1].tolist(), top[0].tolist(), strict=True))

        def score_of(rows: np.ndarray) -> np.ndarray:
            missing = [int(r) for r in rows if int(r) not in known]
            if missing:
                scores, found = self._bm25(tokens, len(missing), f"row in {missing}")
                known.update(zip(found.tolist(), scores.tolist(), strict=True))
            return np.array([known.get(int(r), 0.0) for r in rows], dtype=np.float32)

        return Lexical(top, score_of)

    def _bm25(self, tokens: str, k: int, where: str) -> Ranked:
        found = self._client.search(
            self.collection,
            data=[tokens],
            anns_field="sparse",
            limit=k,
            filter=where,
            search_params={"metric_type": "BM25"},
        )
        return _ranked(found[0], 1.0 / (K1 + 1.0))


def _ranked(hits: Any, scale: float) -> Ranked:
    """(scores, rows) of a Milvus result list, best first."""
    rows = np.array([int(h["id"]) for h in hits], dtype=np.int64)
    scores = np.array([float(h["distance"]) * scale for h in hits], dtype=np.float32)
    return scores, rows


def _empty() -> Ranked:
    return np.zeros(0, np.float32), np.zeros(0, np.int64)


def collection_prefix(index_dir: Path) -> str:
    """`pkb_<8 hex of the index path>_`: the collections of one index directory."""
    digest = hashlib.sha256(str(index_dir.resolve()).encode()).hexdigest()[:8]
    return f"pkb_{digest}_"


def collection_name(index_dir: Path, version_name: str) -> str:
    """The collection of one version (Milvus names take letters, digits and underscores)."""
    return collection_prefix(index_dir) + re.sub(r"\W", "_", version_name)


class MilvusWriter:
    """Writes a version's collection and drops collections no kept version names."""

    def __init__(self, index_dir: Path, previous_uri: str | None = None) -> None:
        """Write to $POLICYKB_MILVUS_URI, else where the index already is, else its Lite file."""
        self.index_dir = index_dir
        default = previous_uri or str((index_dir / LITE_FILE).resolve())
        uri = os.environ.get(URI_ENV) or default
        self.uri = uri if "://" in uri else str(Path(uri).resolve())

    def write(
        self, directory: Path, texts: list[str], vectors: np.ndarray, docs: list[str]
    ) -> dict[str, Any]:
        """Create, fill and load the collection of the version being built in `directory`."""
        name = collection_name(self.index_dir, directory.name.removeprefix(".tmp-"))
        client = connect(self.uri, self.index_dir)
        if client.has_collection(name):
            client.drop_collection(name)
        client.create_collection(
            name, schema=_schema(client, vectors.shape[1]), index_params=_index_params(client)
        )
        for start in range(0, len(texts), _BATCH):
            stop = min(start + _BATCH, len(texts))
            client.insert(
                name,
                [
                    {"row": i, "doc": docs[i], "words": words(texts[i]), "vector": vectors[i]}
                    for i in range(start, stop)
                ],
            )
        client.flush(name)
        client.load_collection(name)
        return {"kind": "milvus", "uri": self.uri, "collection": name, "bm25": [K1, B]}

    def sweep(self, index_dir: Path) -> None:
        """Drop this index's collections that no version directory's manifest names."""
        client = connect(self.uri, index_dir)
        kept = {_named_collection(v) for v in index_dir.glob("v-*")}
        prefix = collection_prefix(index_dir)
        for name in client.list_collections():
            if name.startswith(prefix) and name not in kept:
                client.drop_collection(name)


def _named_collection(version: Path) -> str | None:
    """The collection a version's manifest names, None when unreadable."""
    import json

    try:
        manifest = json.loads((version / versions.MANIFEST).read_text(encoding="utf-8"))
        return str(manifest["store"]["collection"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _schema(client: Any, dim: int) -> Any:
    from pymilvus import DataType, Function, FunctionType

    schema = client.create_schema(auto_id=False)
    schema.add_field("row", DataType.INT64, is_primary=True)
    schema.add_field("doc", DataType.VARCHAR, max_length=512)
    schema.add_field(
        "words",
        DataType.VARCHAR,
        max_length=_WORDS_BYTES,
        enable_analyzer=True,
        analyzer_params={"tokenizer": "whitespace"},
    )
    schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
    schema.add_function(
        Function(
            name="bm25",
            function_type=FunctionType.BM25,
            input_field_names=["words"],
            output_field_names=["sparse"],
        )
    )
    return schema


def _index_params(client: Any) -> Any:
    params = client.prepare_index_params()
    params.add_index("vector", index_type="FLAT", metric_type="IP")
    params.add_index(
        "sparse",
        index_type="SPARSE_INVERTED_INDEX",
        metric_type="BM25",
        params={"bm25_k1": K1, "bm25_b": B},
    )
    return params
