"""`describe()`: the analysis in plain sentences, each with what it rests on and its caveat.

The app informs and never prescribes: sentences say what the diary shows, not what to do.
"""

from __future__ import annotations

from diary import words
from diary.analysis import comparison_sentences
from diary.analysis.core import Analysis
from diary.analysis.iron_sentences import course_sentences, iv_iron_sentences, trend_sentences
from diary.words import count

MAX_LISTED = 3


_d = words.day_month_year
_n = words.number


def _best(a: Analysis) -> list[str]:
    br = a.best_response
    worse = (
        f"Nights were worse again above about {words.number(br.worse_above)} ng/mL, which "
        "can happen with too much iron; that is worth showing your clinician."
        if br.worse_above is not None
        else None
    )
    if br.ferritin is None:
        text = (
            f"No best-response ferritin yet: {br.reason}. A number is only shown when "
            "the diary supports one."
        )
        return [text] if worse is None else [text, worse]
    assert br.low is not None
    assert br.high is not None
    lag = (
        f", and the brain taken to follow ferritin about {words.count(round(br.lag_days), 'day')} "
        "later"
        if br.lag_days
        else ""
    )
    out = [
        f"Your nights were at their best from about {words.number(br.ferritin)} ng/mL upward "
        f"(90 % range {words.number(br.low)}–{words.number(br.high)} ng/mL). This rests on "
        f"{words.count(br.nights_used, 'night')} and "
        f"{words.count(br.readings_used, 'ferritin reading')}, leaving out the 6 weeks after "
        f"each infusion course, with ferritin between blood tests filled in by straight "
        f"lines{lag}. It is an estimate from your own records, not a target."
    ]
    if worse is not None:
        out.append(worse)
    if br.confounded is not None:
        out.append(br.confounded)
    return out


def _ferritin(a: Analysis) -> list[str]:
    out: list[str] = []
    if a.latest_ferritin is not None:
        age = (a.today - a.latest_ferritin.date).days
        when = {0: "today", 1: "yesterday"}.get(age, f"{count(age, 'day')} ago")
        out.append(
            f"Your latest ferritin was {_n(a.latest_ferritin.value)} ng/mL on "
            f"{_d(a.latest_ferritin.date)} ({when})."
        )
    left_out = [r for r in a.readings if not r.used]
    for r in left_out[-MAX_LISTED:]:
        out.append(
            f"The ferritin of {_n(r.value)} ng/mL on {_d(r.date)} is left out of "
            f"the estimates: {r.excluded_reason}."
        )
    if len(left_out) > MAX_LISTED:
        out.append(
            f"{len(left_out) - MAX_LISTED} earlier ferritin readings are left out for "
            "the reasons above."
        )
    out += trend_sentences(a)
    out += iv_iron_sentences(a)
    return out


def _symptoms(a: Analysis) -> list[str]:
    s = a.symptoms_sleep
    out: list[str] = []
    if s.last_30.mean_severity is not None:
        text = (
            f"Over the last 30 days ({count(s.last_30.nights, 'night')} logged) RLS severity "
            f"averaged {s.last_30.mean_severity:.1f} of 10"
        )
        if s.previous_30.mean_severity is not None:
            text += f", against {s.previous_30.mean_severity:.1f} in the 30 days before"
        severe = s.last_30.severe_nights
        text += f"; {count(severe, 'night')} {'was' if severe == 1 else 'were'} severe (7 or more)."
        out.append(text)
    if s.last_30.mean_sleep_hours is not None:
        text = f"Sleep averaged {s.last_30.mean_sleep_hours:.1f} hours"
        if s.previous_30.mean_sleep_hours is not None:
            text += f" (previously {s.previous_30.mean_sleep_hours:.1f})"
        if s.last_30.mean_sleep_efficiency is not None:
            text += (
                f", {s.last_30.mean_sleep_efficiency:.0f} % of the time in bed on "
                "nights with bedtime, wake time and time to fall asleep recorded"
            )
        out.append(text + "; sleep and leg symptoms are counted apart.")
    out += comparison_sentences.augmentation(a)
    out += comparison_sentences.opioids(a)
    out += comparison_sentences.iron_forms(a)
    out += comparison_sentences.tags(a)
    return out


def describe(a: Analysis) -> list[str]:
    """Plain sentences for the window's insights, the report and `analyze` without --json."""
    if a.nights == 0:
        head = "The diary has no nights yet; the analysis starts once nights are logged."
    else:
        assert a.first_night is not None
        assert a.last_night is not None
        head = f"{count(a.nights, 'night')} from {_d(a.first_night)} to {_d(a.last_night)}."
    return [head, *_best(a), *_ferritin(a), *course_sentences(a), *_symptoms(a)]
