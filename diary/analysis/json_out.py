"""`to_json()`: the analysis as the JSON object of docs/analysis.md (extra keys allowed)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from diary.analysis.core import Analysis
from diary.analysis.ferritin import FerritinReading
from diary.analysis.infusions import CourseResult
from diary.analysis.iron_forms import GroupMean


def _d(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _group(g: GroupMean) -> dict[str, Any]:
    return asdict(g)


def _reading(r: FerritinReading | None) -> dict[str, Any] | None:
    return None if r is None else {"date": _d(r.date), "value": r.value}


def _course(c: CourseResult) -> dict[str, Any]:
    """One infusion course: the spec's keys first, then the extra ones."""
    return {
        "date": _d(c.date),
        "last_date": _d(c.last_date),
        "doses": [
            {"date": _d(d.date), "product": d.product, "dose_mg": d.dose_mg} for d in c.doses
        ],
        "dose_mg": c.dose_mg,
        "expected_rise": list(c.expected_rise),
        "observed_rise": c.observed_rise,
        "judge_from": _d(c.judge_from),
        "checks_due": [_d(d) for d in c.checks_due],
        "checks_done": list(c.checks_done),
        "ferritin_before": _reading(c.before),
        "ferritin_after": _reading(c.after),
        "rise_compared": c.rise_compared,
        "severity_before": c.severity_before,
        "nights_before": c.nights_before,
        "severity_after": c.severity_after,
        "nights_after": c.nights_after,
        "after_complete": c.after_complete,
    }


def _plain(record: Any) -> dict[str, Any]:
    """A dataclass as JSON values: tuples (also nested ones) as lists."""
    return asdict(record, dict_factory=lambda items: {k: _listed(v) for k, v in items})


def _listed(value: Any) -> Any:
    return [_listed(v) for v in value] if isinstance(value, tuple | list) else value


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
        "infusions": [_course(c) for c in a.infusions],
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
        "repeat_rule_withheld": a.iv_iron.withheld,
        "latest_tsat": None
        if a.iv_iron.latest_tsat is None
        else {"date": _d(a.iv_iron.latest_tsat_date), "value": a.iv_iron.latest_tsat},
        "ferritin_check_worth_discussing": {
            "below_best_response": a.check_prompt.below_best,
            "symptoms_worse": a.check_prompt.symptoms_worse,
        },
        "ferritin_readings_excluded": [
            {"date": _d(r.date), "value": r.value, "reason": r.excluded_reason}
            for r in a.readings
            if not r.used
        ],
        "opioids": _plain(a.opioids),
        "augmentation": {
            **asdict(a.augmentation),
            "flagged": a.augmentation.flagged,
            "medicines": list(a.augmentation.medicines),
        },
        "iron_forms": {
            "by_product": [_group(g) for g in a.iron_forms.by_product],
            "by_time_of_day": [_group(g) for g in a.iron_forms.by_time_of_day],
            "switches": [{**_plain(s), "date": _d(s.date)} for s in a.iron_forms.switches],
        },
        "tags": [asdict(t) for t in a.tags],
    }
