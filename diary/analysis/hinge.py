"""The plateau-slope-plateau (broken-stick) curve of severity against ferritin, fitted by
profile likelihood over its knot on a grid, for many weightings of the nights at once.

mean severity = plateau + slope * clip(K - x, 0, width * K): best and flat from the knot K
upwards, worse by `slope` per ng/mL below it, flat again below K - width * K. For a given
(K, width) this is a straight-line fit, so every candidate is scored in closed form from
running sums over narrow ferritin bins (1.5 % wide, each at the mean ferritin of its
nights); the bins make the cost independent of the number of nights, and a knot on a bin
edge puts every bin wholly on one side of it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BIN_RATIO = 1.015
# The slope's width as a share of K: from a near-step to a line reaching down to 0 ng/mL.
WIDTHS = (0.03, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0)
MIN_SIDE_NIGHTS = 28  # nights needed on each side of a knot for it to be a candidate


@dataclass(frozen=True, slots=True, eq=False)
class Bins:
    """Nights grouped into narrow ferritin bins; `block_*` are the same sums per block."""

    index: np.ndarray  # int64 bin number (log scale) of each occupied bin, ascending
    x: np.ndarray  # mean ferritin of the nights in each bin
    night_bin: np.ndarray  # for each night, its position in `index`
    block_n: np.ndarray  # blocks x bins: nights
    block_s: np.ndarray  # blocks x bins: sum of severity
    block_ss: np.ndarray  # blocks x bins: sum of squared severity

    @property
    def n(self) -> np.ndarray:
        return self.block_n.sum(axis=0)

    @property
    def s(self) -> np.ndarray:
        return self.block_s.sum(axis=0)


def bin_nights(x: np.ndarray, s: np.ndarray, block: np.ndarray, n_blocks: int) -> Bins:
    index = np.floor(np.log(x) / np.log(BIN_RATIO)).astype(np.int64)
    occupied, night_bin = np.unique(index, return_inverse=True)
    j = len(occupied)
    flat = block * j + night_bin

    def sums(w: np.ndarray) -> np.ndarray:
        return np.bincount(flat, weights=w, minlength=n_blocks * j).reshape(n_blocks, j)

    n = sums(np.ones(len(x)))
    mean_x = sums(x).sum(axis=0) / n.sum(axis=0)
    return Bins(occupied, mean_x, night_bin, n, sums(s), sums(s * s))


@dataclass(frozen=True, slots=True, eq=False)
class Candidates:
    """Every (knot, width) pair, knots ascending, with where each one's pieces start.

    Bins [0, flat) lie at or below K - width (regressor = width); bins [flat, above) lie on
    the slope (regressor = K - x); bins from `above` lie at or above the knot (0)."""

    knot_index: np.ndarray  # int64 bin-edge number of each candidate's knot
    knot: np.ndarray  # ng/mL
    width: np.ndarray  # ng/mL
    flat: np.ndarray  # int64 bin position
    above: np.ndarray  # int64 bin position
    z_max: np.ndarray  # the regressor at the lowest ferritin seen

    def subset(self, keep: np.ndarray) -> Candidates:
        return Candidates(
            self.knot_index[keep],
            self.knot[keep],
            self.width[keep],
            self.flat[keep],
            self.above[keep],
            self.z_max[keep],
        )


def candidates(bins: Bins) -> Candidates | None:
    """Knots on the bin edges with enough nights below and above; None when there are none."""
    cum = np.cumsum(bins.n)
    total = cum[-1]
    if total < 2 * MIN_SIDE_NIGHTS:
        return None
    # Knot at edge k: bins with index < k lie below it.
    lo = bins.index[np.searchsorted(cum, MIN_SIDE_NIGHTS)] + 1
    hi_pos = np.searchsorted(cum, total - MIN_SIDE_NIGHTS, side="right")
    if hi_pos >= len(bins.index):
        return None
    hi = bins.index[hi_pos]
    if hi < lo:
        return None
    k = np.arange(lo, hi + 1)
    knot = BIN_RATIO ** k.astype(np.float64)
    kk = np.repeat(k, len(WIDTHS))
    kn = np.repeat(knot, len(WIDTHS))
    width = kn * np.tile(np.array(WIDTHS), len(k))
    flat = np.searchsorted(bins.x, kn - width, side="right")
    above = np.searchsorted(bins.index, kk, side="left")
    z_max = np.clip(kn - bins.x[0], 0.0, width)
    return Candidates(kk, kn, width, flat, above, z_max)


@dataclass(frozen=True, slots=True, eq=False)
class Fit:
    """Per weighting (row): the best candidate, its gain over a flat line, slope and plateau."""

    best: np.ndarray  # int64 candidate index, -1 when no candidate has severity worse below
    gain: np.ndarray  # reduction of the residual sum of squares
    slope: np.ndarray
    plateau: np.ndarray


def _cum(w: np.ndarray) -> np.ndarray:
    return np.concatenate([np.zeros((len(w), 1)), np.cumsum(w, axis=1)], axis=1)


def _scores(
    wn: np.ndarray, ws: np.ndarray, x: np.ndarray, cand: Candidates
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per row and candidate: the gain over a flat line, sxy, sxx and sz, with n and the
    severity total per row."""
    cn, cnx, cnxx = _cum(wn), _cum(wn * x), _cum(wn * x * x)
    cs, csx = _cum(ws), _cum(ws * x)
    n, ss = cn[:, -1:], cs[:, -1:]
    f, a = cand.flat, cand.above
    k, w = cand.knot[None, :], cand.width[None, :]
    slope_n = cn[:, a] - cn[:, f]
    slope_x = cnx[:, a] - cnx[:, f]
    sz = w * cn[:, f] + k * slope_n - slope_x
    szz = w * w * cn[:, f] + k * k * slope_n - 2 * k * slope_x + (cnxx[:, a] - cnxx[:, f])
    szs = w * cs[:, f] + k * (cs[:, a] - cs[:, f]) - (csx[:, a] - csx[:, f])
    with np.errstate(invalid="ignore", divide="ignore"):
        sxx = szz - sz * sz / n
        sxy = szs - sz * ss / n
        ok = (sxy > 0) & (sxx > 1e-9 * np.maximum(szz, 1e-300))
        gain = np.where(ok, sxy * sxy / np.where(ok, sxx, 1.0), 0.0)
    return gain, sxy, sxx, sz, n, ss


def gains(n: np.ndarray, s: np.ndarray, x: np.ndarray, cand: Candidates) -> np.ndarray:
    """The gain of every candidate over a flat line for one weighting (the profile
    likelihood: the residual sum of squares is the total less the gain); 0 for a candidate
    whose nights are not worse below the knot."""
    return _scores(n[None, :].astype(np.float64), s[None, :], x, cand)[0][0]


def fit(wn: np.ndarray, ws: np.ndarray, x: np.ndarray, cand: Candidates) -> Fit:
    """Fit every candidate for each row of bin weights `wn` and severity sums `ws` (bins at
    ferritin `x`): the sums the straight-line fits need come from running totals over the
    bins, so the cost grows with candidates, not candidates times bins."""
    gain, sxy, sxx, sz, n, ss = _scores(wn, ws, x, cand)
    best = np.argmax(gain, axis=1)
    rows = np.arange(len(best))
    top = gain[rows, best]
    found = top > 0
    slope = np.where(found, sxy[rows, best] / np.where(found, sxx[rows, best], 1.0), 0.0)
    plateau = (ss[:, 0] - slope * sz[rows, best]) / n[:, 0]
    return Fit(np.where(found, best, -1), top, slope, plateau)
