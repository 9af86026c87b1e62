"""Plain sentences on infusion courses, the iron trend and the 300 ng/mL rule (spec §4, §5, §7).

Informs, never prescribes: each sentence says what the diary shows and what it rests on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from diary import catalog
from diary.analysis.infusions import CHECK_DAYS, RISE_PER_100MG, CourseResult
from diary.analysis.iv_iron import REPEAT_BELOW, TSAT_FROM
from diary.analysis.trend import FAST_LOSS_PER_WEEK
from diary.words import count, day_month_year, number

if TYPE_CHECKING:
    from diary.analysis.core import Analysis

COURSES_IN_FULL = 2  # the latest ones in detail; earlier ones summed up in one sentence
RULE_SOURCE = "a rule of thumb from a clinical review"


def _signed(value: float) -> str:
    return ("+" if value > 0 else "−" if value < 0 else "") + number(abs(value))


def course_name(c: CourseResult) -> str:
    """'the infusion of 1000 mg on 2 June 2025' or 'the course of 2 doses, 1500 mg in all,
    from 2 June 2025 to 9 June 2025'."""
    if c.single:
        return f"the infusion of {number(c.dose_mg)} mg on {day_month_year(c.date)}"
    return (
        f"the course of {count(len(c.doses), 'dose')}, {number(c.dose_mg)} mg in all, from "
        f"{day_month_year(c.date)} to {day_month_year(c.last_date)}"
    )


def products_text(c: CourseResult) -> str:
    labels = []
    for name in c.products:
        product = catalog.infusion_product(name)
        labels.append(product.label if product else name)
    return " and ".join(labels)


def dose_text(c: CourseResult) -> str:
    """'1000 mg', '2 × 750 mg' or '500 + 1000 mg'."""
    amounts = [d.dose_mg for d in c.doses]
    if len(set(amounts)) == 1:
        each = f"{number(amounts[0])} mg"
        return each if len(amounts) == 1 else f"{len(amounts)} × {each}"
    return " + ".join(number(v) for v in amounts) + " mg"


def rise_text(c: CourseResult) -> str:
    """What the ferritin readings show against the rule of thumb, in one clause."""
    low, high = c.expected_rise
    expected = (
        f"the rule of thumb ({number(RISE_PER_100MG[0])}–{number(RISE_PER_100MG[1])} ng/mL "
        f"per 100 mg) expects a rise of {number(low)}–{number(high)} ng/mL"
    )
    if c.before is None:
        return expected + "; there is no ferritin reading from before it to compare with"
    if c.observed_rise is None:
        return expected + (
            f"; there is no usable ferritin reading yet from {day_month_year(c.judge_from)}, "
            "6 weeks after the last dose"
        )
    assert c.after is not None
    where = {
        "below": "less than expected",
        "within": "as expected",
        "above": "more than expected",
    }[c.rise_compared or "within"]
    return expected + (
        f"; the readings show {_signed(c.observed_rise)} ng/mL ({number(c.before.value)} on "
        f"{day_month_year(c.before.date)}, {number(c.after.value)} on "
        f"{day_month_year(c.after.date)}), {where}"
    )


@dataclass(frozen=True, slots=True)
class SeverityWords:
    """Mean RLS severity before and after one course, said once: in a table cell's few words
    (the report) and in a sentence (the window and the report's text); both come from one
    decision, so they cannot disagree."""

    before_cell: str  # '6.0', or '–' with too few nights
    after_cell: str  # '2.2', '2.2 so far', 'not yet', 'too few nights' or 'next course'
    before: str
    after: str

    @property
    def cell(self) -> str:
        """'6.0 → 2.2' (before → weeks 6–12)."""
        return f"{self.before_cell} → {self.after_cell}"

    @property
    def sentence(self) -> str:
        """'mean RLS severity 5.8 in the 4 weeks before (28 nights); 1.4 in weeks 6–12 after
        the last dose (42 nights)'."""
        return f"mean RLS severity {self.before}; {self.after}"


def severity_words(c: CourseResult, today: date) -> SeverityWords:
    """The symptoms before and after course `c`, as the diary shows them on `today`."""
    nights_after = count(c.nights_after, "night")
    dose = "the infusion" if c.single else "the last dose"
    if c.after_nights is None:
        assert c.next_course is not None
        after_cell = "next course"
        after = (
            f"the next course began on {day_month_year(c.next_course)}, before week 6, so "
            "there are no weeks 6–12 to compare"
        )
    elif c.severity_after is not None:
        so_far = "" if c.after_complete else " so far"
        after_cell = f"{c.severity_after:.1f}{so_far}"
        after = f"{c.severity_after:.1f} in weeks 6–12 after {dose} ({nights_after}{so_far})"
    elif today < c.after_nights[0]:
        after_cell = "not yet"
        after = (
            f"not yet known: weeks 6–12 after {dose} start on {day_month_year(c.after_nights[0])}"
        )
    elif not c.after_complete:
        after_cell = "not yet"
        after = (
            f"not yet known: weeks 6–12 after {dose} run to "
            f"{day_month_year(c.after_nights[1])} ({nights_after} logged so far)"
        )
    else:
        after_cell = "too few nights"
        after = f"too few nights logged in weeks 6–12 after ({nights_after})"
    nights_before = count(c.nights_before, "night")
    if c.severity_before is not None:
        before_cell = f"{c.severity_before:.1f}"
        before = f"{before_cell} in the 4 weeks before ({nights_before})"
    else:
        before_cell = "–"
        before = f"too few nights logged in the 4 weeks before ({nights_before})"
    return SeverityWords(before_cell, after_cell, before, after)


def symptoms_text(c: CourseResult, today: date) -> str:
    """The symptoms before and after course `c` in one sentence (see `severity_words`)."""
    return severity_words(c, today).sentence


def course_sentences(a: Analysis) -> list[str]:
    out: list[str] = []
    earlier = a.infusions[:-COURSES_IN_FULL]
    if earlier:
        rises = [c.observed_rise for c in earlier if c.observed_rise is not None]
        text = (
            f"{count(len(earlier), 'earlier infusion course')}, from "
            f"{day_month_year(earlier[0].date)} to {day_month_year(earlier[-1].last_date)}"
        )
        if rises:
            text += (
                f": the readings showed rises of {_signed(min(rises))} to "
                f"{_signed(max(rises))} ng/mL ({len(rises)} with readings before and after)"
            )
        out.append(text + "; each is listed in the report.")
    for c in a.infusions[-COURSES_IN_FULL:]:
        name = course_name(c)
        out.append(
            f"{name[0].upper()}{name[1:]} ({products_text(c)}): {rise_text(c)}. Symptoms "
            f"usually settle over 4–6 weeks, so it is judged from "
            f"{day_month_year(c.judge_from)}: {symptoms_text(c, a.today)}."
        )
    if a.next_ferritin_check is not None:
        when = "was due" if a.next_ferritin_check < a.today else "is due"
        weeks = ", ".join(str(d // 7) for d in CHECK_DAYS[:-1]) + f" and {CHECK_DAYS[-1] // 7}"
        out.append(
            f"The next ferritin check after the latest course {when} around "
            f"{day_month_year(a.next_ferritin_check)} (checks {weeks} weeks after the last "
            "dose show whether iron holds steady or falls fast)."
        )
    return out


def trend_sentences(a: Analysis) -> list[str]:
    out: list[str] = []
    t = a.trend
    if t.slope_per_week is not None:
        since = (
            f"from 6 weeks after the {t.since_event} of {day_month_year(t.since)}"
            if t.since is not None
            else "across the diary"
        )
        held = (
            f", with {count(t.venesections, 'venesection')} in that time" if t.venesections else ""
        )
        out.append(
            f"Ferritin changed by {_signed(t.slope_per_week)} ng/mL per week over "
            f"{count(t.readings, 'reading')} {since}{held}: {t.state} (losing fast means "
            f"falling by {number(FAST_LOSS_PER_WEEK)} ng/mL a week or more). A straight line "
            "through a few readings is a rough guide."
        )
    if t.projected_below is not None and t.projected_level is not None:
        out.append(
            f"If it keeps falling at this rate, ferritin would pass below the best-response "
            f"level of {number(t.projected_level)} ng/mL around "
            f"{day_month_year(t.projected_below)}."
        )
    p = a.check_prompt
    reasons = []
    if p.below_best and p.latest is not None and p.best_level is not None:
        assert a.latest_ferritin is not None
        reasons.append(
            f"your latest ferritin, {number(p.latest)} ng/mL on "
            f"{day_month_year(a.latest_ferritin.date)}, is below the level from which your "
            f"nights were at their best (about {number(p.best_level)} ng/mL)"
        )
    if p.symptoms_worse and p.severity_last_30 is not None and p.severity_previous_30 is not None:
        reasons.append(
            f"symptoms were worse over the last 30 days (mean severity "
            f"{p.severity_last_30:.1f}) than in the 30 before "
            f"({p.severity_previous_30:.1f})"
        )
    if reasons:
        text = " and ".join(reasons)
        why = (
            f" Re-checking ferritin when symptoms worsen is {RULE_SOURCE}."
            if p.symptoms_worse
            else ""
        )
        out.append(
            f"{text[0].upper()}{text[1:]}.{why} A ferritin check may be worth discussing "
            "with your clinician."
        )
    return out


def iv_iron_sentences(a: Analysis) -> list[str]:
    """The 300 ng/mL rule, only when spec §7 allows it (see diary.analysis.iv_iron)."""
    rule, latest = a.iv_iron, a.latest_ferritin
    if rule.repeat_possible is None or latest is None:
        return []
    verb = "given again" if rule.infused_before else "given"
    word = "below" if rule.repeat_possible else "not below"
    if rule.latest_tsat is not None and rule.latest_tsat_date is not None:
        tsat = (
            f"your latest TSAT was {number(rule.latest_tsat)} % on "
            f"{day_month_year(rule.latest_tsat_date)}"
        )
    else:
        tsat = "no TSAT is recorded in the diary"
    return [
        f"Intravenous iron can be {verb} while ferritin is below {number(REPEAT_BELOW)} ng/mL "
        f"and transferrin saturation (TSAT) is below {number(TSAT_FROM)} %, when symptoms "
        f"call for it ({RULE_SOURCE}). Your latest ferritin, {number(latest.value)} ng/mL on "
        f"{day_month_year(latest.date)}, is {word} {number(REPEAT_BELOW)} ng/mL; {tsat}. "
        "That is information for you and your clinician to weigh, not advice."
    ]


def latest_course_text(a: Analysis) -> str | None:
    """'Did the latest course work?' in two sentences, for the window; None without one."""
    if not a.infusions:
        return None
    c = a.infusions[-1]
    name = course_name(c)
    text = f"Latest infusion: {name} ({products_text(c)}): {symptoms_text(c, a.today)}."
    if c.observed_rise is not None:
        text += (
            f" Ferritin rose {_signed(c.observed_rise)} ng/mL against "
            f"{number(c.expected_rise[0])}–{number(c.expected_rise[1])} expected."
        )
    elif a.today < c.judge_from:
        text += (
            " It is too early to judge: symptoms settle over 4–6 weeks, until "
            f"{day_month_year(c.judge_from)}."
        )
    if a.next_ferritin_check is not None:
        when = "was due" if a.next_ferritin_check < a.today else "is due"
        text += f" A ferritin check {when} around {day_month_year(a.next_ferritin_check)}."
    return text
