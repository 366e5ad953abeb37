"""The learned ranker: which retrieved paragraph governs the question.

Fused retrieval finds the governing paragraph (it is in the top 20 for nearly every question)
but often not at rank 1. A linear model over qa.features re-orders the candidates; its weights
are data (qa/ranker.json), written by `python -m qa.fit_ranker` from the dev split of a gold
set, never tuned by hand. The file holds one model per set of index signals, so an index built
without token vectors still ranks with a model fitted for what it has.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from qa import features

DEFAULT_PATH = Path(__file__).with_name("ranker.json")
# Fused candidates the ranker re-orders: the governing paragraph is in the hybrid top 20 for
# 96-100 % of questions, and 30 leaves room while keeping composition within a few ms.
CANDIDATES = 30


@dataclass(frozen=True)
class Model:
    """One fitted linear scorer: score = ((x - mean) / scale) @ weights.

    Attributes:
        signals: the optional index signals it needs ("late"); empty for the base model.
        names: the features it reads, a subset of qa.features.NAMES.
        mean: per-feature mean on the training candidates.
        scale: per-feature standard deviation (1 where constant).
        weights: per-feature weight.
    """

    signals: frozenset[str]
    names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray

    def score(self, matrix: np.ndarray) -> np.ndarray:
        """Scores of candidates given their full feature rows (columns in NAMES order)."""
        columns = [features.NAMES.index(n) for n in self.names]
        x = (matrix[:, columns] - self.mean) / self.scale
        return np.asarray(x @ self.weights, dtype=np.float64)


@dataclass(frozen=True)
class Ranker:
    """The fitted models and where they came from."""

    models: tuple[Model, ...]
    provenance: dict[str, object]

    def model_for(self, available: frozenset[str]) -> Model:
        """The model that uses the most of the signals this index has (never one it lacks)."""
        usable = [m for m in self.models if m.signals <= available]
        if not usable:
            raise ValueError("qa/ranker.json has no model without optional signals; refit it")
        return max(usable, key=lambda m: len(m.signals))


def model_to_json(model: Model) -> dict[str, object]:
    """One model as written to ranker.json."""
    return {
        "signals": sorted(model.signals),
        "names": list(model.names),
        "mean": [round(float(v), 6) for v in model.mean],
        "scale": [round(float(v), 6) for v in model.scale],
        "weights": [round(float(v), 6) for v in model.weights],
    }


def model_from_json(data: dict[str, object]) -> Model:
    """Inverse of `model_to_json`."""

    def array(key: str) -> np.ndarray:
        values = data[key]
        assert isinstance(values, list)
        return np.array(values, dtype=np.float64)

    names = data["names"]
    signals = data["signals"]
    assert isinstance(names, list) and isinstance(signals, list)
    unknown = [n for n in names if n not in features.NAMES]
    if unknown:
        raise ValueError(f"ranker features {unknown} are not in qa.features.NAMES; refit it")
    return Model(frozenset(signals), tuple(names), array("mean"), array("scale"), array("weights"))


@cache
def load(path: Path = DEFAULT_PATH) -> Ranker:
    """The ranker in `path` (cached: it is read once per process)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return Ranker(tuple(model_from_json(m) for m in data["models"]), data.get("provenance", {}))
