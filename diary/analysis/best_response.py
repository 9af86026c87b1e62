"""Best-response ferritin: the lowest level at and above which this patient's nights were best.

Method (spec/analysis.md §3), on nights with an estimated ferritin outside response windows:
1. Sort the nights by estimated ferritin and cut them into groups of consecutive ferritin
   (quantile groups): each holds at least max(21, n/12) nights and rests on at least two
   different ferritin readings (the reading each night leans on most), and nights with the
   same estimate are never split. Fewer than two groups: no value.
2. Uncertainty comes from a block bootstrap (calendar weeks resampled with replacement,
   200 resamples, fixed seed), so nights of one week, which move together, count as one
   piece of evidence. Everything is computed on the sorted data, so input order and exact
   duplicates cannot change the result.
3. The best group has the lowest mean severity. Walking down from it, groups stay "as good
   as the best" while their mean is within max(1 point, 2 bootstrap SDs of the
   difference) of it; the first group that is not marks the edge.
4. No clear relation (no value) when even the lowest group is as good as the best, or when
   the pooled nights below the edge are less than 1 point worse, or within 2 SDs of noise,
   than the pooled nights from the edge to the best group.
5. The level itself is found at night resolution around the edge: sliding windows of
   consecutive nights (a third of a group long) starting in the group below the edge; the level
   is the ferritin just above the last window that is still clearly worse than the best.
6. The range is the 5th..95th percentile of that level over the bootstrap resamples (each
   resample repeats steps 3-5); when most resamples find no edge, there is no clear
   relation. The value is rounded to 5 ng/mL; the range is widened outwards to 5 ng/mL.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

MIN_GROUP_NIGHTS = 21
MAX_GROUPS = 12
MIN_GROUP_READINGS = 2
GOOD_MARGIN = 1.0
CLEAR_DIFFERENCE = 1.0
NOISE_SDS = 2.0
N_RESAMPLES = 200
BLOCK_DAYS = 7
SEED = 20_240_601
ROUND_TO = 5.0

REASON_READINGS = "fewer than two ferritin readings"
REASON_NIGHTS = "too few nights at different ferritin levels"
REASON_NO_RELATION = "no clear relation between ferritin and symptoms"


@dataclass(frozen=True, slots=True)
class FerritinGroup:
    """Nights whose estimated ferritin lies in [low, high], with their mean severity."""

    low: float
    high: float
    nights: int
    readings: int
    mean_severity: float
    ci_low: float  # 95 % bootstrap interval of the mean
    ci_high: float


@dataclass(frozen=True, slots=True)
class BestResponse:
    """The best-response level with its range, or None with a plain `reason`."""

    ferritin: float | None
    low: float | None
    high: float | None
    nights_used: int
    readings_used: int
    reason: str | None
    groups: tuple[FerritinGroup, ...] = ()
    best_group: int | None = None
    edge_group: int | None = None
    below_mean: float | None = None  # mean severity of nights below the level's group edge
    at_best_mean: float | None = None  # mean severity from the edge group to the best group


def _groups(f: np.ndarray, anchor: np.ndarray, size: int) -> list[int]:
    """Start indexes of the quantile groups over sorted ferritin `f`."""
    _, run_starts = np.unique(np.round(f, 2), return_index=True)
    run_ends = np.append(run_starts[1:], len(f))
    starts: list[int] = []
    current_start, count, seen = 0, 0, set()
    for a, b in zip(run_starts.tolist(), run_ends.tolist(), strict=True):
        if count == 0:
            current_start = a
        count += b - a
        seen.update(anchor[a:b].tolist())
        if count >= size and len(seen) >= MIN_GROUP_READINGS:
            starts.append(current_start)
            count, seen = 0, set()
    # A remainder too small to stand alone joins the last group (its start stays).
    return starts


def _weights(days: np.ndarray) -> np.ndarray:
    """Resample weights (resamples x nights): calendar weeks drawn with replacement."""
    _, block = np.unique((days - days.min()) // BLOCK_DAYS, return_inverse=True)
    nb = int(block.max()) + 1
    rng = np.random.default_rng(SEED)
    draws = rng.integers(0, nb, size=(N_RESAMPLES, nb))
    flat = (draws + np.arange(N_RESAMPLES)[:, None] * nb).ravel()
    counts = np.bincount(flat, minlength=N_RESAMPLES * nb).reshape(N_RESAMPLES, nb)
    return counts[:, block].astype(np.float64)


def _group_sums(w: np.ndarray, s: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weighted severity sums and weights per group (groups are runs of the sorted nights)."""
    return np.add.reduceat(w * s, starts, axis=-1), np.add.reduceat(w, starts, axis=-1)


def _ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return a / b


def _quantiles(values: np.ndarray, qs: tuple[float, ...]) -> np.ndarray:
    """Column quantiles ignoring NaN (nearest rank; much faster than nanpercentile)."""
    ordered = np.sort(values, axis=0)  # NaN sorts last
    valid = np.maximum((~np.isnan(values)).sum(axis=0), 1)
    cols = np.arange(values.shape[1])
    return np.array([ordered[np.round(q * (valid - 1)).astype(np.int64), cols] for q in qs])


def _edges(means: np.ndarray, tol: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Best group and edge group (first of the run as good as the best) per row of means."""
    k = means.shape[1]
    filled = np.where(np.isnan(means), np.inf, means)
    best = np.argmin(filled, axis=1)
    diff = means - means[np.arange(len(means)), best][:, None]
    worse = diff > tol[None, :]
    idx = np.arange(k)[None, :]
    below_worse = np.where(worse & (idx < best[:, None]), idx, -1)
    return best, below_worse.max(axis=1) + 1


def _local_means(w: np.ndarray, s: np.ndarray, width: int) -> np.ndarray:
    """Mean severity of each run of `width` consecutive (ferritin-sorted) nights."""
    shape = (*w.shape[:-1], 1)
    cw = np.concatenate([np.zeros(shape), np.cumsum(w, axis=-1)], axis=-1)
    cs = np.concatenate([np.zeros(shape), np.cumsum(w * s, axis=-1)], axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (cs[..., width:] - cs[..., :-width]) / (cw[..., width:] - cw[..., :-width])


def _levels(
    f: np.ndarray,
    starts: np.ndarray,
    local: np.ndarray,
    local_tol: np.ndarray,
    best_level: np.ndarray,
    edge: np.ndarray,
    tol: np.ndarray,
    offset: int,
) -> np.ndarray:
    """The ferritin level per row: just above the last clearly-worse window below the edge."""
    rows = local.shape[0]
    level = np.full(rows, np.nan)
    ok = edge >= 1
    if not ok.any():
        return level
    e = np.where(ok, edge, 1)
    lo = starts[e - 1]
    hi = starts[e]
    p = offset + np.arange(local.shape[1])[None, :]
    limit = np.maximum(local_tol[None, :], tol[e][:, None])  # local_tol starts at `offset`
    bad = (local - best_level[:, None]) > limit
    region = (p >= lo[:, None]) & (p < hi[:, None])
    last_bad = np.where(bad & region, p, -1).max(axis=1)
    at = np.where(last_bad >= 0, last_bad + 1, lo)
    level[ok] = f[at][ok]
    return level


def best_response(
    ferritin: np.ndarray,
    severity: np.ndarray,
    days: np.ndarray,
    anchor: np.ndarray,
) -> BestResponse:
    """Best-response ferritin from eligible nights (estimated ferritin, outside windows)."""
    order = np.lexsort((days, severity, ferritin))
    f, s, d, a = ferritin[order], severity[order].astype(np.float64), days[order], anchor[order]
    n = len(f)
    readings = len(np.unique(a))
    if readings < 2:
        return BestResponse(
            None,
            None,
            None,
            n,
            readings,
            f"{REASON_READINGS}: the {n} nights with an estimated ferritin "
            f"outside infusion response windows rest on {readings} reading"
            f"{'' if readings == 1 else 's'}",
        )
    size = max(MIN_GROUP_NIGHTS, math.ceil(n / MAX_GROUPS))
    start_list = _groups(f, a, size)
    if len(start_list) < 2:
        return BestResponse(
            None,
            None,
            None,
            n,
            readings,
            f"{REASON_NIGHTS}: {n} nights with an estimated ferritin outside "
            f"infusion response windows; at least {2 * size} spread over "
            "different ferritin readings are needed",
        )
    starts = np.array(start_list, dtype=np.int64)
    ends = np.append(starts[1:], n)
    w = _weights(d)
    sums, counts = _group_sums(np.ones(n), s, starts)
    boot_sums, boot_counts = _group_sums(w, s, starts)
    means, boot = sums / counts, _ratio(boot_sums, boot_counts)
    best0, edge0 = _edges(means[None, :], np.full(len(starts), GOOD_MARGIN))
    b = int(best0[0])
    diff_sd = np.nanstd(boot - boot[:, [b]], axis=0)
    tol = np.maximum(GOOD_MARGIN, NOISE_SDS * diff_sd)
    best0, edge0 = _edges(means[None, :], tol)
    b, e = int(best0[0]), int(edge0[0])
    ci = _quantiles(boot, (0.025, 0.975))
    ci = np.where(np.isnan(ci), means[None, :], ci)  # a group no resample drew
    groups = tuple(
        FerritinGroup(
            round(float(f[i]), 1),
            round(float(f[j - 1]), 1),
            int(j - i),
            len(np.unique(a[i:j])),
            round(float(means[g]), 3),
            round(float(ci[0, g]), 3),
            round(float(ci[1, g]), 3),
        )
        for g, (i, j) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True))
    )
    base = BestResponse(None, None, None, n, readings, None, groups, b)
    if e == 0:
        return replace(
            base,
            reason=(
                f"{REASON_NO_RELATION}: nights at the lowest ferritin levels in this diary were "
                "about as good as at the best level"
            ),
        )
    cut = int(starts[e])
    below = float(sums[:e].sum() / counts[:e].sum())
    at_best = float(sums[e : b + 1].sum() / counts[e : b + 1].sum())
    boot_diff = _ratio(boot_sums[:, :e].sum(1), boot_counts[:, :e].sum(1)) - _ratio(
        boot_sums[:, e : b + 1].sum(1), boot_counts[:, e : b + 1].sum(1)
    )
    diff, diff_noise = below - at_best, float(np.nanstd(boot_diff))
    base = replace(base, edge_group=e, below_mean=round(below, 3), at_best_mean=round(at_best, 3))
    if diff < CLEAR_DIFFERENCE or diff <= NOISE_SDS * diff_noise:
        return replace(
            base,
            reason=(
                f"{REASON_NO_RELATION}: nights below {f[cut]:.0f} ng/mL were {diff:.1f} points "
                "worse on average, which is within the noise of this diary"
            ),
        )
    width = max(10, size // 3)
    best_r, edge_r = _edges(boot, tol)
    # Sliding windows are only needed where some resample (or the data) puts its edge.
    edges = np.append(edge_r[edge_r >= 1], e)
    lo, hi = int(starts[edges.min() - 1]), min(n, int(starts[edges.max()]) + width)
    local0 = _local_means(np.ones((1, hi - lo)), s[lo:hi], width)
    local_boot = _local_means(w[:, lo:hi], s[lo:hi], width)
    local_tol = NOISE_SDS * np.nan_to_num(np.nanstd(local_boot, axis=0))
    level0 = _levels(f, starts, local0, local_tol, np.array([means[b]]), edge0, tol, lo)[0]
    level_r = _levels(
        f, starts, local_boot, local_tol, boot[np.arange(N_RESAMPLES), best_r], edge_r, tol, lo
    )
    found = level_r[np.isfinite(level_r)]
    if len(found) < N_RESAMPLES / 2:
        return replace(
            base,
            reason=(
                f"{REASON_NO_RELATION}: the level where nights become as good as the best is not "
                "stable when the weeks of this diary are resampled"
            ),
        )
    lo_q, hi_q = np.percentile(found, [5, 95])
    value = round(float(level0) / ROUND_TO) * ROUND_TO
    low = math.floor(min(float(lo_q), float(level0)) / ROUND_TO) * ROUND_TO
    high = math.ceil(max(float(hi_q), float(level0)) / ROUND_TO) * ROUND_TO
    return replace(base, ferritin=float(value), low=float(low), high=float(high))
