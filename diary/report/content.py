"""What the printed report says, as plain data: key numbers, readings, tables (no Qt, no SQL).

The analysis is worked out on every record up to the period's end (so the best-response
level is the one `rls-diary analyze` gives for the same records); the tables list only
what falls inside the period.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from diary import catalog
from diary.analysis import Analysis, analyse
from diary.analysis.medicine_courses import Course, changes
from diary.records import DiaryContents, LabResult
from diary.report import readings
from diary.report.numbers import KeyNumber, flags, key_numbers, summary_sentence
from diary.report.sleep_diary import Week, weeks
from diary.report.taking import TakingRow, courses_by_generic, taking_now
from diary.report.text import day, num
from diary.report.treatments import course_table_rows, venesection_rows

COURSE_HISTORY_DAYS = 730


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
    summary: str  # one sentence in plain words
    key_numbers: tuple[KeyNumber, ...]
    flags: tuple[str, ...]  # opioid dose, augmentation check: only when they apply
    taking: tuple[TakingRow, ...]
    readings: dict[str, str]  # chart kind -> a short plain-language reading
    tables: tuple[Table, ...]  # blood tests, infusions, venesections, changes, notes
    infusions_in_period: int = 0
    sleep_diary: tuple[Week, ...] = ()

    @property
    def patient_line(self) -> str:
        name = self.name or "Name not given"
        return f"{name} (born {self.birth_year})" if self.birth_year else name

    @property
    def header_line(self) -> str:
        """The running head of every page: the name (when given) and the period."""
        who = f"{self.patient_line}  ·  " if self.name or self.birth_year else ""
        return f"{who}RLS Diary report, {self.period_line}"

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


def _lab_rows(labs: tuple[LabResult, ...]) -> tuple[tuple[str, ...], ...]:
    crp = catalog.lab_test("crp")
    limit = crp.reference_high if crp is not None else None

    def above_range(x: LabResult) -> bool:  # a '<5' CRP is below its limit, never high
        return (
            x.test == "crp"
            and limit is not None
            and x.value_limit != "<"
            and (x.canonical_value or 0) > limit
        )

    high_crp = {x.date for x in labs if above_range(x)}
    rows = []
    for x in sorted(labs, key=lambda x: (x.date, x.test)):
        test = catalog.lab_test(x.test)
        label = test.label if test else x.test
        canonical = ""
        if test is not None and x.canonical_value is not None:
            canonical = (
                f"{x.value_limit}{num(x.canonical_value)} "
                f"{catalog.display_unit(test.canonical_unit)}"
            )
        flag = ""
        if x.test == "ferritin" and (x.inflammation or x.date in high_crp):
            flag = "inflammation: not used"
        elif above_range(x):
            flag = "above range"
        elif x.inflammation:
            flag = "inflammation"
        fasting = {True: "yes", False: "no", None: ""}[x.fasting]
        rows.append(
            (
                day(x.date),
                label,
                f"{x.value_limit}{num(x.value)} {catalog.display_unit(x.unit)}",  # '<5' as written
                canonical,
                x.lab_name,
                fasting,
                flag,
            )
        )
    return tuple(rows)


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
    sleep_diary_weeks: int = 0,
) -> tuple[ReportContent, Analysis]:
    """Everything the report prints for [start, end]; also returns the analysis it used.

    `sleep_diary_weeks` (0, 2 or 4) adds the printed sleep diary of the weeks up to `end`."""
    known = clip(contents, end)
    a = analysis if analysis is not None else analyse(known, today)
    inside = [x for x in known.labs if x.date >= start]
    # Intake from two years before the period on: enough for every course the period's
    # tables name (what was already taken at its start, changes, what is taken now) without
    # folding a 20-year diary's every dose for a 3-month report.
    since = start - timedelta(days=COURSE_HISTORY_DAYS)
    courses, typed = courses_by_generic(
        (d for d in known.doses if d.date >= since),
        (x for x in known.supplements if x.date >= since),
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
            "Iron infusions, by course",
            (
                "Dates",
                "Total",
                "Expected rise",
                "Observed rise",
                "Severity before → weeks 6–12",
                "Ferritin checks",
            ),
            (1.5, 1.7, 0.85, 0.95, 1.2, 2.0),
            course_table_rows(a, start, end),
            "No iron infusion in this period.",
            "Doses less than 29 days apart form one course. Expected rise: 10–12 ng/mL "
            "per 100 mg. Observed: the first ferritin from 6 weeks after, minus the last "
            "before. Severity (0–10): mean of the 4 weeks before the first dose, and of "
            "weeks 6 to 12 after the last. Checks at 8, 12 and 16 weeks.",
        ),
        Table(
            "Venesections",
            ("Date", "Volume", "Ferritin before", "Ferritin after", "Note"),
            (1.05, 0.7, 1.3, 1.3, 3.0),
            venesection_rows(a, known.venesections, start, end),
            "No venesection in this period.",
            "Ferritin in ng/mL: before is the latest reading on or before the day, after "
            "the first reading after it (up to the next venesection).",
        ),
        Table(
            "Medicine and supplement changes",
            ("Date", "Change"),
            (1.05, 6.5),
            _change_rows(courses, start, end),
            "No medicine or supplement logged in this period.",
            "Daily doses are the usual total of a day; a medicine logged under several names "
            "(a brand and its generic) is counted as one.",
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
        summary=summary_sentence(a, known.labs),
        key_numbers=key_numbers(a, known.labs),
        flags=flags(a),
        taking=tuple(taking_now(courses, typed, end)),
        readings=readings.all_readings(a, known, start, end),
        tables=tables,
        infusions_in_period=sum(1 for i in known.infusions if i.date >= start),
        sleep_diary=tuple(weeks(known.nights, end, sleep_diary_weeks)) if sleep_diary_weeks else (),
    )
    return content, a
