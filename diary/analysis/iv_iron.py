"""Whether the 300 ng/mL rule of thumb for giving intravenous iron again may be shown (spec §7).

The rule ("intravenous iron can be given again while ferritin is below 300 ng/mL", a rule
of thumb from a clinical review) is information for an iron-deficient patient only. It is
withheld, with the reason, when venesections are recorded (iron overload is being treated),
when any ferritin reading was 1000 ng/mL or more (inflammation-flagged ones included: the
caution is the point), when the latest transferrin saturation is 45 % or more, or when the
latest used ferritin is more than 6 calendar months old (it no longer says where iron is).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from diary.analysis import _prep
from diary.analysis.ferritin import FerritinReading
from diary.records import LabResult, Venesection
from diary.words import day_month_year, number

REPEAT_BELOW = 300.0  # ng/mL
OVERLOAD_FROM = 1000.0  # ng/mL: any reading this high withholds the rule
TSAT_FROM = 45.0  # percent: a latest TSAT this high withholds the rule
STALE_MONTHS = 6


@dataclass(frozen=True, slots=True)
class IvIronRule:
    """`repeat_possible`: True when the rule applies and the latest ferritin is below
    300 ng/mL, False when it applies and is not below, None when withheld or no ferritin."""

    repeat_possible: bool | None
    withheld: str | None  # why the rule is not shown, in plain words; None when it is
    latest_tsat: float | None  # percent
    latest_tsat_date: date | None
    infused_before: bool  # an infusion is recorded: "again" rather than "given"


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day if it is shorter)."""
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    for d in (day.day, 30, 29, 28):
        try:
            return date(y, m + 1, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _latest_tsat(labs: list[LabResult]) -> tuple[float | None, date | None]:
    found = [
        (lab.date, v)
        for lab in labs
        if lab.test == "tsat" and (v := _prep.canonical_lab_value(lab)) is not None
    ]
    if not found:
        return None, None
    day = max(d for d, _ in found)
    return max(v for d, v in found if d == day), day


def _as_written(r: FerritinReading, labs: list[LabResult]) -> str:
    """The reading as the lab wrote it: '>1000' for a value above its measuring range."""
    for lab in labs:
        if lab.test == "ferritin" and lab.date == r.date and lab.censored and lab.value == r.value:
            return lab.value_text
    return number(r.value)


def iv_iron_rule(
    readings: list[FerritinReading],
    latest: FerritinReading | None,
    labs: list[LabResult],
    venesections: list[Venesection],
    infused_before: bool,
    today: date,
) -> IvIronRule:
    """Whether the rule may be shown; `latest` is the latest used ferritin reading."""
    tsat, tsat_day = _latest_tsat(labs)
    high = max(readings, key=lambda r: r.value, default=None)
    withheld = None
    if venesections:
        withheld = "venesections are recorded, so iron is being taken off, not topped up"
    elif high is not None and high.value >= OVERLOAD_FROM:
        withheld = (
            f"a ferritin of {_as_written(high, labs)} ng/mL on {day_month_year(high.date)} is "
            f"{number(OVERLOAD_FROM)} ng/mL or more"
        )
    elif tsat is not None and tsat_day is not None and tsat >= TSAT_FROM:
        withheld = (
            f"the latest transferrin saturation (TSAT), {number(tsat)} % on "
            f"{day_month_year(tsat_day)}, is {number(TSAT_FROM)} % or more"
        )
    elif latest is not None and latest.date < months_before(today, STALE_MONTHS):
        withheld = (
            f"the latest ferritin, from {day_month_year(latest.date)}, is more than "
            f"{STALE_MONTHS} months old"
        )
    shown = latest is not None and withheld is None
    possible = latest.value < REPEAT_BELOW if shown and latest is not None else None
    return IvIronRule(possible, withheld, tsat, tsat_day, infused_before)
