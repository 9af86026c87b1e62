"""Mean severity on nights with and without each tag, when both sides have enough nights.

Tags are compared case-insensitively. A tag is reported only with at least 7 nights with it
and 7 without; the difference carries a 95 % interval (Welch standard error). Like every
comparison here it shows association in this diary, not cause.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from diary.records import Night

MIN_EACH_SIDE = 7


@dataclass(frozen=True, slots=True)
class TagComparison:
    tag: str
    nights_with: int
    nights_without: int
    mean_with: float
    mean_without: float
    difference: float  # with - without
    ci_low: float
    ci_high: float


def compare_tags(nights: list[Night], sev: np.ndarray) -> tuple[TagComparison, ...]:
    names: dict[str, str] = {}
    members: dict[str, list[int]] = {}
    for i, night in enumerate(nights):
        for tag in {t.casefold(): t for t in night.tags}.items():
            names.setdefault(tag[0], tag[1])
            members.setdefault(tag[0], []).append(i)
    sevf = sev.astype(np.float64)
    out = []
    for key in sorted(members):
        mask = np.zeros(len(nights), dtype=bool)
        mask[members[key]] = True
        a, b = sevf[mask], sevf[~mask]
        if len(a) < MIN_EACH_SIDE or len(b) < MIN_EACH_SIDE:
            continue
        diff = float(a.mean() - b.mean())
        se = float(np.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b)))
        out.append(
            TagComparison(
                names[key],
                len(a),
                len(b),
                round(float(a.mean()), 2),
                round(float(b.mean()), 2),
                round(diff, 2),
                round(diff - 1.96 * se, 2),
                round(diff + 1.96 * se, 2),
            )
        )
    return tuple(out)
