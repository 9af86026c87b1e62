"""`to_json()`: the analysis as the JSON object of docs/analysis.md (extra keys allowed)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from diary.analysis.core import Analysis
from diary.analysis.iron_forms import GroupMean


def _d(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _group(g: GroupMean) -> dict[str, Any]:
    return asdict(g)


def to_json(a: Analysis) -> dict[str, Any]:
    """Spec keys first, in the spec's order and meaning; ferritin in ng/mL, dates ISO."""
    br = a.best_response
    s = a.symptoms_sleep
    latest = a.latest_ferritin
    return {
        "nights": a.nights,
        "first_night": _d(a.first_night),
        "last_night": _d(a.last_night),
        "best_response": {
            "ferritin": br.ferritin,
            "low": br.low,
            "high": br.high,
            "nights_used": br.nights_used,
            "reason": br.reason,
            "worse_above": br.worse_above,
            "readings_used": br.readings_used,
            "lag_days": br.lag_days,
            "effect": br.effect,
            "p_value": br.p_value,
            "confounded": br.confounded,
            "groups": [asdict(g) for g in br.groups],
        },
        "latest_ferritin": None
        if latest is None
        else {"date": _d(latest.date), "value": latest.value},
        "ferritin_trend_per_week": a.trend.slope_per_week,
        "projected_below_best_response": _d(a.trend.projected_below),
        "next_ferritin_check": _d(a.next_ferritin_check),
        "infusions": [
            {
                "date": _d(i.date),
                "dose_mg": i.dose_mg,
                "expected_rise": list(i.expected_rise),
                "observed_rise": i.observed_rise,
                "judge_from": _d(i.judge_from),
                "checks_due": [_d(c) for c in i.checks_due],
                "checks_done": list(i.checks_done),
                "product": i.product,
                "repeat_possible": i.repeat_possible,
            }
            for i in a.infusions
        ],
        "severity": {
            "last_30_mean": s.last_30.mean_severity,
            "previous_30_mean": s.previous_30.mean_severity,
            "severe_nights_last_30": s.last_30.severe_nights,
        },
        "sleep": {
            "last_30_mean_hours": s.last_30.mean_sleep_hours,
            "previous_30_mean_hours": s.previous_30.mean_sleep_hours,
            "last_30_mean_time_in_bed_hours": s.last_30.mean_time_in_bed_hours,
            "last_30_mean_efficiency_percent": s.last_30.mean_sleep_efficiency,
        },
        "trend_state": a.trend.state,
        "trend_readings": a.trend.readings,
        "repeat_possible": a.repeat_possible,
        "ferritin_readings_excluded": [
            {"date": _d(r.date), "value": r.value, "reason": r.excluded_reason}
            for r in a.readings
            if not r.used
        ],
        "opioids": asdict(a.opioids),
        "augmentation": {
            **asdict(a.augmentation),
            "flagged": a.augmentation.flagged,
            "agonists": list(a.augmentation.agonists),
        },
        "iron_forms": {
            "by_product": [_group(g) for g in a.iron_forms.by_product],
            "by_time_of_day": [_group(g) for g in a.iron_forms.by_time_of_day],
        },
        "tags": [asdict(t) for t in a.tags],
    }
