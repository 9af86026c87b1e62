"""The keys of `rls-diary analyze --json`, in the spec's order, copied by hand from
docs/analysis.md, so that a change to either is noticed."""

from __future__ import annotations

TOP = [
    "nights",
    "first_night",
    "last_night",
    "best_response",
    "latest_ferritin",
    "ferritin_trend_per_week",
    "projected_below_best_response",
    "next_ferritin_check",
    "infusions",
    "severity",
    "sleep",
]
BEST = ["ferritin", "low", "high", "nights_used", "reason", "worse_above"]
