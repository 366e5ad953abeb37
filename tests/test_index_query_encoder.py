"""The numpy and ONNX query encoders give today's query vectors without importing torch.

Reference: `Embedder._torch_query`, the sentence-transformers path every index was built and
searched with until now. Questions: every question of the sample gold set, plus a long one that
sentence-transformers truncates at 256 word pieces.
"""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from index import query_encoder
from index.embed import Embedder
from index.settings import Settings

pytestmark = pytest.mark.model
REPO = Path(__file__).resolve().parents[1]


def questions() -> list[str]:
    lines = (REPO / "eval" / "gold" / "samples.jsonl").read_text(encoding="utf-8").splitlines()
    asked = [json.loads(line)["question"] for line in lines if line.strip()]
    return [*asked, "Who approves DEMIL code Q waivers for contaminated items? " * 30]


def _fresh(engine: str) -> query_encoder.QueryEncoder:
    """An encoder of the packaged model not shared with other tests, on `engine`."""
    encoder = query_encoder.load(Settings().model)
    assert encoder is not None
    if engine == "onnx":
        encoder.use_onnx()
    return encoder


@pytest.mark.parametrize("engine", ["numpy", "onnx"])
def test_query_vectors_equal_the_sentence_transformers_ones(
    engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    encoder = _fresh(engine)
    monkeypatch.setattr(query_encoder, "for_model", lambda name: encoder)
    embedder = Embedder(Settings(query_engine=engine))
    asked = questions()
    assert len(asked) > 60
    for text in asked:
        fast = embedder.encode_query(text)
        embedder._last_query = None
        slow = embedder._torch_query(text)
        assert float(fast.vector[0] @ slow.vector[0]) >= 0.9999, text
        assert fast.tokens.shape == slow.tokens.shape and len(fast.tokens), text
        assert fast.ids.tolist() == slow.ids.tolist(), text  # the pieces whose IDF weighs them
        per_token = (fast.tokens * slow.tokens).sum(axis=1)  # both unit rows
        assert float(per_token.min()) >= 0.9999, text
    assert encoder.engine == engine


def test_without_onnxruntime_the_onnx_engine_falls_back_to_numpy_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    encoder = _fresh("numpy")
    monkeypatch.setattr(query_encoder, "for_model", lambda name: encoder)
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import raises ImportError
    embedder = Embedder(Settings(query_engine="onnx"))
    with pytest.warns(UserWarning, match="numpy runs instead"):
        first = embedder.encode_query("Who approves official accounts?")
    assert encoder.engine == "numpy" and encoder.onnx_problem
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # tried once: no second warning, no second attempt
        again = embedder.encode_query("Who keeps the list of accounts?")
    assert first.vector.shape == again.vector.shape == (1, 384)


def test_an_unknown_query_engine_is_named() -> None:
    with pytest.raises(ValueError, match="'gpu': use one of numpy, onnx"):
        Embedder(Settings(query_engine="gpu")).encode_query("Who approves accounts?")


def test_how_queries_run_is_not_part_of_the_index_manifest() -> None:
    assert "query_engine" not in Settings(query_engine="numpy").manifest()


def test_only_models_of_the_supported_shape_take_the_numpy_path(tmp_path: Path) -> None:
    assert query_encoder.for_model(Settings().model) is not None
    assert query_encoder.for_model(str(tmp_path)) is None  # no config: sentence-transformers
    with pytest.raises(ValueError, match=r"Settings\.dim=384"):
        Embedder(Settings(dim=16)).encode_query("Who approves accounts?")


def test_ingest_tokenizes_as_the_encoder_does_without_loading_its_weights(
    tmp_path: Path,
) -> None:
    encoder = query_encoder.for_model(Settings().model)
    tokenizer = query_encoder.tokenizer_for(Settings().model)
    assert encoder is not None and tokenizer is not None
    long = "The Component head approves each waiver request in writing. " * 60  # > 256 pieces
    for text in ("Who approves a demil waiver?", long):
        assert tokenizer.encode(text).ids == encoder.tokenizer.encode(text).ids
    assert len(tokenizer.encode(long).ids) == 256  # cut where the model cuts
    assert query_encoder.tokenizer_for(str(tmp_path)) is None


def test_a_query_is_encoded_without_importing_torch() -> None:
    code = (
        "import sys; from index.embed import Embedder; from index.settings import Settings;"
        "q = Embedder(Settings()).encode_query('Who approves official accounts?');"
        "assert q.vector.shape == (1, 384) and q.tokens.shape == (5, 128), q.tokens.shape;"
        "print(sorted(m for m in ('torch', 'transformers', 'sentence_transformers')"
        " if m in sys.modules))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert run.stdout.strip() == "[]", run.stderr
