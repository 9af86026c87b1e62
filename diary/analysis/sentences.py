"""`describe()`: the analysis in plain sentences, each with what it rests on and its caveat.

The app informs and never prescribes: sentences say what the diary shows, not what to do.
"""

from __future__ import annotations

from datetime import date

from diary.analysis.core import Analysis
from diary.analysis.iron_sentences import course_sentences, iv_iron_sentences, trend_sentences

MAX_LISTED = 3


def _d(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _n(value: float) -> str:
    return f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"


def _best(a: Analysis) -> list[str]:
    br = a.best_response
    if br.ferritin is None:
        return [
            f"No best-response ferritin yet: {br.reason}. A number is only shown when "
            "the diary supports one."
        ]
    assert br.low is not None and br.high is not None
    return [
        f"Your nights were best at ferritin of about {_n(br.ferritin)} ng/mL (range "
        f"{_n(br.low)}–{_n(br.high)}), from {br.nights_used} nights and "
        f"{br.readings_used} ferritin readings, leaving out the 6 weeks after each "
        "infusion. It is an estimate from your own records, with ferritin between "
        "blood tests filled in by straight lines."
    ]


def _ferritin(a: Analysis) -> list[str]:
    out: list[str] = []
    if a.latest_ferritin is not None:
        age = (a.today - a.latest_ferritin.date).days
        out.append(
            f"Your latest ferritin was {_n(a.latest_ferritin.value)} ng/mL on "
            f"{_d(a.latest_ferritin.date)} ({age} days ago)."
        )
    left_out = [r for r in a.readings if not r.used]
    for r in left_out[-MAX_LISTED:]:
        out.append(
            f"The ferritin of {_n(r.value)} ng/mL on {_d(r.date)} is left out of "
            f"the estimates: {r.excluded_reason}; inflammation raises ferritin."
        )
    if len(left_out) > MAX_LISTED:
        out.append(
            f"{len(left_out) - MAX_LISTED} earlier ferritin readings are left out for "
            "the same reason."
        )
    out += trend_sentences(a)
    out += iv_iron_sentences(a)
    return out


def _symptoms(a: Analysis) -> list[str]:
    s = a.symptoms_sleep
    out: list[str] = []
    if s.last_30.mean_severity is not None:
        text = (
            f"Over the last 30 days ({s.last_30.nights} nights logged) RLS severity "
            f"averaged {s.last_30.mean_severity:.1f} of 10"
        )
        if s.previous_30.mean_severity is not None:
            text += f", against {s.previous_30.mean_severity:.1f} in the 30 days before"
        text += f"; {s.last_30.severe_nights} nights were severe (7 or more)."
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
    aug = a.augmentation
    if aug.onset_flag and aug.onset_earlier_minutes is not None:
        out.append(
            f"While taking {', '.join(aug.agonists)}, symptoms began about "
            f"{aug.onset_earlier_minutes / 60:.1f} hours earlier over the last 4 "
            "weeks than the 4 before. Earlier onset on a dopamine agonist can be a "
            "sign of augmentation; it is worth showing your clinician."
        )
    if aug.severity_flag:
        out.append(
            f"While taking {', '.join(aug.agonists)}, {aug.worse_recent_nights} of "
            "the last 7 nights were clearly worse than the good spell before. "
            "Worsening on a dopamine agonist can be a sign of augmentation; it is "
            "worth showing your clinician."
        )
    if aug.on_dopamine_agonist and not aug.flagged:
        out.append(
            f"Augmentation watch ({', '.join(aug.agonists)}): no sign in the diary — symptom "
            "onset has not moved 2 hours earlier over the last 4 weeks, and there is no run "
            "of 5 worse nights in the last 7 after a good spell."
        )
    elif not aug.on_dopamine_agonist and a.nights:
        out.append(
            "Augmentation watch: no dopamine agonist (pramipexole, ropinirole, rotigotine) "
            "is recorded in the last 4 weeks, so there is nothing to watch for."
        )
    if a.opioids.mean_mme_last_30 is not None:
        out.append(
            f"On nights with an opioid in the last 30 days the dose averaged "
            f"{a.opioids.mean_mme_last_30:.0f} mg oral morphine equivalent (CDC 2022 "
            "conversion factors; a rough common scale, not a dosing guide)."
        )
    for g in a.iron_forms.by_product:
        if g.ci_low is not None:
            out.append(
                f"Nights with {g.name.replace('_', ' ')}: mean severity "
                f"{g.mean_severity:.1f} (95 % interval {g.ci_low:.1f}–{g.ci_high:.1f}, "
                f"{g.nights} nights); ferritin and other things differ between these nights "
                "too."
            )
    for g in a.iron_forms.by_time_of_day:
        if g.ci_low is not None:
            out.append(
                f"Nights with iron taken in the {g.name}: mean severity "
                f"{g.mean_severity:.1f} (95 % interval {g.ci_low:.1f}–{g.ci_high:.1f}, "
                f"{g.nights} nights); other things differ between these nights too."
            )
    for t in a.tags:
        if t.ci_low > 0 or t.ci_high < 0:
            word = "worse" if t.difference > 0 else "better"
            out.append(
                f"Nights tagged '{t.tag}' were {abs(t.difference):.1f} points {word} "
                f"({t.nights_with} nights with the tag, {t.nights_without} without); "
                "that is a pattern in this diary, not proof of a cause."
            )
    return out


def describe(a: Analysis) -> list[str]:
    """Plain sentences for the window's insights, the report and `analyze` without --json."""
    if a.nights == 0:
        head = "The diary has no nights yet; the analysis starts once nights are logged."
    else:
        assert a.first_night is not None and a.last_night is not None
        head = f"{a.nights} nights from {_d(a.first_night)} to {_d(a.last_night)}."
    return [head, *_best(a), *_ferritin(a), *course_sentences(a), *_symptoms(a)]
