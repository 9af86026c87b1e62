"""Reading records with plain sqlite3: fast, and no SQLAlchemy to load at start-up."""

from __future__ import annotations

import sqlite3
from datetime import date, time
from typing import Any

from diary import catalog
from diary.records import DiaryContents, Dose, Night, Profile, Supplement
from diary.store.kinds import NIGHTS, RECORD_KINDS, SIMPLE_KINDS, RecordKind
from diary.store.rows import layout, select_sql

_day = date.fromisoformat


def _time(text: str | None) -> time | None:
    return None if text is None else time.fromisoformat(text)


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
    night = layout(Night)
    at = night.read_columns.index("id")
    sql = select_sql(NIGHTS.table, Night, where, NIGHTS.order)
    return [
        night.record_from(row, tags=tuple(tags.get(row[at], ())))
        for row in conn.execute(sql, params)
    ]


def night_date(conn: sqlite3.Connection, night_id: int) -> date | None:
    row = conn.execute("SELECT date FROM nights WHERE id = ?", (night_id,)).fetchone()
    return None if row is None else _day(row[0])


def night_dates(conn: sqlite3.Connection, since: date | None = None) -> list[date]:
    if since is None:
        return [_day(d) for (d,) in conn.execute("SELECT date FROM nights ORDER BY date")]
    rows = conn.execute(
        "SELECT date FROM nights WHERE date >= ? ORDER BY date", (since.isoformat(),)
    )
    return [_day(d) for (d,) in rows]


def night_date_bounds(conn: sqlite3.Connection, before: date) -> tuple[date | None, date | None]:
    """The first night ever logged, and the newest before `before` (None when there is none)."""
    first, newest = conn.execute(
        "SELECT min(date), (SELECT max(date) FROM nights WHERE date < ?) FROM nights",
        (before.isoformat(),),
    ).fetchone()
    return (None if first is None else _day(first), None if newest is None else _day(newest))


def records(
    conn: sqlite3.Connection,
    kind: RecordKind,
    start: date | None = None,
    end: date | None = None,
    *,
    test: str | None = None,
    record_id: int | None = None,
) -> list[Any]:
    """Labs, doses, supplements, infusions or venesections, in the gateway's order."""
    extra: list[tuple[str, Any]] = []
    if test is not None:
        extra.append(("n.test = ?", test))
    if record_id is not None:
        extra.append(("n.id = ?", record_id))
    where, params = _between("n.date", start, end, extra)
    make = layout(kind.record).record_from
    return [
        make(row)
        for row in conn.execute(select_sql(kind.table, kind.record, where, kind.order), params)
    ]


def profile(conn: sqlite3.Connection) -> Profile:
    row = conn.execute(select_sql("profile", Profile)).fetchone()
    return layout(Profile).record_from(row) if row else Profile()


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
    return {
        kind.name: conn.execute(f"SELECT count(*) FROM {kind.table}").fetchone()[0]
        for kind in RECORD_KINDS
    }


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
            **{kind.name: tuple(records(conn, kind)) for kind in SIMPLE_KINDS},
            profile=profile(conn),
        )
    finally:
        if own:
            conn.execute("ROLLBACK")
