"""The numpy query encoder gives today's query vectors without importing torch.

Reference: `Embedder._torch_query`, the sentence-transformers path every index was built and
searched with until now. Questions: every question of the sample gold set, plus a long one that
sentence-transformers truncates at 256 word pieces.
"""

from __future__ import annotations

import json
import subprocess
import sys
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


def test_query_vectors_equal_the_sentence_transformers_ones() -> None:
    embedder = Embedder(Settings())
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


def test_only_models_of_the_supported_shape_take_the_numpy_path(tmp_path: Path) -> None:
    assert query_encoder.for_model(Settings().model) is not None
    assert query_encoder.for_model(str(tmp_path)) is None  # no config: sentence-transformers
    with pytest.raises(ValueError, match=r"Settings\.dim=384"):
        Embedder(Settings(dim=16)).encode_query("Who approves accounts?")


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
