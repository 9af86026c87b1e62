"""Response windows: the nights from an infusion's date to 42 days after it (spec §2)."""

from __future__ import annotations

import numpy as np

RESPONSE_DAYS = 42


def response_window_mask(night_days: np.ndarray, infusion_days: np.ndarray) -> np.ndarray:
    """True for each night within infusion .. infusion + 42 days of any infusion."""
    if len(infusion_days) == 0 or len(night_days) == 0:
        return np.zeros(len(night_days), dtype=bool)
    inf = np.sort(infusion_days)
    last = np.searchsorted(inf, night_days, side="right") - 1
    since = night_days - inf[np.clip(last, 0, None)]
    return (last >= 0) & (since <= RESPONSE_DAYS)
