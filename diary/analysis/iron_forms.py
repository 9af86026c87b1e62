"""Oral iron forms and times of day, compared week by week across each switch.

Each week (Monday to Sunday, at least 4 nights logged outside infusion response windows)
gets the iron form taken in it (one product on at least half its nights; "no iron" when none
at all; mixed weeks are left out) and its timing: the times of day (morning 05:00-11:59,
afternoon 12:00-16:59, evening 17:00-20:59, night 21:00-04:59) used on at least half of its
iron nights. Runs of weeks with the same form and timing are cut by a change, by an infusion
course, or by more than 8 weeks without usable weeks. Across each switch, up to 26 weeks on
either side (at least 6 each) are compared: mean severity of the week means after minus
before, with a permutation test over weeks, Holm's correction over all switches, and at
least 1 point to count (`weekly.py`). When more than one thing changed at the switch (the
form and the time of day together, or a medicine started, stopped or changed in dose in
those weeks) the comparison is *confounded*: the diary cannot say which change mattered.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np

from diary import catalog
from diary.analysis import weekly
from diary.analysis.iron_weeks import NO_IRON, Week, time_of_day, week_table
from diary.records import Dose, Supplement

__all__ = ["NO_IRON", "GroupMean", "IronForms", "IronSwitch", "iron_forms", "time_of_day"]

MIN_WEEKS = 6
MAX_WEEKS = 26
MAX_GAP_WEEKS = 8


@dataclass(frozen=True, slots=True)
class GroupMean:
    name: str
    weeks: int
    nights: int
    mean_severity: float  # mean of the week means


@dataclass(frozen=True, slots=True)
class IronSwitch:
    """The weeks before and after one change of iron form or of the time it was taken."""

    date: date  # first night of the first week after the switch
    form_before: str
    form_after: str
    timing_before: str | None  # "morning and evening", "night"; None when not recorded
    timing_after: str | None
    changed: tuple[str, ...]  # "iron form", "time of day"
    other_changes: tuple[str, ...]  # medicines in the same weeks: "oxycodone was started"
    weeks_before: int
    weeks_after: int
    mean_before: float
    mean_after: float
    difference: float  # after - before: negative = better after
    p_value: float | None  # None with fewer than MIN_WEEKS weeks on a side
    p_adjusted: float | None  # Holm, over every switch tested
    finding: bool
    confounded: bool


@dataclass(frozen=True, slots=True)
class IronForms:
    by_product: tuple[GroupMean, ...]
    by_time_of_day: tuple[GroupMean, ...]
    switches: tuple[IronSwitch, ...] = ()


@dataclass
class _Run:
    form: str
    timing: str | None
    weeks: list[Week] = field(default_factory=list)
    follows_switch: bool = False  # False: begins the diary, or after a break


def _runs(weeks: list[tuple[int, Week]]) -> list[_Run]:
    runs: list[_Run] = []
    current: _Run | None = None
    last_slot: int | None = None
    for slot, week in weeks:
        if week.broken:  # an infusion course: nothing is compared across it
            current, last_slot = None, None
            continue
        if last_slot is not None and slot - last_slot > MAX_GAP_WEEKS:
            current = None
        last_slot = slot
        if week.form is None:  # a mixed week, as during a switch: left out
            continue
        same_time = current is not None and (
            week.timing is None or current.timing is None or current.timing == week.timing
        )
        if current is not None and current.form == week.form and same_time:
            current.weeks.append(week)
            current.timing = current.timing or week.timing
        else:
            current = _Run(week.form, week.timing, [week], follows_switch=current is not None)
            runs.append(current)
    return runs


def _label(form: str) -> str:
    prod = catalog.supplement(form)
    return prod.label.lower() if prod else form


def _medicine_changes(before: list[Week], after: list[Week]) -> tuple[str, ...]:
    names = sorted({n for w in before + after for n in w.medicines})
    out = []
    for key in names:
        was = {w.medicines.get(key, 0.0) for w in before}
        now = {w.medicines.get(key, 0.0) for w in after}
        if was == now:
            continue
        name = key.rsplit(" ", 1)[0]
        if was == {0.0}:
            out.append(f"{name} was started")
        elif now == {0.0}:
            out.append(f"{name} was stopped")
        else:
            out.append(f"the {name} dose changed")
    return tuple(out)


def _switch(a: _Run, b: _Run) -> IronSwitch:
    before, after = a.weeks[-MAX_WEEKS:], b.weeks[:MAX_WEEKS]
    changed = []
    if a.form != b.form:
        changed.append("iron form")
    if a.timing != b.timing and a.timing is not None and b.timing is not None:
        changed.append("time of day")
    others = _medicine_changes(before, after)
    mb = np.array([w.mean for w in before])
    ma = np.array([w.mean for w in after])
    p = None
    if len(before) >= MIN_WEEKS and len(after) >= MIN_WEEKS:
        p = weekly.two_group_p(mb, ma)
    return IronSwitch(
        date=after[0].first,
        form_before=_label(a.form),
        form_after=_label(b.form),
        timing_before=a.timing,
        timing_after=b.timing,
        changed=tuple(changed),
        other_changes=others,
        weeks_before=len(before),
        weeks_after=len(after),
        mean_before=round(float(mb.mean()), 2),
        mean_after=round(float(ma.mean()), 2),
        difference=round(float(ma.mean() - mb.mean()), 2),
        p_value=p,
        p_adjusted=None,
        finding=False,
        confounded=len(changed) > 1 or bool(others),
    )


def _groups(weeks: list[Week], key: str) -> tuple[GroupMean, ...]:
    found: dict[str, list[Week]] = {}
    for w in weeks:
        name = getattr(w, key)
        if name is not None:
            found.setdefault(name, []).append(w)
    return tuple(
        GroupMean(
            _label(name),
            len(ws),
            sum(w.nights for w in ws),
            round(float(np.mean([w.mean for w in ws])), 2),
        )
        for name, ws in sorted(found.items())
    )


def iron_forms(
    supplements: list[Supplement],
    doses: list[Dose],
    days: np.ndarray,
    sev: np.ndarray,
    in_window: np.ndarray,
) -> IronForms:
    weeks = week_table(supplements, doses, days, sev, in_window)
    usable = [w for _, w in weeks if not w.broken]
    runs = _runs(weeks)
    switches = [_switch(a, b) for a, b in itertools.pairwise(runs) if b.follows_switch]
    tested = [i for i, s in enumerate(switches) if s.p_value is not None]
    adjusted = weekly.holm([switches[i].p_value or 0.0 for i in tested])
    for i, p_adj in zip(tested, adjusted, strict=True):
        s = switches[i]
        switches[i] = replace(
            s, p_adjusted=round(p_adj, 4), finding=weekly.is_finding(s.difference, p_adj)
        )
    if not any(w.form not in (None, NO_IRON) for w in usable):
        return IronForms((), (), tuple(switches))
    return IronForms(_groups(usable, "form"), _groups(usable, "timing"), tuple(switches))
