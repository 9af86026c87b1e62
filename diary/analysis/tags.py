"""Do nights with a tag differ from the other nights of the same weeks? Weeks are the evidence.

Tags are compared case-insensitively. For each week (Monday to Sunday) holding nights both
with and without a tag, the week gives one number: the mean severity of its tagged nights
minus that of its other nights. Comparing within weeks keeps slow changes (ferritin, season,
a flare) out of the difference, and counting weeks rather than nights keeps one bad week
from looking like seven pieces of evidence. A tag is tested with at least `MIN_WEEKS` such
weeks; the tags tested are corrected for together (Holm), and a tag is a finding only with
an adjusted p-value below 0.05 and a difference of at least 1 point (`weekly.py`). Like every
comparison here it shows association in this diary, not cause.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from diary.analysis import weekly
from diary.records import Night

MIN_WEEKS = 8


@dataclass(frozen=True, slots=True)
class TagComparison:
    tag: str
    nights_with: int
    nights_without: int
    weeks: int  # weeks with nights both with and without the tag: the evidence
    mean_with: float | None  # over those weeks, of the weekly means of tagged nights
    mean_without: float | None
    difference: float | None  # mean weekly difference, with - without
    p_value: float | None  # None when not tested (fewer than MIN_WEEKS weeks)
    p_adjusted: float | None  # Holm, over every tag tested
    finding: bool


def compare_tags(
    nights: list[Night], days: np.ndarray, sev: np.ndarray
) -> tuple[TagComparison, ...]:
    names: dict[str, str] = {}
    members: dict[str, list[int]] = {}
    for i, night in enumerate(nights):
        for key, tag in {t.casefold(): t for t in night.tags}.items():
            names.setdefault(key, tag)
            members.setdefault(key, []).append(i)
    if not members:
        return ()
    week = weekly.week_numbers(days)
    first = int(week.min())
    slot = week - first
    size = int(slot.max()) + 1
    sevf = sev.astype(np.float64)
    all_n = np.bincount(slot, minlength=size)
    all_sum = np.bincount(slot, weights=sevf, minlength=size)
    out: list[TagComparison] = []
    for key in sorted(members):
        mask = np.zeros(len(nights), dtype=bool)
        mask[members[key]] = True
        with_n = np.bincount(slot[mask], minlength=size)
        with_sum = np.bincount(slot[mask], weights=sevf[mask], minlength=size)
        without_n = all_n - with_n
        both = (with_n > 0) & (without_n > 0)
        weeks = int(both.sum())
        mean_with = mean_without = difference = p = None
        if weeks:
            w = with_sum[both] / with_n[both]
            wo = (all_sum[both] - with_sum[both]) / without_n[both]
            mean_with, mean_without = round(float(w.mean()), 2), round(float(wo.mean()), 2)
            diffs = w - wo
            difference = round(float(diffs.mean()), 2)
            if weeks >= MIN_WEEKS:
                p = weekly.sign_flip_p(diffs)
        count = int(mask.sum())
        out.append(
            TagComparison(
                names[key],
                count,
                len(nights) - count,
                weeks,
                mean_with,
                mean_without,
                difference,
                p,
                None,
                False,
            )
        )
    tested = [i for i, t in enumerate(out) if t.p_value is not None]
    adjusted = weekly.holm([out[i].p_value or 0.0 for i in tested])
    for i, p_adj in zip(tested, adjusted, strict=True):
        t = out[i]
        assert t.difference is not None
        out[i] = replace(
            t, p_adjusted=round(p_adj, 4), finding=weekly.is_finding(t.difference, p_adj)
        )
    return tuple(out)
