"""Ferritin lagged to the brain: an exponential lag of the daily serum estimate.

The brain's iron follows serum ferritin over days to weeks. With time constant `tau` days,
brain[t] = brain[t-1] + (1 - exp(-1/tau)) * (serum[t] - brain[t-1]); a run of days with a
serum estimate starts in balance (brain = serum on its first day), since nothing is known
about the days before it. `tau = 0` is no lag.
"""

from __future__ import annotations

import numpy as np

CHUNK = 64


def _runs(valid: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of True in `valid`, end exclusive."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], valid.astype(np.int8), [0]))))
    return list(zip(edges[0::2].tolist(), edges[1::2].tolist(), strict=True))


def _lag_run(f: np.ndarray, a: float) -> np.ndarray:
    # Blocks of CHUNK days at once: within a block the filter is a lower-triangular matrix,
    # and only the last value carries into the next block.
    n = len(f)
    blocks = -(-n // CHUNK)
    padded = np.concatenate([f, np.full(blocks * CHUNK - n, f[-1])]).reshape(blocks, CHUNK)
    j = np.arange(CHUNK)
    power = np.where(j[:, None] >= j[None, :], a ** np.maximum(j[:, None] - j[None, :], 0), 0)
    inside = padded @ (power * (1.0 - a)).T
    carry_weight = a ** (j + 1)
    out = np.empty_like(padded)
    carry = f[0]
    for k in range(blocks):
        out[k] = inside[k] + carry_weight * carry
        carry = out[k, -1]
    return out.ravel()[:n]


def lagged(serum: np.ndarray, tau: float) -> np.ndarray:
    """The brain-lagged series of a daily serum series (NaN = no estimate that day)."""
    if tau <= 0:
        return serum.copy()
    a = float(np.exp(-1.0 / tau))
    out = np.full(len(serum), np.nan)
    for start, end in _runs(~np.isnan(serum)):
        out[start:end] = _lag_run(serum[start:end], a)
    return out
