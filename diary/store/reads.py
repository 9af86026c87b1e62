"""Reading records with plain sqlite3: fast, and no SQLAlchemy to load at start-up."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from diary import catalog
from diary.records import (
    DiaryContents,
    Dose,
    Infusion,
    LabResult,
    Night,
    Profile,
    Supplement,
    Venesection,
)

_day = date.fromisoformat


def _time(text: str | None) -> time | None:
    return None if text is None else time.fromisoformat(text)


def _flag(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def _lab(
    i: int,
    d: str,
    test: str,
    value: float,
    unit: str,
    canon: float | None,
    fasting: int | None,
    lab_name: str,
    infl: int,
    notes: str,
    limit: str,
) -> LabResult:
    return LabResult(
        _day(d), test, value, unit, _flag(fasting), lab_name, bool(infl), notes, canon, i, limit
    )


def _dose(
    i: int, d: str, t: str | None, med: str, amount: float, unit: str, notes: str, typed: str
) -> Dose:
    return Dose(_day(d), med, amount, unit, _time(t), notes, i, typed)


def _supplement(
    i: int,
    d: str,
    t: str | None,
    product: str,
    amount: float,
    iron: float | None,
    vit_c: int | None,
    notes: str,
) -> Supplement:
    return Supplement(_day(d), product, amount, _time(t), iron, _flag(vit_c), notes, i)


def _infusion(i: int, d: str, product: str, dose_mg: float, notes: str, typed: str) -> Infusion:
    return Infusion(_day(d), product, dose_mg, notes, i, typed)


def _venesection(i: int, d: str, volume: float | None, notes: str) -> Venesection:
    return Venesection(_day(d), volume, notes, i)


@dataclass(frozen=True, slots=True)
class _Source:
    """Where one simple kind of record lives and how its rows become records."""

    table: str
    columns: str
    order: str
    make: Callable[..., Any]


SOURCES: dict[str, _Source] = {
    "labs": _Source(
        "lab_results",
        "id, date, test, value, unit, canonical_value, fasting, lab_name, inflammation, notes,"
        " value_limit",
        "date, test, id",
        _lab,
    ),
    "doses": _Source(
        "doses",
        "id, date, time, medication, amount, unit, notes, as_typed",
        "date, time, medication, id",
        _dose,
    ),
    "supplements": _Source(
        "supplements",
        "id, date, time, product, amount_mg, elemental_iron_mg, with_vitamin_c, notes",
        "date, time, product, id",
        _supplement,
    ),
    "infusions": _Source(
        "infusions",
        "id, date, product, dose_mg, notes, as_typed",
        "date, product, id",
        _infusion,
    ),
    "venesections": _Source("venesections", "id, date, volume_ml, notes", "date, id", _venesection),
}

_NIGHT_COLUMNS = (
    "n.id, n.date, n.rls_severity, n.sleep_hours, n.bedtime, n.wake_time, "
    "n.sleep_latency_min, n.awakenings, n.sleep_quality, n.symptom_onset, "
    "n.notes, n.for_doctor"
)


def _between(
    column: str, start: date | None, end: date | None, extra: list[tuple[str, Any]] | None = None
) -> tuple[str, list[Any]]:
    clauses, params = [], []
    if start is not None:
        clauses.append(f"{column} >= ?")
        params.append(start.isoformat())
    if end is not None:
        clauses.append(f"{column} <= ?")
        params.append(end.isoformat())
    for clause, value in extra or []:
        clauses.append(clause)
        params.append(value)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def nights(
    conn: sqlite3.Connection, start: date | None = None, end: date | None = None
) -> list[Night]:
    """Nights from `start` to `end` inclusive (either open), oldest first, with their tags."""
    where, params = _between("n.date", start, end)
    tags: dict[int, list[str]] = {}
    for night_id, tag in conn.execute(
        "SELECT t.night_id, t.tag FROM night_tags t JOIN nights n ON n.id = t.night_id"
        f"{where} ORDER BY t.night_id, t.position",
        params,
    ):
        tags.setdefault(night_id, []).append(tag)
    return [
        Night(
            _day(d),
            sev,
            hours,
            _time(bed),
            _time(wake),
            lat,
            awk,
            qual,
            _time(onset),
            tuple(tags.get(i, ())),
            notes,
            bool(doctor),
            i,
        )
        for i, d, sev, hours, bed, wake, lat, awk, qual, onset, notes, doctor in conn.execute(
            f"SELECT {_NIGHT_COLUMNS} FROM nights n{where} ORDER BY n.date", params
        )
    ]


def night_date(conn: sqlite3.Connection, night_id: int) -> date | None:
    row = conn.execute("SELECT date FROM nights WHERE id = ?", (night_id,)).fetchone()
    return None if row is None else _day(row[0])


def night_dates(conn: sqlite3.Connection) -> list[date]:
    return [_day(d) for (d,) in conn.execute("SELECT date FROM nights ORDER BY date")]


def records(
    conn: sqlite3.Connection,
    kind: str,
    start: date | None = None,
    end: date | None = None,
    *,
    test: str | None = None,
    record_id: int | None = None,
) -> list[Any]:
    """Labs, doses, supplements, infusions or venesections, in the gateway's order."""
    source = SOURCES[kind]
    extra: list[tuple[str, Any]] = []
    if test is not None:
        extra.append(("test = ?", test))
    if record_id is not None:
        extra.append(("id = ?", record_id))
    where, params = _between("date", start, end, extra)
    sql = f"SELECT {source.columns} FROM {source.table}{where} ORDER BY {source.order}"
    return [source.make(*row) for row in conn.execute(sql, params)]


def profile(conn: sqlite3.Connection) -> Profile:
    row = conn.execute("SELECT name, birth_year, clinician FROM profile").fetchone()
    return Profile(*row) if row else Profile()


def usual_intake(conn: sqlite3.Connection, day: date) -> tuple[list[Dose], list[Supplement]]:
    """The usual medicines and supplements, as taken on the night of `day`."""
    doses: list[Dose] = []
    sups: list[Supplement] = []
    rows = conn.execute(
        "SELECT kind, name, amount, unit, time FROM usual_intake ORDER BY position"
    ).fetchall()
    for kind, name, amount, unit, at in rows:
        if kind == "medicine":
            generic, typed = catalog.stored_medicine(name)
            doses.append(Dose(day, generic, amount, unit, _time(at), as_typed=typed))
        else:
            sups.append(Supplement(day, name, amount, _time(at)))
    return doses, sups


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    result = {"nights": conn.execute("SELECT count(*) FROM nights").fetchone()[0]}
    for kind, source in SOURCES.items():
        result[kind] = conn.execute(f"SELECT count(*) FROM {source.table}").fetchone()[0]
    return result


def all_tags(conn: sqlite3.Connection) -> list[str]:
    """Every tag used, most used first."""
    return [
        tag
        for (tag,) in conn.execute(
            "SELECT tag FROM night_tags GROUP BY tag ORDER BY count(*) DESC, tag"
        )
    ]


def revision(conn: sqlite3.Connection) -> str:
    return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def read_contents(conn: sqlite3.Connection) -> DiaryContents:
    """Every record, each kind in the order the gateway's lists use, in one read."""
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")  # one snapshot: a write in between cannot split the picture
    try:
        return DiaryContents(
            nights=tuple(nights(conn)),
            **{kind: tuple(records(conn, kind)) for kind in SOURCES},
            profile=profile(conn),
        )
    finally:
        if own:
            conn.execute("ROLLBACK")
