"""Planning an import: what is new, what repeats the diary, and which nights conflict."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from diary.errors import NightConflict, Problem, ValidationError
from diary.records import NIGHT_MEASURES, DiaryContents, Night
from diary.store import validation as v
from diary.store.kinds import SIMPLE_KINDS, RecordKind

# The night fields the CSV carries: these decide whether an imported night is a repeat.
NIGHT_COMPARED = (*NIGHT_MEASURES, "notes", "tags")


@dataclass(frozen=True, slots=True)
class ImportReport:
    added: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    replaced_nights: int = 0


@dataclass(frozen=True, slots=True)
class ImportPlan:
    new_nights: list[Night]
    replaced: list[Night]
    records: dict[RecordKind, list[Any]]  # only what the diary does not hold yet
    report: ImportReport

    @property
    def rows(self) -> int:
        return len(self.new_nights) + len(self.replaced) + sum(map(len, self.records.values()))


def plan_import(
    contents: DiaryContents,
    today: date,
    existing_nights: list[Night],
    existing: Callable[[RecordKind], list[Any]],
    *,
    replace_nights: bool,
) -> ImportPlan:
    """Check every record and decide what to write; raises ValidationError (all problems)
    or NightConflict, and then nothing is to be written."""
    problems: list[str] = []
    nights = []
    for n in contents.nights:
        try:
            nights.append(v.normalise_night(n, today))
        except ValidationError as exc:
            problems += [f"night {n.date}: {p}" for p in exc.problems]
    clean: dict[RecordKind, list[Any]] = {}
    for kind in SIMPLE_KINDS:
        clean[kind] = []
        for record in getattr(contents, kind.name):
            try:
                clean[kind].append(kind.normalise(record, today))
            except ValidationError as exc:
                problems += [f"{kind.name} {record.date}: {p}" for p in exc.problems]
    if problems:
        raise ValidationError([Problem("import", p) for p in problems])
    repeated = sorted(d.isoformat() for d, c in Counter(n.date for n in nights).items() if c > 1)
    if repeated:
        raise ValidationError(
            [Problem("date", f"the night of {d} appears more than once") for d in repeated]
        )

    by_date = {n.date: n for n in existing_nights}
    new_nights, replaced, conflicts, same = [], [], [], 0
    for n in nights:
        old = by_date.get(n.date)
        if old is None:
            new_nights.append(n)
        elif all(getattr(old, f) == getattr(n, f) for f in NIGHT_COMPARED):
            same += 1
        elif replace_nights:
            replaced.append(replace(n, for_doctor=old.for_doctor))
        else:
            conflicts.append(n.date.isoformat())
    if conflicts:
        raise NightConflict(conflicts)

    # A record is skipped as many times as the diary already holds it, so importing the
    # same export twice adds nothing while three equal doses in one export stay three.
    added: dict[str, int] = {"nights": len(new_nights)}
    skipped: dict[str, int] = {"nights": same}
    fresh_by_kind: dict[RecordKind, list[Any]] = {}
    for kind in SIMPLE_KINDS:
        duplicate_key = kind.duplicate_key
        assert duplicate_key is not None
        have = Counter(duplicate_key(r) for r in existing(kind))
        fresh = []
        for record in clean[kind]:
            key = duplicate_key(record)
            if have[key] > 0:
                have[key] -= 1
            else:
                fresh.append(record)
        fresh_by_kind[kind] = fresh
        added[kind.name] = len(fresh)
        skipped[kind.name] = len(clean[kind]) - len(fresh)
    report = ImportReport(added, skipped, len(replaced))
    return ImportPlan(new_nights, replaced, fresh_by_kind, report)
