"""The learned ranker: its loss and fit on data whose answer is known, its file, its choice."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from qa import features, rank
from qa.fit_ranker import Group, _loss, _names, fit, recall_at_1


def _groups(n: int, seed: int = 0) -> list[Group]:
    """Questions of 10 candidates where only "focus" tells the accepted one (noise elsewhere)."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        matrix = rng.normal(size=(10, len(features.NAMES)))
        labels = np.zeros(10, dtype=bool)
        good = int(rng.integers(10))
        labels[good] = True
        matrix[:, features.NAMES.index("focus")] = rng.normal(size=10) - 3.0
        matrix[good, features.NAMES.index("focus")] += 5.0
        out.append(Group(f"q{i}", matrix, labels))
    return out


def test_gradient_matches_finite_differences() -> None:
    rng = np.random.default_rng(1)
    data = [(rng.normal(size=(6, 4)), np.array([1, 0, 1, 0, 0, 0], bool)) for _ in range(3)]
    w = rng.normal(size=4)
    _, grad = _loss(w, data, 0.5)
    eps = 1e-6
    numeric = [
        (_loss(w + eps * np.eye(4)[j], data, 0.5)[0] - _loss(w - eps * np.eye(4)[j], data, 0.5)[0])
        / (2 * eps)
        for j in range(4)
    ]
    assert np.allclose(grad, numeric, atol=1e-5)


def test_fit_learns_the_feature_that_decides() -> None:
    train, test = _groups(80), _groups(40, seed=2)
    model = fit(train, features.NAMES, penalty=0.1)
    assert recall_at_1(None, test) < 0.3  # fused order (first candidate) is chance
    assert recall_at_1(model, test) > 0.9
    weights = dict(zip(model.names, model.weights, strict=True))
    assert max(weights, key=lambda n: abs(weights[n])) == "focus"


def test_ranker_file_round_trip_and_model_choice(tmp_path: Path) -> None:
    base = fit(_groups(30), _names(frozenset()), 1.0)
    late = fit(_groups(30), _names(frozenset({"late"})), 1.0)
    late = rank.Model(frozenset({"late"}), late.names, late.mean, late.scale, late.weights)
    path = tmp_path / "ranker.json"
    payload = {"provenance": {"gold": "x"}, "models": [rank.model_to_json(m) for m in (base, late)]}
    path.write_text(json.dumps(payload))
    ranker = rank.load(path)
    assert ranker.model_for(frozenset()).signals == frozenset()
    assert ranker.model_for(frozenset({"late", "other"})).signals == {"late"}
    matrix = np.random.default_rng(3).normal(size=(5, len(features.NAMES)))
    assert np.allclose(ranker.model_for(frozenset({"late"})).score(matrix), late.score(matrix),
                       atol=1e-4)  # fmt: skip
    assert "late" not in base.names and "late" in late.names


def test_unknown_feature_in_the_file_is_refused() -> None:
    data = {"signals": [], "names": ["no_such_feature"], "mean": [0], "scale": [1], "weights": [1]}
    with pytest.raises(ValueError, match="refit"):
        rank.model_from_json(data)


def test_shipped_ranker_names_its_fitting_command_and_split() -> None:
    ranker = rank.load()
    assert str(ranker.provenance["command"]).startswith("python -m qa.fit_ranker")
    assert ranker.provenance["split"] in ("dev", "all")
    assert ranker.model_for(frozenset()).signals == frozenset()
