"""Is there any relation between ferritin and severity beyond what time alone explains?

The candidate curve shapes (worse below a knot, or above one) are first freed of what time
alone can explain: a straight-line trend (a steady drift that happens to run with ferritin
is not evidence) and a yearly wave (nor is a season that happens to match an infusion).
The statistic is the largest correlation of severity with any freed shape. Its null
distribution comes from shifting the severity series round in time against the ferritin
(circular shifts, evenly spaced over the whole diary): flares, seasons and bad months keep
their length and order, only their alignment with ferritin is broken. Every shift counts,
the small ones too: leaving out the shifts near zero would let a slow swing that happens to
peak at zero look significant (the shifts form a group only when all are there)."""

from __future__ import annotations

import numpy as np

N_SHIFTS = 100
YEAR_DAYS = 365.25
N_KNOTS = 8
WIDTHS = (0.03, 0.3, 1.0)


def _nuisance(t: np.ndarray) -> np.ndarray:
    """Orthonormal columns spanning what time alone explains: level, trend, a yearly wave."""
    angle = 2 * np.pi * t / YEAR_DAYS
    design = np.column_stack([np.ones_like(t), t - t.mean(), np.sin(angle), np.cos(angle)])
    q, r = np.linalg.qr(design)
    return q[:, np.abs(np.diag(r)) > 1e-9 * np.abs(r).max()]


def _residual(y: np.ndarray, q: np.ndarray) -> np.ndarray:
    """`y` (last axis = nights) less its fit on the nuisance columns `q`."""
    return y - (y @ q) @ q.T


def shapes(x: np.ndarray, upward: bool) -> np.ndarray:
    """Candidate regressors (shapes x nights): worse below a knot, or worse above one."""
    knots = np.quantile(x, np.linspace(0.1, 0.9, N_KNOTS))
    if upward:
        return np.maximum(x[None, :] - knots[:, None], 0.0)
    rows = [np.clip(k - x, 0.0, w * k) for k in knots for w in WIDTHS]
    return np.array(rows)


def p_value(severity: np.ndarray, days: np.ndarray, regressors: list[np.ndarray]) -> float:
    """One-sided p-value (severity worse where a regressor is larger) over every shift.

    `regressors` holds one array (shapes x nights) per ferritin series tried (e.g. each
    lag), so the choice among them is part of the test.
    """
    # Weeks are the unit of evidence (nights of one week move together), and a diary has
    # 7 times fewer of them: each series becomes its weekly means over the nights logged.
    week = (days - days[0]) // 7
    weeks, index_of = np.unique(week, return_inverse=True)
    count = np.bincount(index_of).astype(np.float64)

    def weekly(values: np.ndarray) -> np.ndarray:
        sums = np.stack([np.bincount(index_of, weights=v) for v in np.atleast_2d(values)])
        return sums / count

    shapes_weekly = weekly(np.concatenate(regressors))
    sev = weekly(severity.astype(np.float64))[0]
    n = len(weeks)
    q = _nuisance(weeks.astype(np.float64) * 7.0)
    # Only the shapes are freed of time; severity is shifted as it is. Then the statistic at
    # shift 0 equals that of the freed severity, and the test stays exact for any severity
    # whose pattern looks the same shifted round (flares, noise): shifting a residual would
    # not be, since freeing from time is not itself shift-invariant.
    r = sev - float(sev.mean())
    z = _residual(shapes_weekly, q)
    norm = np.sqrt((z * z).sum(axis=1))
    keep = norm > 1e-6 * (1.0 + np.abs(shapes_weekly).max(axis=1))
    if not keep.any() or float(r @ r) <= 1e-12:
        return 1.0
    z = z[keep] / norm[keep, None]
    shifts = np.arange(0, n, -(-n // N_SHIFTS))
    index = (np.arange(n)[:, None] + shifts[None, :]) % n
    stat = np.maximum(z @ r[index], 0.0).max(axis=0)
    return float(np.count_nonzero(stat >= stat[0] - 1e-12) / len(stat))
