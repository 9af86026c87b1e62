"""What the diary holds within a chosen period: counts, dates and plain averages (the
findings for the whole diary stay in `sentences.describe`)."""

from __future__ import annotations

from datetime import date

from diary.analysis import _prep
from diary.records import DiaryContents
from diary.words import count, number, short_date

BAD_NIGHT = 7  # severity at or above which a night is counted as a bad one


def period_sentences(contents: DiaryContents, period: tuple[date, date] | None) -> list[str]:
    """Sentences about the nights and records dated within `period` (None: nothing, since the
    whole-diary findings already describe every night)."""
    if period is None:
        return []
    lo, hi = period
    span = f"between {short_date(lo)} and {short_date(hi)}"
    nights = [n for n in _prep.nights(contents) if lo <= n.date <= hi]
    if not nights:
        return [f"No nights are logged {span}."]
    severities = [n.rls_severity for n in nights]
    bad = sum(s >= BAD_NIGHT for s in severities)
    first, last = nights[0].date, nights[-1].date
    ends = [f"the first on {short_date(first)}"] if first != lo else []
    ends += [f"the last on {short_date(last)}"] if last != hi else []
    head = (
        f"{count(len(nights), 'night')} logged {span}"
        f"{' (' + ' and '.join(ends) + ')' if ends else ''}: mean RLS severity "
        f"{number(sum(severities) / len(severities))}, {bad} of them {BAD_NIGHT} or worse."
    )
    out = [head]
    slept = [n.sleep_hours for n in nights if n.sleep_hours is not None]
    if slept:
        out.append(
            f"Mean sleep {number(sum(slept) / len(slept))} hours, over the "
            f"{count(len(slept), 'night')} with sleep recorded."
        )
    ferritin = [x for x in contents.labs if x.test == "ferritin" and lo <= x.date <= hi]
    events = [
        count(len(ferritin), "ferritin result"),
        count(sum(lo <= i.date <= hi for i in contents.infusions), "infusion"),
        count(sum(lo <= v.date <= hi for v in contents.venesections), "venesection"),
    ]
    out.append(f"In this period: {', '.join(events)}.")
    return out
