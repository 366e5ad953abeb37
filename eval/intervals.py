"""95 % bootstrap intervals for metrics over questions.

A few dozen questions make every rate noisy: 0.80 on 40 questions could be anything from
about 0.67 to 0.92. Each metric is re-computed on question sets drawn with replacement
(percentile bootstrap, a fixed seed so reports are reproducible), and the 2.5th and 97.5th
percentiles are reported beside the value, so "a small gain on a small set" is visible as noise.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

T = TypeVar("T")
RESAMPLES = 2000
SEED = 20261202


@dataclass(frozen=True)
class Interval:
    """A metric's value on all questions and its 95 % bootstrap interval."""

    value: float
    low: float
    high: float
    n: int  # questions the metric was computed on

    def __str__(self) -> str:
        if not self.n:
            return "-"
        return f"{self.value:.3f} [{self.low:.2f}, {self.high:.2f}]"


def bootstrap(
    items: Sequence[T], statistic: Callable[[Sequence[T]], float], resamples: int = RESAMPLES
) -> Interval:
    """`statistic` over `items` with its percentile-bootstrap 95 % interval.

    Args:
        items: one entry per question (what the statistic needs of it).
        statistic: maps a list of items to a number (a mean, an F1 ...).
        resamples: bootstrap draws.
    """
    if not items:
        return Interval(0.0, 0.0, 0.0, 0)
    rng = np.random.default_rng(SEED)
    draws = rng.integers(0, len(items), size=(resamples, len(items)))
    values = [statistic([items[i] for i in row]) for row in draws]
    low, high = np.percentile(values, [2.5, 97.5])
    return Interval(statistic(items), float(low), float(high), len(items))


def rate(flags: Sequence[bool]) -> float:
    """Share of True values (0 for none)."""
    return sum(flags) / len(flags) if flags else 0.0
