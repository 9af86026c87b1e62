"""Page 1's words and numbers: the one-sentence summary, the key numbers and the flags.

Every count and number goes through `diary.words`, so the page never says "1 nights" or
"(0 days ago)". Each number says what it rests on; none says what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from diary.analysis import Analysis
from diary.analysis.best_response import REASON_NO_RELATION
from diary.analysis.summaries import SEVERE_FROM, WINDOW_DAYS
from diary.records import LabResult
from diary.report.text import day, num
from diary.words import count, plural

NOT_ENOUGH = "not enough data yet"


@dataclass(frozen=True, slots=True)
class KeyNumber:
    label: str
    value: str
    detail: str = ""


def ago(d: date, today: date) -> str:
    """'today', 'yesterday', '12 days ago' (a date after today is just the date)."""
    days = (today - d).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{count(days, 'day')} ago" if days > 1 else day(d)


def latest_lab(labs: tuple[LabResult, ...], test: str) -> LabResult | None:
    found = [x for x in labs if x.test == test and x.canonical_value is not None]
    return max(found, key=lambda x: x.date) if found else None


def _before(value: float | None, fmt: str) -> str:
    if value is None:
        return f"no nights in the {WINDOW_DAYS} before"
    return f"{fmt.format(value)} in the {WINDOW_DAYS} before"


def summary_sentence(a: Analysis, labs: tuple[LabResult, ...]) -> str:
    """One sentence in plain words: severity, sleep and the latest ferritin."""
    s = a.symptoms_sleep
    last, prev = s.last_30, s.previous_30
    if a.nights == 0 or last.mean_severity is None:
        text = "No nights are logged yet"
    else:
        if a.nights < WINDOW_DAYS:
            text = f"Over the {count(a.nights, 'night')} logged so far"
        else:
            text = f"Over the last {WINDOW_DAYS} days"
        text += f", RLS severity averaged {last.mean_severity:.1f} of 10"
        if prev.mean_severity is not None:
            text += f" ({prev.mean_severity:.1f} in the {WINDOW_DAYS} days before)"
        if last.mean_sleep_hours is not None:
            text += f", with {last.mean_sleep_hours:.1f} hours of sleep a night"
    lf = a.latest_ferritin
    if lf is None:
        text += "; no ferritin blood test is recorded."
    else:
        text += f"; the latest ferritin was {num(lf.value)} ng/mL ({ago(lf.date, a.today)})."
    return text


def _best_response(a: Analysis) -> KeyNumber:
    br = a.best_response
    label = "Best-response ferritin"
    if br.ferritin is not None and br.low is not None and br.high is not None:
        detail = f"range {num(br.low)}–{num(br.high)}; {count(br.nights_used, 'night')}"
        if br.worse_above is not None:
            detail += f"; worse again above about {num(br.worse_above)} ng/mL"
        if br.confounded is not None:
            detail += "; spans a change of treatment"
        return KeyNumber(label, f"{num(br.ferritin)} ng/mL", detail)
    if br.worse_above is not None:
        return KeyNumber(
            label,
            "no clear level",
            f"nights worse again above about {num(br.worse_above)} ng/mL",
        )
    if br.reason and br.reason.startswith(REASON_NO_RELATION):
        return KeyNumber(
            label,
            "no clear level",
            f"symptoms did not follow ferritin in {count(br.nights_used, 'night')}",
        )
    if br.readings_used == 0:
        return KeyNumber(label, NOT_ENOUGH, "no ferritin reading to go on yet")
    return KeyNumber(
        label,
        NOT_ENOUGH,
        f"{count(br.nights_used, 'night')} and {count(br.readings_used, 'ferritin reading')} "
        "to go on so far",
    )


def _trend(a: Analysis) -> KeyNumber:
    t = a.trend
    since = f" since the {t.since_event} of {day(t.since)}" if t.since is not None else ""
    if t.slope_per_week is None and t.readings == 0 and t.since is None:
        return KeyNumber("Ferritin trend", "–", "no ferritin reading yet")
    if t.slope_per_week is None:
        return KeyNumber(
            "Ferritin trend",
            "–",
            f"{count(t.readings, 'reading')}{since}; a trend needs two",
        )
    return KeyNumber(
        "Ferritin trend",
        f"{t.slope_per_week:+.1f} ng/mL a week",
        f"{t.state}, from {count(t.readings, 'reading')}{since}",
    )


def key_numbers(a: Analysis, labs: tuple[LabResult, ...]) -> tuple[KeyNumber, ...]:
    s = a.symptoms_sleep
    last, prev = s.last_30, s.previous_30
    out = [
        KeyNumber(
            f"Severity, last {WINDOW_DAYS} nights",
            "–" if last.mean_severity is None else f"{last.mean_severity:.1f} / 10",
            _before(prev.mean_severity, "{:.1f}"),
        ),
        KeyNumber(
            f"Severe nights ({SEVERE_FROM} or more)",
            f"{last.severe_nights} of {last.nights}",
            f"{plural('night', last.nights)} logged, last {WINDOW_DAYS} days",
        ),
        KeyNumber(
            f"Sleep, last {WINDOW_DAYS} nights",
            "–" if last.mean_sleep_hours is None else f"{last.mean_sleep_hours:.1f} h",
            _before(prev.mean_sleep_hours, "{:.1f} h"),
        ),
    ]
    lf = a.latest_ferritin
    out.append(
        KeyNumber("Latest ferritin", "–", "none recorded")
        if lf is None
        else KeyNumber(
            "Latest ferritin", f"{num(lf.value)} ng/mL", f"{day(lf.date)} ({ago(lf.date, a.today)})"
        )
    )
    tsat = latest_lab(labs, "tsat")
    out.append(
        KeyNumber("Latest TSAT", "–", "none recorded")
        if tsat is None or tsat.canonical_value is None
        else KeyNumber(
            "Latest TSAT",
            f"{num(tsat.canonical_value)} %",
            f"{day(tsat.date)} ({ago(tsat.date, a.today)})",
        )
    )
    out.append(_best_response(a))
    nxt = a.next_ferritin_check
    out.append(
        KeyNumber(
            "Next ferritin check",
            "–" if nxt is None else day(nxt),
            ("none due after the latest infusion" if a.infusions else "no infusion recorded")
            if nxt is None
            else ("overdue; " if nxt < a.today else "") + "8, 12 and 16 weeks after an infusion",
        )
    )
    out.append(_trend(a))
    return tuple(out)


def _opioid_flag(a: Analysis) -> str | None:
    o = a.opioids
    if o.mean_mme_last_30 is None:
        if o.doses_not_converted:
            return (
                f"Opioids: {count(o.doses_not_converted, 'dose')} could not be converted to "
                "morphine equivalents (unit or medicine without a conversion factor)."
            )
        return None
    d = a.series.dates
    recent = d > d.max() - np.timedelta64(
        WINDOW_DAYS, "D"
    )  # an opioid night exists: d is not empty
    nights = int(((a.series.mme > 0) & recent).sum())
    text = (
        f"Opioids: about {num(o.mean_mme_last_30)} mg oral morphine equivalent a day, on the "
        f"{count(nights, 'night')} with an opioid in the last {WINDOW_DAYS} days "
        f"(highest {num(o.max_mme or 0)} mg; CDC 2022 conversion factors, a common scale and "
        "not a dosing guide)."
    )
    if o.doses_not_converted:
        text += f" {count(o.doses_not_converted, 'dose')} could not be converted."
    return text


def _augmentation_flag(a: Analysis) -> str | None:
    aug = a.augmentation
    if not aug.on_dopaminergic:
        return None
    names = ", ".join(aug.medicines)
    signs = []
    if aug.onset_flag and aug.onset_earlier_minutes is not None:
        signs.append(
            f"symptoms began about {num(aug.onset_earlier_minutes / 60)} hours earlier in the "
            "last 4 weeks than in the 4 weeks before"
        )
    if aug.severity_flag and aug.worse_recent_nights is not None:
        signs.append(
            f"{aug.worse_recent_nights} of the last 7 nights were 2 points or more worse than "
            "the good spell before"
        )
    if not signs:
        return (
            f"Augmentation check ({names}): no sign in the diary (onset not 2 hours earlier, "
            "no run of worse nights after a good spell)."
        )
    return (
        f"Augmentation check ({names}): {'; '.join(signs)}. On a dopamine agonist this can "
        "be a sign of augmentation (IRLSSG criteria)."
    )


def flags(a: Analysis) -> tuple[str, ...]:
    """The opioid and augmentation lines, each only when it applies."""
    return tuple(f for f in (_opioid_flag(a), _augmentation_flag(a)) if f)
