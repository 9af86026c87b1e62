"""Best-response ferritin: where this patient's severity-against-ferritin curve levels off.

Method (docs/analysis.md, "Best-response ferritin"), on nights with an estimated ferritin
outside infusion response windows:
1. Ferritin is lagged to the brain (lag.py) with a time constant profiled over LAGS days.
2. A plateau-slope-plateau curve (hinge.py) is fitted by profile likelihood over its knot;
   the knot is the level. When nights get worse again above a level (overload), that upper
   limb is found on the nights above the knot, with its own shift test (`worse_above`), and
   the rest works on the nights below it.
3. Whether there is any relation at all is a separate test that respects time (relation.py):
   a circular shift of severity against ferritin shapes freed of a trend and a yearly wave.
   The level is only named when p < ALPHA and nights at the lowest ferritin are at least
   MIN_EFFECT points worse than on the plateau.
4. The value is the knot or, when higher, the median of the knot's profile likelihood (with
   the width and the lag integrated out): on a gentle curve the best knot leans low. No value
   when fewer than 28 nights lie well below the knot (LOWER_LIMB_RATIO) and the profile
   leaves weight above it: nothing then shows where the improvement levels off.
5. The 90 % range: the knot refitted on 200 block-bootstrap resamples (blocks of 4 weeks),
   its 5th and 95th percentiles pushed out from the estimate by CALIBRATION (set on the
   simulation study, tests/validation), joined with the profile's 90 %, then out to the
   nearest ferritin actually seen, so a stretch of ferritin with no nights (a gap between 30
   and 170) lies inside the range and the value is the lowest ferritin seen at or above the
   knot, never inside the gap.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import MutableMapping
from dataclasses import dataclass, replace

import numpy as np

from diary import words
from diary.analysis import hinge, relation
from diary.analysis.lag import lagged

LAGS = (0.0, 7.0, 14.0, 21.0)
ALPHA = 0.025
MIN_EFFECT = 1.0
NARROW_RATIO = 1.3  # ferritin whose highest is under 1.3 times its lowest barely varied
N_RESAMPLES = 200
BOOT_WIDTHS = (0.03, 0.2, 0.5, 1.0)
BLOCK_DAYS = 28
CALIBRATION = 1.3
LOWER_LIMB_RATIO = 1.3  # nights needed at ferritin this many times below the knot
PROFILE_QUANTILES = (0.05, 0.5, 0.95)
SEED = 20_240_601
ROUND_TO = 5.0
CACHE_ENTRIES = 8
MIN_GROUP_NIGHTS = 21
MAX_GROUPS = 12

REASON_READINGS = "fewer than two ferritin readings"
REASON_NARROW = "ferritin only ranged"
REASON_NIGHTS = "too few nights at different ferritin levels"
REASON_NO_RELATION = "no clear relation between ferritin and symptoms"
REASON_UNLOCATED = "the nights do not show where the improvement levels off"


@dataclass(frozen=True, slots=True)
class FerritinGroup:
    """Nights whose estimated ferritin lies in [low, high], with their mean severity."""

    low: float
    high: float
    nights: int
    readings: int
    mean_severity: float
    ci_low: float  # 95 % block-bootstrap interval of the mean
    ci_high: float


@dataclass(frozen=True, slots=True)
class BestResponse:
    """The best-response level with its 90 % range, or None with a plain `reason`."""

    ferritin: float | None
    low: float | None
    high: float | None
    nights_used: int
    readings_used: int
    reason: str | None
    worse_above: float | None = None
    groups: tuple[FerritinGroup, ...] = ()
    lag_days: float | None = None  # the brain lag the fit chose
    effect: float | None = None  # points worse at the lowest ferritin than on the plateau
    p_value: float | None = None  # the time-respecting test for any relation
    below_mean: float | None = None  # mean severity of the nights below the level
    at_best_mean: float | None = None  # mean severity at and above it
    confounded: str | None = None  # a sentence when the nights span a treatment change


def _n(v: float) -> str:
    return words.number(round(v))


def _groups(
    f: np.ndarray, s: np.ndarray, anchor: np.ndarray, block: np.ndarray, counts: np.ndarray
) -> tuple[FerritinGroup, ...]:
    """Quantile groups of estimated ferritin (for the chart), with block-bootstrap CIs."""
    order = np.argsort(f, kind="stable")
    f, s, anchor, block = f[order], s[order], anchor[order], block[order]
    size = max(MIN_GROUP_NIGHTS, math.ceil(len(f) / MAX_GROUPS))
    _, run_starts = np.unique(np.round(f, 2), return_index=True)
    run_ends = np.append(run_starts[1:], len(f))
    starts: list[int] = []
    count, seen = 0, set()
    for a, b in zip(run_starts.tolist(), run_ends.tolist(), strict=True):
        if count == 0:
            starts.append(a)
        count += b - a
        seen.update(anchor[a:b].tolist())
        if count >= size and len(seen) >= 2:
            count, seen = 0, set()
    if count and len(starts) > 1:
        starts.pop()  # a remainder too small to stand alone joins the group before
    bounds = np.append(starts, len(f))
    group = np.searchsorted(bounds, np.arange(len(f)), side="right") - 1
    g = len(starts)
    nb = counts.shape[1]
    flat = block * g + group
    bn = np.bincount(flat, minlength=nb * g).reshape(nb, g)
    bs = np.bincount(flat, weights=s, minlength=nb * g).reshape(nb, g)
    with np.errstate(invalid="ignore", divide="ignore"):
        boot = (counts @ bs) / (counts @ bn)
    out = []
    for k in range(g):
        i, j = int(bounds[k]), int(bounds[k + 1])
        mean = float(s[i:j].mean())
        col = boot[:, k][np.isfinite(boot[:, k])]
        lo, hi = np.quantile(col, [0.025, 0.975]) if len(col) else (mean, mean)
        out.append(
            FerritinGroup(
                round(float(f[i]), 1),
                round(float(f[j - 1]), 1),
                j - i,
                len(np.unique(anchor[i:j])),
                round(mean, 3),
                round(min(float(lo), mean), 3),
                round(max(float(hi), mean), 3),
            )
        )
    return tuple(out)


def _resample_counts(n_blocks: int) -> np.ndarray:
    """Resamples x blocks: how often each block of weeks is drawn (with replacement)."""
    rng = np.random.default_rng(SEED)
    draws = rng.integers(0, n_blocks, size=(N_RESAMPLES, n_blocks))
    flat = (draws + np.arange(N_RESAMPLES)[:, None] * n_blocks).ravel()
    return np.bincount(flat, minlength=N_RESAMPLES * n_blocks).reshape(N_RESAMPLES, n_blocks)


@dataclass(frozen=True, slots=True, eq=False)
class _Level:
    bins: hinge.Bins
    cand: hinge.Candidates
    best: int
    slope: float
    plateau: float
    gain: float


def _fit_level(x: np.ndarray, s: np.ndarray, block: np.ndarray, nb: int) -> _Level | None:
    bins = hinge.bin_nights(x, s, block, nb)
    cand = hinge.candidates(bins)
    if cand is None:
        return None
    fit = hinge.fit(bins.n[None, :].astype(np.float64), bins.s[None, :], bins.x, cand)
    return _Level(
        bins,
        cand,
        int(fit.best[0]),
        float(fit.slope[0]),
        float(fit.plateau[0]),
        float(fit.gain[0]),
    )


def _support(bins: hinge.Bins, knot_index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For knots on bin edges: the nearest ferritin seen below and at-or-above each knot
    (the knot itself where the neighbouring bin holds nights)."""
    knot = hinge.BIN_RATIO ** knot_index.astype(np.float64)
    below_pos = np.searchsorted(bins.index, knot_index, side="left") - 1
    above_pos = np.minimum(below_pos + 1, len(bins.index) - 1)
    below = np.where(
        bins.index[below_pos] == knot_index - 1, knot, bins.x[np.maximum(below_pos, 0)]
    )
    above = np.where(bins.index[above_pos] == knot_index, knot, bins.x[above_pos])
    return below, above


def _worse_above(
    x: np.ndarray, s: np.ndarray, d: np.ndarray, block: np.ndarray, nb: int, knot: float
) -> float | None:
    """The level above which nights get clearly worse again (iron overload), or None."""
    upper = x >= knot
    if upper.sum() < 2 * hinge.MIN_SIDE_NIGHTS:
        return None
    xu, su = x[upper], s[upper]
    # Mirror the axis so that the same fit finds a knot with nights worse *above* it.
    mirrored = hinge.bin_nights(1e4 / xu, su, block[upper], nb)
    cand = hinge.candidates(mirrored)
    if cand is None:
        return None
    cand = cand.subset(cand.width >= cand.knot * 0.999)
    fit = hinge.fit(mirrored.n[None, :].astype(np.float64), mirrored.s[None, :], mirrored.x, cand)
    b = int(fit.best[0])
    if b < 0:
        return None
    level = 1e4 / float(cand.knot[b])
    rise = float(fit.slope[0]) * float(cand.z_max[b])
    if rise < MIN_EFFECT:
        return None
    p = relation.p_value(su, d[upper], [relation.shapes(xu, upward=True)])
    return level if p < ALPHA else None


def content_key(
    night_days: np.ndarray,
    severity: np.ndarray,
    anchor: np.ndarray,
    serum_start: int,
    serum: np.ndarray,
) -> str:
    """A hash of everything the estimate depends on (and of the method's settings), so a
    cached result is found again only for exactly the same inputs: any edit misses it."""
    h = hashlib.blake2b(digest_size=16)
    settings = (
        LAGS,
        ALPHA,
        MIN_EFFECT,
        N_RESAMPLES,
        BLOCK_DAYS,
        CALIBRATION,
        LOWER_LIMB_RATIO,
        SEED,
        4,
    )
    h.update(repr(settings).encode())
    h.update(str(serum_start).encode())
    for array in (night_days, severity, anchor, serum):
        h.update(np.ascontiguousarray(array, dtype=np.float64).tobytes())
    return h.hexdigest()


def best_response(
    night_days: np.ndarray,
    severity: np.ndarray,
    anchor: np.ndarray,
    serum_start: int,
    serum: np.ndarray,
    cache: MutableMapping[str, BestResponse] | None = None,
) -> BestResponse:
    """Best-response ferritin from the eligible nights (estimated ferritin, outside response
    windows): their day numbers, severity and anchoring reading, with the daily serum
    estimate from day `serum_start` (NaN = none) that the brain lag runs over.

    The result depends on nothing else, so a caller that analyses the same diary again
    (a window redrawing after an unrelated edit) may pass a `cache` it owns: results are
    kept under `content_key` of the inputs."""
    if cache is None:
        return _best_response(night_days, severity, anchor, serum_start, serum)
    key = content_key(night_days, severity, anchor, serum_start, serum)
    found = cache.get(key)
    if found is None:
        found = _best_response(night_days, severity, anchor, serum_start, serum)
        while len(cache) >= CACHE_ENTRIES:
            del cache[next(iter(cache))]
        cache[key] = found
    return found


def _best_response(
    night_days: np.ndarray,
    severity: np.ndarray,
    anchor: np.ndarray,
    serum_start: int,
    serum: np.ndarray,
) -> BestResponse:
    order = np.argsort(night_days, kind="stable")
    d, s, a = night_days[order], severity[order].astype(np.float64), anchor[order]
    n = len(d)
    readings = len(np.unique(a))
    if readings < 2:
        return BestResponse(
            None,
            None,
            None,
            n,
            readings,
            f"{REASON_READINGS}: the {words.count(n, 'night')} with an estimated ferritin "
            f"outside infusion response windows rest on {words.count(readings, 'reading')}",
        )
    f = serum[d - serum_start]
    if f.max() < NARROW_RATIO * f.min():
        return BestResponse(
            None,
            None,
            None,
            n,
            readings,
            f"{REASON_NARROW} {_n(f.min())}–{_n(f.max())} ng/mL over the nights it can be "
            "estimated for, too little to see where nights level off",
        )
    block = (d - d[0]) // BLOCK_DAYS
    nb = int(block[-1]) + 1
    counts = _resample_counts(nb)
    groups = _groups(f, s, a, block, counts)
    xs = {tau: lagged(serum, tau)[d - serum_start] for tau in LAGS}
    fits = {tau: _fit_level(x, s, block, nb) for tau, x in xs.items()}
    usable = {tau: lv for tau, lv in fits.items() if lv is not None and lv.best >= 0}
    if all(lv is None for lv in fits.values()):
        return BestResponse(
            None,
            None,
            None,
            n,
            readings,
            f"{REASON_NIGHTS}: at least {hinge.MIN_SIDE_NIGHTS} nights are needed both "
            "below and above a level, at clearly different ferritin",
            groups=groups,
        )
    base = BestResponse(None, None, None, n, readings, None, groups=groups)
    over = None
    if usable:
        # Overload first (with its own shift test on the nights above the level), so that
        # nights made worse by too much iron do not hide the relation below the level.
        tau = max(usable, key=lambda t: (usable[t].gain, -t))
        knot = float(usable[tau].cand.knot[usable[tau].best])
        over = _worse_above(xs[tau], s, d, block, nb, knot)
    if over is not None:
        keep = xs[tau] < over
        refits = {t: _fit_level(x[keep], s[keep], block[keep], nb) for t, x in xs.items()}
        usable = {t: lv for t, lv in refits.items() if lv is not None and lv.best >= 0}
        s, d, block = s[keep], d[keep], block[keep]
        xs = {t: x[keep] for t, x in xs.items()}
        base = replace(base, worse_above=float(round(over / ROUND_TO) * ROUND_TO))
        if not usable:
            return replace(
                base, reason=f"{REASON_NIGHTS} below the level where nights get worse again"
            )
    p = relation.p_value(s, d, [relation.shapes(x, upward=False) for x in xs.values()])
    base = replace(base, p_value=round(p, 4))
    if not usable or p >= ALPHA:
        return replace(
            base,
            reason=(
                f"{REASON_NO_RELATION}: the link is no stronger than when the nights are "
                "shifted in time against the ferritin, so a flare, a season or a steady "
                "drift could explain it"
            ),
        )
    tau = max(usable, key=lambda t: (usable[t].gain, -t))
    return _locate(base, usable, tau, xs, s, counts, block)


def _profile(
    usable: dict[float, _Level],
    tau: float,
    xs: dict[float, np.ndarray],
    s: np.ndarray,
    block: np.ndarray,
) -> tuple[float, float, float]:
    """The 5th, 50th and 95th percentiles of the knot weighted by its profile likelihood,
    over every candidate (knot, width) of every lag: exp(-ΔRSS / (2 σ² v)), σ² the residual
    variance of the best fit and v how much the residuals' sums over blocks of weeks exceed
    what independent nights would give (nights of one stretch of time move together)."""
    level = usable[tau]
    cand, b = level.cand, level.best
    knot, width = float(cand.knot[b]), float(cand.width[b])
    r = s - level.plateau - level.slope * np.clip(knot - xs[tau], 0.0, width)
    rss = max(float(r @ r), 1e-9)  # a perfect fit leaves all the weight on its knot
    by_block = np.bincount(block, weights=r)
    scale = 2.0 * rss / max(len(s) - 4, 1) * max(float(by_block @ by_block) / rss, 1.0)
    top = max(lv.gain for lv in usable.values())
    knots = np.concatenate([lv.cand.knot for lv in usable.values()])
    log_w = np.concatenate(
        [
            -(top - hinge.gains(lv.bins.n, lv.bins.s, lv.bins.x, lv.cand)) / scale
            for lv in usable.values()
        ]
    )
    order = np.argsort(knots, kind="stable")
    weight = np.exp(log_w[order] - log_w.max())
    cum = np.cumsum(weight) / weight.sum()
    pick = np.minimum(np.searchsorted(cum, PROFILE_QUANTILES), len(cum) - 1)
    q05, q50, q95 = (float(k) for k in knots[order][pick])
    return q05, q50, q95


def _locate(
    base: BestResponse,
    usable: dict[float, _Level],
    tau: float,
    xs: dict[float, np.ndarray],
    s: np.ndarray,
    counts: np.ndarray,
    block: np.ndarray,
) -> BestResponse:
    x = xs[tau]
    level = usable[tau]
    bins, cand, b = level.bins, level.cand, level.best
    knot = float(cand.knot[b])
    effect = level.slope * float(cand.z_max[b])
    base = replace(
        base,
        lag_days=tau,
        effect=round(effect, 2),
        below_mean=round(float(s[x < knot].mean()), 3),
        at_best_mean=round(float(s[x >= knot].mean()), 3),
    )
    if effect < MIN_EFFECT:
        return replace(
            base,
            reason=(
                f"{REASON_NO_RELATION}: nights at the lowest ferritin were only "
                f"{effect:.1f} points worse than at the best level; at least "
                f"{words.number(MIN_EFFECT)} point is needed to name a level"
            ),
        )
    p05, p50, p95 = _profile(usable, tau, xs, s, block)
    # Without nights well below the knot, a sharp step there may fit about as well as a
    # gentle slope levelling off higher up (the profile likelihood then leaves weight above
    # the knot), and the knot cannot be placed: it leans low. A sharp step that nothing
    # higher fits as well (all the weight on the knot) is placed.
    well_below = knot / LOWER_LIMB_RATIO
    if int((x < well_below).sum()) < hinge.MIN_SIDE_NIGHTS and p95 > knot:
        return replace(
            base,
            reason=(
                f"{REASON_UNLOCATED}: fewer than {hinge.MIN_SIDE_NIGHTS} nights at ferritin "
                f"below {_n(well_below)} ng/mL, so a sharp change near {_n(knot)} ng/mL "
                "cannot be told from a gentle one levelling off higher"
            ),
        )
    # Each resample profiles the lag again, so the range carries the lag's uncertainty too.
    gains, lows, highs = [], [], []
    for lv in usable.values():
        # A coarser grid (knots 3 % apart, four widths) for the resamples keeps them cheap;
        # the range is then widened to the ferritin seen, finer than this grid anyway.
        share = lv.cand.width / lv.cand.knot
        coarse = lv.cand.subset(
            (lv.cand.knot_index % 2 == 0) & np.isin(np.round(share, 2), BOOT_WIDTHS)
        )
        boot = hinge.fit(
            (counts @ lv.bins.block_n).astype(np.float64),
            counts @ lv.bins.block_s,
            lv.bins.x,
            coarse,
        )
        below, above = _support(lv.bins, coarse.knot_index)
        pick = np.maximum(boot.best, 0)
        gains.append(np.where(boot.best >= 0, boot.gain, -1.0))
        # A knot on the first (last) candidate says only "this low (high) or beyond": too
        # few nights lie further out to place it, so the range runs on to the end seen.
        k = coarse.knot_index[pick]
        lows.append(np.where(k == coarse.knot_index[0], lv.bins.x[0], below[pick]))
        highs.append(np.where(k == coarse.knot_index[-1], lv.bins.x[-1], above[pick]))
    chosen = np.argmax(np.array(gains), axis=0)
    rows = np.arange(len(chosen))
    found = np.array(gains)[chosen, rows] >= 0
    if found.sum() < N_RESAMPLES / 2:
        return replace(
            base,
            reason=(
                f"{REASON_NO_RELATION}: the level is not stable when the weeks of this "
                "diary are resampled"
            ),
        )
    # On a gentle curve the best single knot leans low (the last stretch of the slope is
    # taken for plateau) and the profile likelihood runs on further above it than below:
    # the value is the knot or, when higher, the median of the knots weighted by their
    # profile likelihood, and the range holds that profile's 90 % too.
    point = max(knot, p50)
    seen = bins.x
    value = float(seen[seen >= point].min()) if (seen >= point).any() else float(seen.max())
    q_lo = float(np.quantile(np.array(lows)[chosen, rows][found], 0.05))
    q_hi = float(np.quantile(np.array(highs)[chosen, rows][found], 0.95))
    lo = min(knot - CALIBRATION * max(knot - q_lo, 0.0), p05)
    hi = max(knot + CALIBRATION * max(q_hi - knot, 0.0), p95)
    lo = float(seen[seen <= lo].max()) if (seen <= lo).any() else float(seen.min())
    hi = float(seen[seen >= hi].min()) if (seen >= hi).any() else float(seen.max())
    lo, hi = min(lo, value), max(hi, value)
    return replace(
        base,
        ferritin=float(round(value / ROUND_TO) * ROUND_TO),
        low=float(math.floor(lo / ROUND_TO) * ROUND_TO),
        high=float(math.ceil(hi / ROUND_TO) * ROUND_TO),
    )
