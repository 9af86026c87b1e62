"""Plain sentences for the augmentation watch, opioid doses, iron switches and tags.

Part of `describe()` (sentences.py). Comparisons say what they rest on (weeks, how many
comparisons were made at once) and never name a winner when two things changed together.
"""

from __future__ import annotations

from diary.analysis import weekly
from diary.analysis.core import Analysis
from diary.analysis.iron_forms import MIN_WEEKS as IRON_MIN_WEEKS
from diary.analysis.iron_forms import NO_IRON, IronSwitch
from diary.analysis.tags import MIN_WEEKS as TAG_MIN_WEEKS
from diary.words import count, day_month_year, number, plural

MAX_SWITCHES = 3
MAX_NAMED = 3
_THRESHOLD = f"{number(weekly.MIN_EFFECT)} {plural('point', weekly.MIN_EFFECT)} or more"


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _points(value: float) -> str:
    size = abs(value)
    return f"{number(size)} {plural('point', round(size, 1))}"


def augmentation(a: Analysis) -> list[str]:
    aug = a.augmentation
    meds = _join(list(aug.medicines))
    out: list[str] = []
    if aug.onset_flag and aug.onset_earlier_minutes is not None:
        hours = aug.onset_earlier_minutes / 60
        out.append(
            f"While taking {meds}, symptoms began about {number(hours)} "
            f"{plural('hour', round(hours, 1))} earlier over the last 4 weeks than the 4 before. "
            "Earlier onset on dopaminergic medicine (a dopamine agonist or levodopa) can be a "
            "sign of augmentation; it is worth showing your clinician."
        )
    if aug.severity_flag and aug.worse_recent_nights is not None:
        out.append(
            f"While taking {meds}, {aug.worse_recent_nights} of the last 7 nights were 2 points "
            "or more worse than the good spell before. Worsening on dopaminergic medicine (a "
            "dopamine agonist or levodopa) can be a sign of augmentation; it is worth showing "
            "your clinician."
        )
    if aug.on_dopaminergic and not aug.flagged:
        out.append(
            f"Augmentation watch ({meds}): no sign in the diary — symptom onset has not moved "
            "2 hours earlier over the last 4 weeks, and there is no run of 5 worse nights in "
            "the last 7 after a good spell."
        )
    elif not aug.on_dopaminergic and a.nights:
        out.append(
            "Augmentation watch: no dopaminergic medicine (pramipexole, ropinirole, "
            "rotigotine or levodopa) is recorded in the last 4 weeks, so there is nothing to "
            "watch for."
        )
    return out


def opioids(a: Analysis) -> list[str]:
    o = a.opioids
    out: list[str] = []
    if o.mean_mme_last_30 is not None:
        out.append(
            f"On nights with an opioid in the last 30 days the dose averaged "
            f"{number(o.mean_mme_last_30)} mg oral morphine equivalent (CDC 2022 conversion "
            "factors; a rough common scale, not a dosing guide)."
        )
    if o.not_converted:
        parts = [
            f"{n.name} ({n.reason}; {count(n.doses, 'dose')})" for n in o.not_converted[:MAX_NAMED]
        ]
        if len(o.not_converted) > MAX_NAMED:
            parts.append(f"{count(len(o.not_converted) - MAX_NAMED, 'other name')}")
        text = (
            f"{count(o.doses_not_converted, 'opioid dose')} could not be converted to "
            f"morphine equivalents: {_join(parts)}"
        )
        if o.nights_not_converted:
            verb = "is" if o.nights_not_converted == 1 else "are"
            text += (
                f". The {count(o.nights_not_converted, 'night')} with such a dose {verb} left "
                "out of the morphine-equivalent figures, which would otherwise be too low"
            )
        out.append(text + ".")
    return out


def _what_changed(s: IronSwitch) -> list[str]:
    things = []
    if "iron form" in s.changed:
        things.append(f"the iron form changed ({s.form_before} → {s.form_after})")
    if "time of day" in s.changed:
        things.append(f"the time it was taken changed ({s.timing_before} → {s.timing_after})")
    return things + list(s.other_changes)


def _switch_name(s: IronSwitch) -> str:
    """What changed, as a verb phrase: 'switching iron from A to B', 'starting A' …"""
    if s.changed == ("time of day",):
        return f"moving {s.form_after} from the {s.timing_before} to the {s.timing_after}"
    if s.form_before == NO_IRON:
        return f"starting {s.form_after}"
    if s.form_after == NO_IRON:
        return f"stopping {s.form_before}"
    return f"switching iron from {s.form_before} to {s.form_after}"


def _switch(s: IronSwitch, tested: int) -> str:
    when = day_month_year(s.date)
    weeks = f"{count(s.weeks_before, 'week')} before, {count(s.weeks_after, 'week')} after"
    if s.p_value is None:
        return (
            f"The change on {when} ({_switch_name(s)}) is not compared yet: there are "
            f"{weeks}, and at least {IRON_MIN_WEEKS} weeks on each side are needed."
        )
    means = (
        f"mean severity {number(s.mean_before)} before and {number(s.mean_after)} after; "
        f"{weeks}, compared week by week"
    )
    if tested > 1:
        means += f", allowing for {count(tested, 'comparison')} at once"
    if s.finding:
        word = "better" if s.difference < 0 else "worse"
        result = f"nights were {_points(s.difference)} {word} after it ({means})"
    else:
        result = f"there was no clear difference of {_THRESHOLD} ({means})"
    if s.confounded:
        return (
            f"Around {when}, {result}. But in the same weeks {_join(_what_changed(s))}, so "
            "the diary cannot tell which made the difference."
        )
    return (
        f"After {_switch_name(s)} on {when}, {result}. Other things can "
        "change over the same weeks: it is a pattern in this diary, not proof."
    )


def iron_forms(a: Analysis) -> list[str]:
    switches = a.iron_forms.switches
    tested = sum(s.p_value is not None for s in switches)
    return [_switch(s, tested) for s in switches[-MAX_SWITCHES:]]


def tags(a: Analysis) -> list[str]:
    tested = [t for t in a.tags if t.p_value is not None]
    out: list[str] = []
    for t in tested:
        if t.finding and t.difference is not None:
            word = "worse" if t.difference > 0 else "better"
            out.append(
                f"Nights tagged '{t.tag}' were {_points(t.difference)} {word} than the other "
                f"nights of the same weeks ({count(t.weeks, 'week')} with both, allowing for "
                f"{count(len(tested), 'tag')} compared at once); that is a pattern in this "
                "diary, not proof of a cause."
            )
    if len(tested) == 1 and not out:
        out.append(
            f"The tag '{tested[0].tag}' was compared week by week: it made no clear "
            f"difference of {_THRESHOLD} on the 0–10 scale."
        )
    elif tested and not out:
        names = _join([f"'{t.tag}'" for t in tested[:MAX_NAMED]])
        more = len(tested) - MAX_NAMED
        if more > 0:
            names += f" and {count(more, 'other')}"
        out.append(
            f"{count(len(tested), 'tag')} compared week by week ({names}): none made a clear "
            f"difference of {_THRESHOLD} on the 0–10 scale once testing "
            f"{len(tested)} at once is allowed for."
        )
    few = [t for t in a.tags if t.p_value is None and t.nights_with]
    if few:
        listed = [f"'{t.tag}' ({count(t.weeks, 'week')})" for t in few[:MAX_NAMED]]
        if len(few) > MAX_NAMED:
            listed.append(f"{count(len(few) - MAX_NAMED, 'other tag')}")
        out.append(
            f"Not compared yet, too few weeks with nights both with and without the tag: "
            f"{_join(listed)}; {TAG_MIN_WEEKS} such weeks are needed."
        )
    return out
