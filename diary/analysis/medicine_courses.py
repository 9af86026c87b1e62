"""Medicine and supplement courses: nightly intake folded into 'what was taken, from when to when'.

A course is a run of days on which one medicine (or supplement) was taken at one usual daily
amount. Rules, so that the report and the FHIR export say the same thing:
- the daily amount is the sum of that day's doses (same medicine and unit);
- a gap of more than `GAP_DAYS` days without it ends the course (stopped, maybe restarted);
- a new daily amount starts a new course only when it holds for at least `MIN_DAYS` logged
  days; a shorter blip (a missed or an extra dose) stays in the surrounding course;
- a course's amount is its most common daily total.
Pure Python: no Qt, no SQL.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from diary import catalog
from diary.records import Dose, Supplement

GAP_DAYS = 14
MIN_DAYS = 3


@dataclass(frozen=True, slots=True)
class Course:
    """One medicine or supplement at one usual daily amount over [start, end]."""

    kind: str  # "medicine" or "supplement"
    name: str  # catalogue name (or the custom name as typed)
    label: str  # how people read it
    unit: str
    daily_amount: float
    doses_per_day: int
    start: date
    end: date
    days_logged: int
    elemental_iron_mg: float | None = None  # per day, for iron salts with a known fraction

    def amount_text(self) -> str:
        """'900 mg a day', '650 mg a day (2 doses; 130 mg iron)'."""
        text = f"{_num(self.daily_amount)} {catalog.display_unit(self.unit)} a day"
        extra = []
        if self.doses_per_day > 1:
            extra.append(f"{self.doses_per_day} doses")
        if self.elemental_iron_mg is not None:
            extra.append(f"{_num(self.elemental_iron_mg)} mg iron")
        return f"{text} ({'; '.join(extra)})" if extra else text

    def is_current(self, at: date) -> bool:
        """Still being taken at `at`: logged within GAP_DAYS before it."""
        return self.start <= at and (at - self.end).days <= GAP_DAYS


@dataclass(frozen=True, slots=True)
class Change:
    """One dated change for the report: started, changed, stopped."""

    date: date
    kind: str
    label: str
    text: str


def _num(value: float) -> str:
    return f"{value:.0f}" if abs(value - round(value)) < 0.005 else f"{value:g}"


@dataclass
class _Day:
    day: date
    amount: float
    doses: int
    iron: float | None


def _runs(days: list[_Day]) -> list[list[_Day]]:
    """Split one medicine's days into runs: a gap, or a lasting new amount, starts a new one."""
    # First cut at gaps; within each stretch, group equal amounts, then fold short blips in.
    stretches: list[list[_Day]] = []
    for d in days:
        if stretches and (d.day - stretches[-1][-1].day).days <= GAP_DAYS:
            stretches[-1].append(d)
        else:
            stretches.append([d])
    out: list[list[_Day]] = []
    for stretch in stretches:
        groups: list[list[_Day]] = []
        for d in stretch:
            if groups and groups[-1][-1].amount == d.amount:
                groups[-1].append(d)
            else:
                groups.append([d])
        out.extend(_fold_blips(groups))
    return out


def _usual(group: list[_Day]) -> float:
    return Counter(d.amount for d in group).most_common(1)[0][0]


def _fold_blips(groups: list[list[_Day]]) -> list[list[_Day]]:
    """Merge runs shorter than MIN_DAYS into a neighbour, then join runs of one usual amount."""
    merged: list[list[_Day]] = []
    for g in groups:
        if merged and len(g) < MIN_DAYS:
            merged[-1].extend(g)
        elif merged and len(merged[-1]) < MIN_DAYS and len(merged) == 1:
            # A short start (e.g. one missed dose on day one) belongs to what follows.
            merged[-1].extend(g)
        else:
            merged.append(list(g))
    joined: list[list[_Day]] = []
    for g in merged:
        if joined and _usual(joined[-1]) == _usual(g):
            joined[-1].extend(g)
        else:
            joined.append(g)
    return joined


def _course(kind: str, name: str, label: str, unit: str, run: list[_Day]) -> Course:
    amount = _usual(run)
    usual_days = [d for d in run if d.amount == amount]
    doses = Counter(d.doses for d in usual_days).most_common(1)[0][0]
    irons = Counter(d.iron for d in usual_days if d.iron is not None)
    return Course(
        kind,
        name,
        label,
        unit,
        amount,
        doses,
        run[0].day,
        run[-1].day,
        len(run),
        irons.most_common(1)[0][0] if irons else None,
    )


def _collect(
    items: Iterable[tuple[date, str, str, float, float | None]],
) -> dict[tuple[str, str], list[_Day]]:
    per: dict[tuple[str, str], dict[date, _Day]] = defaultdict(dict)
    for day, name, unit, amount, iron in items:
        days = per[(name, unit)]
        d = days.get(day)
        if d is None:
            days[day] = _Day(day, amount, 1, iron)
        else:
            d.amount = round(d.amount + amount, 6)
            d.doses += 1
            d.iron = None if d.iron is None or iron is None else round(d.iron + iron, 6)
    return {key: sorted(v.values(), key=lambda d: d.day) for key, v in per.items()}


def medicine_courses(doses: Iterable[Dose]) -> list[Course]:
    """Every medicine course, ordered by start date then label."""
    out: list[Course] = []
    items = ((d.date, d.medication, d.unit, d.amount, None) for d in doses)
    for (name, unit), days in _collect(items).items():
        known = catalog.medicine(name)
        label = known.label if known else name
        out.extend(_course("medicine", name, label, unit, run) for run in _runs(days))
    return sorted(out, key=lambda c: (c.start, c.label))


def supplement_courses(supplements: Iterable[Supplement]) -> list[Course]:
    """Every supplement course (amounts in mg), ordered by start date then label."""
    out: list[Course] = []
    items = ((s.date, s.product, "mg", s.amount_mg, s.elemental_iron_mg) for s in supplements)
    for (name, unit), days in _collect(items).items():
        known = catalog.supplement(name)
        label = known.label if known else name
        out.extend(_course("supplement", name, label, unit, run) for run in _runs(days))
    return sorted(out, key=lambda c: (c.start, c.label))


def changes(courses: Iterable[Course], until: date) -> list[Change]:
    """Started / changed / stopped lines in date order; a course running at `until` is open."""
    by_name: dict[tuple[str, str], list[Course]] = defaultdict(list)
    for c in courses:
        by_name[(c.kind, c.name)].append(c)
    out: list[Change] = []
    for group in by_name.values():
        group.sort(key=lambda c: c.start)
        for k, c in enumerate(group):
            prev = group[k - 1] if k else None
            if prev is not None and (c.start - prev.end).days <= GAP_DAYS:
                text = f"{c.label}: {prev.amount_text()} → {c.amount_text()}"
            else:
                word = "Restarted" if prev is not None else "Started"
                text = f"{word} {c.label}, {c.amount_text()}"
            out.append(Change(c.start, c.kind, c.label, text))
            nxt = group[k + 1] if k + 1 < len(group) else None
            continues = nxt is not None and (nxt.start - c.end).days <= GAP_DAYS
            if not continues and not c.is_current(until):
                out.append(Change(c.end, c.kind, c.label, f"Stopped {c.label} (last taken)"))
    return sorted(out, key=lambda ch: (ch.date, ch.label))
