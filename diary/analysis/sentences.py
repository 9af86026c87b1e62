"""`describe()`: the analysis in plain sentences, each with what it rests on and its caveat.

The app informs and never prescribes: sentences say what the diary shows, not what to do.
"""

from __future__ import annotations

from datetime import date

from diary import words
from diary.analysis.core import Analysis
from diary.analysis.infusions import REPEAT_BELOW
from diary.analysis.trend import FAST_LOSS_PER_WEEK

MAX_LISTED = 3
INFUSIONS_IN_FULL = 2  # the latest ones in detail; earlier ones summed up in one sentence


def _d(day: date) -> str:
    return words.day_month_year(day)


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
    t = a.trend
    if t.slope_per_week is not None:
        since = (
            f"since the {t.since_event} of {_d(t.since)}"
            if t.since is not None
            else "across the diary"
        )
        out.append(
            f"Ferritin changed by {t.slope_per_week:+.1f} ng/mL per week {since} "
            f"({t.readings} readings): {t.state} (losing fast means falling by "
            f"{_n(FAST_LOSS_PER_WEEK)} ng/mL a week or more). A straight line through "
            "a few readings is a rough guide."
        )
    if t.projected_below is not None and t.projected_level is not None:
        out.append(
            f"If it keeps falling at this rate, ferritin would pass below "
            f"{_n(t.projected_level)} ng/mL around {_d(t.projected_below)}."
        )
    if a.repeat_possible is not None and a.latest_ferritin is not None:
        word = "below" if a.repeat_possible else "not below"
        out.append(
            f"Your latest ferritin is {word} {_n(REPEAT_BELOW)} ng/mL, the level under "
            "which published guidance says intravenous iron can be repeated when "
            "symptoms call for it; that is for you and your clinician to weigh."
        )
    return out


def _infusions(a: Analysis) -> list[str]:
    out: list[str] = []
    earlier = a.infusions[:-INFUSIONS_IN_FULL]
    if earlier:
        rises = [i.observed_rise for i in earlier if i.observed_rise is not None]
        text = (
            f"{len(earlier)} earlier infusion{'s' if len(earlier) > 1 else ''}, from "
            f"{_d(earlier[0].date)} to {_d(earlier[-1].date)}"
        )
        if rises:
            text += (
                f": the readings showed rises of {min(rises):+.0f} to {max(rises):+.0f} "
                f"ng/mL ({len(rises)} with readings before and after)"
            )
        out.append(text + "; each is listed in the report.")
    for i in a.infusions[-INFUSIONS_IN_FULL:]:
        text = (
            f"Infusion of {_n(i.dose_mg)} mg on {_d(i.date)}: the rule of thumb (10–12 "
            f"ng/mL per 100 mg) expects a rise of {_n(i.expected_rise[0])}–"
            f"{_n(i.expected_rise[1])} ng/mL"
        )
        if i.observed_rise is not None:
            text += f"; the readings show {i.observed_rise:+.0f} ng/mL"
        elif i.before is None:
            text += "; there is no ferritin reading from before it to compare with"
        else:
            text += "; there is no ferritin reading yet from 6 weeks after it"
        text += (
            f". Symptoms usually settle over 4–6 weeks, so it is judged from {_d(i.judge_from)}."
        )
        out.append(text)
    if a.next_ferritin_check is not None:
        when = "was due" if a.next_ferritin_check < a.today else "is due"
        out.append(
            f"The next ferritin check after the latest infusion {when} around "
            f"{_d(a.next_ferritin_check)} (checks at 8, 12 and 16 weeks show whether "
            "iron holds steady or falls fast)."
        )
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
    return [head, *_best(a), *_ferritin(a), *_infusions(a), *_symptoms(a)]
