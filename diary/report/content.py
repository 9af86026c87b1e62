"""What the printed report says, as plain data: key numbers, readings, tables (no Qt, no SQL).

The analysis is worked out on every record up to the period's end (so the best-response
level is the one `rls-diary analyze` gives for the same records); the tables list only
what falls inside the period.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from diary import catalog
from diary.analysis import Analysis, analyse
from diary.analysis.infusions import CourseResult
from diary.analysis.iron_sentences import dose_text, products_text
from diary.records import DiaryContents, LabResult
from diary.report import readings
from diary.report.courses import (
    Course,
    changes,
    medicine_courses,
    supplement_courses,
)
from diary.report.text import day, num, short_day
from diary.words import count


@dataclass(frozen=True, slots=True)
class KeyNumber:
    label: str
    value: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Table:
    """A titled table; `widths` are relative column widths; `empty` is shown with no rows."""

    title: str
    columns: tuple[str, ...]
    widths: tuple[float, ...]
    rows: tuple[tuple[str, ...], ...]
    empty: str
    intro: str = ""


@dataclass(frozen=True, slots=True)
class ReportContent:
    name: str
    birth_year: int | None
    clinician: str
    start: date
    end: date
    printed: date
    key_numbers: tuple[KeyNumber, ...]
    current_intake: tuple[str, ...]
    readings: dict[str, str]  # chart kind -> a short plain-language reading
    tables: tuple[Table, ...]

    @property
    def patient_line(self) -> str:
        name = self.name or "Name not given"
        return f"{name} (born {self.birth_year})" if self.birth_year else name

    @property
    def period_line(self) -> str:
        return f"{day(self.start)} to {day(self.end)}"


def clip(contents: DiaryContents, end: date) -> DiaryContents:
    """Every record dated on or before `end` (what was known at the period's end)."""
    return replace(
        contents,
        nights=tuple(n for n in contents.nights if n.date <= end),
        labs=tuple(x for x in contents.labs if x.date <= end),
        doses=tuple(x for x in contents.doses if x.date <= end),
        supplements=tuple(x for x in contents.supplements if x.date <= end),
        infusions=tuple(x for x in contents.infusions if x.date <= end),
        venesections=tuple(x for x in contents.venesections if x.date <= end),
    )


def diary_span(contents: DiaryContents) -> tuple[date, date] | None:
    """The first and last date of any record, or None for an empty diary."""
    groups: tuple[tuple[Any, ...], ...] = (
        contents.nights,
        contents.labs,
        contents.doses,
        contents.supplements,
        contents.infusions,
        contents.venesections,
    )
    days: list[date] = [r.date for group in groups for r in (group[:1] + group[-1:])]
    return (min(days), max(days)) if days else None


def _latest(labs: tuple[LabResult, ...], test: str) -> LabResult | None:
    found = [x for x in labs if x.test == test and x.canonical_value is not None]
    return max(found, key=lambda x: x.date) if found else None


def key_numbers(a: Analysis, labs: tuple[LabResult, ...]) -> tuple[KeyNumber, ...]:
    s = a.symptoms_sleep
    last, prev = s.last_30, s.previous_30
    out = [
        KeyNumber(
            "Severity, last 30 nights",
            "–" if last.mean_severity is None else f"{last.mean_severity:.1f} / 10",
            "30 nights before: "
            + ("–" if prev.mean_severity is None else f"{prev.mean_severity:.1f}"),
        ),
        KeyNumber(
            "Severe nights (7 or more)",
            f"{last.severe_nights}",
            f"of {last.nights} logged in the last 30",
        ),
        KeyNumber(
            "Sleep, last 30 nights",
            "–" if last.mean_sleep_hours is None else f"{last.mean_sleep_hours:.1f} h",
            "30 nights before: "
            + ("–" if prev.mean_sleep_hours is None else f"{prev.mean_sleep_hours:.1f} h"),
        ),
    ]
    lf = a.latest_ferritin
    out.append(
        KeyNumber("Latest ferritin", "–", "none recorded")
        if lf is None
        else KeyNumber("Latest ferritin", f"{num(lf.value)} ng/mL", day(lf.date))
    )
    tsat = _latest(labs, "tsat")
    out.append(
        KeyNumber("Latest TSAT", "–", "none recorded")
        if tsat is None or tsat.canonical_value is None
        else KeyNumber("Latest TSAT", f"{num(tsat.canonical_value)} %", day(tsat.date))
    )
    br = a.best_response
    if br.ferritin is not None and br.low is not None and br.high is not None:
        out.append(
            KeyNumber(
                "Best-response ferritin",
                f"{num(br.ferritin)} ng/mL",
                f"range {num(br.low)}–{num(br.high)}; {br.nights_used} nights",
            )
        )
    else:
        out.append(KeyNumber("Best-response ferritin", "none yet", br.reason or ""))
    nxt = a.next_ferritin_check
    out.append(
        KeyNumber(
            "Next ferritin check",
            "–" if nxt is None else day(nxt),
            "none due"
            if nxt is None
            else ("overdue; " if nxt < a.today else "") + "8/12/16 weeks after the last dose",
        )
    )
    t = a.trend
    out.append(
        KeyNumber("Ferritin trend", "–", "needs two readings")
        if t.slope_per_week is None
        else KeyNumber(
            "Ferritin trend",
            f"{t.slope_per_week:+.1f} ng/mL a week",
            f"{t.state}, {count(t.readings, 'reading')}"
            + (
                f" since the {t.since_event} of {day(t.since)}"
                if t.since_event and t.since is not None
                else ""
            ),
        )
    )
    return tuple(out)


def _lab_rows(labs: tuple[LabResult, ...]) -> tuple[tuple[str, ...], ...]:
    crp = catalog.lab_test("crp")
    limit = crp.reference_high if crp is not None else None
    high_crp = {
        x.date
        for x in labs
        if x.test == "crp" and limit is not None and (x.canonical_value or 0) > limit
    }
    rows = []
    for x in sorted(labs, key=lambda x: (x.date, x.test)):
        test = catalog.lab_test(x.test)
        label = test.label if test else x.test
        canonical = ""
        if test is not None and x.canonical_value is not None:
            canonical = f"{num(x.canonical_value)} {catalog.display_unit(test.canonical_unit)}"
        flag = ""
        if x.test == "ferritin" and (x.inflammation or x.date in high_crp):
            flag = "inflammation: not used"
        elif x.test == "crp" and limit is not None and (x.canonical_value or 0) > limit:
            flag = "above range"
        elif x.inflammation:
            flag = "inflammation"
        fasting = {True: "yes", False: "no", None: ""}[x.fasting]
        rows.append(
            (
                day(x.date),
                label,
                f"{num(x.value)} {catalog.display_unit(x.unit)}",
                canonical,
                x.lab_name,
                fasting,
                flag,
            )
        )
    return tuple(rows)


def _infusion_rows(a: Analysis, start: date, end: date) -> tuple[tuple[str, ...], ...]:
    """One row per infusion course begun in the period (a single infusion is a course)."""
    rows = []
    for c in a.infusions:
        if not start <= c.date <= end:
            continue
        checks = ", ".join(
            f"{short_day(d)} {'done' if done else ('due' if d >= a.today else 'missed')}"
            for d, done in zip(c.checks_due, c.checks_done, strict=True)
        )
        observed = "no reading yet" if c.after is None else f"{c.observed_rise:+.0f}"
        if c.before is None:
            observed = "no reading before"
        when = day(c.date) if c.single else f"{day(c.date)} to {day(c.last_date)}"
        dose = dose_text(c) if c.single else f"{dose_text(c)} = {num(c.dose_mg)} mg"
        rows.append(
            (
                when,
                products_text(c),
                dose,
                f"{num(c.expected_rise[0])}–{num(c.expected_rise[1])}",
                observed,
                day(c.judge_from),
                checks,
                _severity_cell(c),
            )
        )
    return tuple(rows)


def _severity_cell(c: CourseResult) -> str:
    """'6.0 → 2.2' (before → weeks 6–12), with what is missing said in words."""
    before = "–" if c.severity_before is None else f"{c.severity_before:.1f}"
    if c.after_nights is None:
        after = "next course"
    elif c.severity_after is None:
        after = "not yet" if not c.after_complete else "too few nights"
    else:
        after = f"{c.severity_after:.1f}" + ("" if c.after_complete else " so far")
    return f"{before} → {after}"


def _change_rows(courses: list[Course], start: date, end: date) -> tuple[tuple[str, ...], ...]:
    rows = [
        (day(start), f"Already taking {c.label}, {c.amount_text()}")
        for c in sorted(courses, key=lambda c: c.label)
        if c.start < start and c.is_current(start)
    ]
    rows += [(day(ch.date), ch.text) for ch in changes(courses, end) if start <= ch.date <= end]
    return tuple(rows)


def build_content(
    contents: DiaryContents,
    start: date,
    end: date,
    today: date,
    analysis: Analysis | None = None,
) -> tuple[ReportContent, Analysis]:
    """Everything the report prints for [start, end]; also returns the analysis it used."""
    known = clip(contents, end)
    a = analysis if analysis is not None else analyse(known, today)
    inside = [x for x in known.labs if x.date >= start]
    courses = medicine_courses(known.doses) + supplement_courses(known.supplements)
    current = tuple(
        f"{c.label}: {c.amount_text()}"
        for c in sorted(courses, key=lambda c: (c.kind, c.label))
        if c.is_current(end)
    )
    notes = tuple(
        (
            day(n.date),
            f"{n.rls_severity}",
            "" if n.sleep_hours is None else f"{n.sleep_hours:g} h",
            n.notes.strip(),
        )
        for n in known.nights
        if n.date >= start and n.for_doctor and n.notes.strip()
    )
    tables = (
        Table(
            "Blood tests",
            ("Date", "Test", "As entered", "Standard unit", "Lab", "Fasting", "Flag"),
            (1.05, 1.55, 1.0, 1.0, 1.2, 0.6, 1.2),
            _lab_rows(tuple(inside)),
            "No blood tests in this period.",
            "Ferritin in ng/mL (= µg/L). A ferritin taken during inflammation (CRP above "
            "5 mg/L, or marked by the patient) is listed but not used in the estimates.",
        ),
        Table(
            "Iron infusions",
            (
                "Date",
                "Product",
                "Dose",
                "Expected rise",
                "Observed",
                "Judge from",
                "Checks",
                "Severity",
            ),
            (1.05, 1.2, 0.8, 0.75, 0.8, 1.0, 1.9, 0.95),
            _infusion_rows(a, start, end),
            "No infusions in this period.",
            "One row per course: doses less than 29 days apart count together. Expected rise: "
            "10–12 ng/mL per 100 mg of the course. Observed: first ferritin from 6 weeks after "
            "the last dose minus the last before the first. Checks at 8, 12 and 16 weeks after "
            "the last dose. Severity: mean of the 4 weeks before → weeks 6–12 after.",
        ),
        Table(
            "Medicine and supplement changes",
            ("Date", "Change"),
            (1.05, 6.5),
            _change_rows(courses, start, end),
            "No medicines or supplements logged in this period.",
        ),
        Table(
            "Night notes marked “for my doctor”",
            ("Date", "Severity", "Sleep", "Note"),
            (1.05, 0.6, 0.55, 5.4),
            notes,
            "No night in this period is marked “for my doctor”.",
        ),
    )
    p = contents.profile
    content = ReportContent(
        name=p.name.strip(),
        birth_year=p.birth_year,
        clinician=p.clinician.strip(),
        start=start,
        end=end,
        printed=today,
        key_numbers=key_numbers(a, known.labs),
        current_intake=current,
        readings=readings.all_readings(a, known, start, end),
        tables=tables,
    )
    return content, a
