"""Weeks as the unit of evidence for comparisons, a permutation test, and Holm's correction.

Nights of one week are not independent (a cold, a flare, a bad run of sleep lasts days), so
the comparisons of tags, iron forms and times of day count weeks, not nights. Weeks run
Monday to Sunday (by the evening's date). The tests are permutation tests with a fixed seed,
so the same diary always gives the same answer:
- paired (tags): each week with nights both with and without a tag gives one difference;
  under "no effect" its sign is arbitrary, so signs are flipped (all 2^n ways for up to 12
  weeks, 1,999 random ways up to 59; from 60 weeks on, the flips' distribution of the sum is
  taken as normal with variance Σd², its large-sample form, which is then very close);
- two groups of weeks (before and after a switch): the week means are shuffled between them.
Many comparisons at once are corrected with Holm's step-down method (family-wise error 5 %),
and a difference is only called a finding when it is also at least `MIN_EFFECT` points.
These few lines are written here because loading scipy.stats or statsmodels for them would
cost 0.2-0.7 s of start-up, more than `analyze --json` may take in all.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np

ALPHA = 0.05
# Points on the 0-10 severity scale: a smaller difference is not called a finding, however
# many weeks show it.
MIN_EFFECT = 1.0
DRAWS = 1999
EXACT_UP_TO = 12
NORMAL_FROM = 60
_SEED = 20261129
_TOLERANCE = 1e-9


def week_numbers(days: np.ndarray) -> np.ndarray:
    """Monday-to-Sunday week numbers of proleptic day ordinals (day 1 was a Monday)."""
    return (days - 1) // 7


def _signs(n: int) -> np.ndarray:
    if n <= EXACT_UP_TO:
        return np.array(list(itertools.product((1.0, -1.0), repeat=n)), dtype=np.float64)
    rng = np.random.default_rng(_SEED)
    return rng.choice(np.array([1.0, -1.0]), size=(DRAWS, n))


def sign_flip_p(differences: np.ndarray) -> float:
    """Two-sided p-value that the mean of paired weekly differences is 0."""
    n = len(differences)
    if n >= NORMAL_FROM:
        spread = math.sqrt(float((differences**2).sum()))
        z = abs(float(differences.sum())) / spread if spread > 0 else 0.0
        return math.erfc(z / math.sqrt(2.0))
    observed = abs(float(differences.mean()))
    signs = _signs(n)
    flipped = np.abs(signs @ differences) / n
    hits = int((flipped >= observed - _TOLERANCE).sum())
    if n <= EXACT_UP_TO:
        return hits / len(signs)  # the identity is among the rows
    return (1 + hits) / (1 + DRAWS)


def two_group_p(first: np.ndarray, second: np.ndarray) -> float:
    """Two-sided permutation p-value that two groups of week means share one mean."""
    pooled = np.concatenate([first, second])
    n, k = len(pooled), len(first)
    observed = abs(float(second.mean() - first.mean()))
    rng = np.random.default_rng(_SEED)
    order = np.argsort(rng.random((DRAWS, n)), axis=1)
    shuffled = pooled[order]
    diffs = np.abs(shuffled[:, k:].mean(axis=1) - shuffled[:, :k].mean(axis=1))
    return (1 + int((diffs >= observed - _TOLERANCE).sum())) / (1 + DRAWS)


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm-adjusted p-values (step-down, kept monotone, at most 1), in the input's order."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [1.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p_values[i]))
        adjusted[i] = running
    return adjusted


def is_finding(difference: float, p_adjusted: float | None) -> bool:
    return p_adjusted is not None and p_adjusted < ALPHA and abs(difference) >= MIN_EFFECT
