"""Reading a whole diary at once with plain sqlite3: fast, and no SQLAlchemy to load."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, time
from pathlib import Path
from typing import Any

from diary.errors import KnownError
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
from diary.store.sqlite_uri import ro_uri

_day = date.fromisoformat


def _time(text: str | None) -> time | None:
    return None if text is None else time.fromisoformat(text)


def _flag(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def _rows(conn: sqlite3.Connection, sql: str, make: Callable[..., Any]) -> tuple[Any, ...]:
    return tuple(make(*row) for row in conn.execute(sql))


def read_contents(conn: sqlite3.Connection) -> DiaryContents:
    """Every record, each kind in the order the gateway's lists use."""
    tags: dict[int, list[str]] = {}
    for night_id, tag in conn.execute(
        "SELECT night_id, tag FROM night_tags ORDER BY night_id, position"
    ):
        tags.setdefault(night_id, []).append(tag)

    def night(i, d, sev, hours, bed, wake, lat, awk, qual, onset, notes, doctor):  # type: ignore[no-untyped-def]
        return Night(
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

    def lab(i, d, test, value, unit, canon, fasting, lab_name, infl, notes):  # type: ignore[no-untyped-def]
        return LabResult(
            _day(d), test, value, unit, _flag(fasting), lab_name, bool(infl), notes, canon, i
        )

    def dose(i, d, t, med, amount, unit, notes):  # type: ignore[no-untyped-def]
        return Dose(_day(d), med, amount, unit, _time(t), notes, i)

    def supplement(i, d, t, product, amount, iron, vit_c, notes):  # type: ignore[no-untyped-def]
        return Supplement(_day(d), product, amount, _time(t), iron, _flag(vit_c), notes, i)

    def infusion(i, d, product, dose_mg, notes):  # type: ignore[no-untyped-def]
        return Infusion(_day(d), product, dose_mg, notes, i)

    def venesection(i, d, volume, notes):  # type: ignore[no-untyped-def]
        return Venesection(_day(d), volume, notes, i)

    profile_row = conn.execute("SELECT name, birth_year, clinician FROM profile").fetchone()
    return DiaryContents(
        nights=_rows(
            conn,
            "SELECT id, date, rls_severity, sleep_hours, bedtime, wake_time, "
            "sleep_latency_min, awakenings, sleep_quality, symptom_onset, notes, "
            "for_doctor FROM nights ORDER BY date",
            night,
        ),
        labs=_rows(
            conn,
            "SELECT id, date, test, value, unit, canonical_value, fasting, "
            "lab_name, inflammation, notes FROM lab_results ORDER BY date, test, id",
            lab,
        ),
        doses=_rows(
            conn,
            "SELECT id, date, time, medication, amount, unit, notes FROM doses "
            "ORDER BY date, time, medication, id",
            dose,
        ),
        supplements=_rows(
            conn,
            "SELECT id, date, time, product, amount_mg, elemental_iron_mg, "
            "with_vitamin_c, notes FROM supplements "
            "ORDER BY date, time, product, id",
            supplement,
        ),
        infusions=_rows(
            conn,
            "SELECT id, date, product, dose_mg, notes FROM infusions ORDER BY date, product, id",
            infusion,
        ),
        venesections=_rows(
            conn,
            "SELECT id, date, volume_ml, notes FROM venesections ORDER BY date, id",
            venesection,
        ),
        profile=Profile(*profile_row) if profile_row else Profile(),
    )


def read_diary(path: Path) -> DiaryContents:
    """Everything in the diary at `path`, read-only, after the same checks as opening it."""
    from diary.store import database

    path = Path(path).absolute()
    if not path.exists():
        raise KnownError(f"There is no diary at {path}.")
    try:
        database.check_file(path)
    except database.Damage as exc:
        raise KnownError(
            f"The diary {path} is damaged ({exc}).",
            "Run `rls-diary check` to move it aside and see the newest good backup.",
        ) from None
    revision = database.read_revision(path)
    if revision not in database.KNOWN_REVISIONS:
        from diary.errors import DiaryTooNew

        raise DiaryTooNew(path, str(revision))
    if revision != database.HEAD_REVISION:
        raise KnownError(
            f"The diary {path} needs updating to this version.", "Open it in the window once first."
        )
    conn = sqlite3.connect(ro_uri(path), uri=True)
    try:
        return read_contents(conn)
    finally:
        conn.close()
