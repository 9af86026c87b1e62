"""The gateway's reads by name (the base of `gateway.Diary`): plain sqlite3 through
`store/reads.py`; a read that meets damage marks the diary damaged."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from diary.errors import DamageFound, NotFound
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
from diary.store import reads, sqlite_errors
from diary.store.changes import NightBundle
from diary.store.database import damage_detail
from diary.store.kinds import DOSES, INFUSIONS, LABS, SUPPLEMENTS, VENESECTIONS, Simple, kind_of

log = logging.getLogger("diary.store.gateway")
_T = TypeVar("_T")


class DiaryReads:
    """Every read of an open diary; `Diary` adds opening, writing and backups."""

    path: Path
    _conn: sqlite3.Connection
    _damage: str | None

    def _read(self, fn: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
        """`fn(connection, ...)` from store/reads.py; a read that meets damage (SQLite's
        corruption errors, or a stored value that is not what the schema allows) marks the
        diary damaged: DamageFound now, and no more writes."""
        if self._damage is not None:
            raise DamageFound(self.path, self._damage)
        try:
            return fn(self._conn, *args, **kwargs)
        except (sqlite3.DatabaseError, ValueError, OverflowError) as exc:
            detail = damage_detail(exc)
            if detail is None:
                raise
            self._damage = detail
            log.error("damage met on reading: %s %s (%d)", *sqlite_errors.log_args(exc))
            raise DamageFound(self.path, detail) from exc

    @property
    def damage(self) -> str | None:
        """What damage a read met (None while none was met)."""
        return self._damage

    def night_on(self, day: date) -> Night | None:
        found = self._read(reads.nights, day, day)
        return found[0] if found else None

    def nights(self, start: date | None = None, end: date | None = None) -> list[Night]:
        """Nights from `start` to `end` inclusive (either open), oldest first."""
        return self._read(reads.nights, start, end)

    def night_dates(self, since: date | None = None) -> list[date]:
        """Dates of the logged nights (from `since` on, if given), oldest first."""
        return self._read(reads.night_dates, since)

    def night_date_bounds(self, before: date) -> tuple[date | None, date | None]:
        """The first night ever logged, and the newest before `before` (None when none)."""
        return self._read(reads.night_date_bounds, before)

    def intake_on(self, day: date) -> tuple[list[Dose], list[Supplement]]:
        return self.doses(day, day), self.supplements(day, day)

    def all_tags(self) -> list[str]:
        """Every tag used, most used first."""
        return self._read(reads.all_tags)

    def labs(
        self, test: str | None = None, start: date | None = None, end: date | None = None
    ) -> list[LabResult]:
        return self._read(reads.records, LABS, start, end, test=test)

    def ferritin_readings(self) -> list[LabResult]:
        return self.labs("ferritin")

    def doses(self, start: date | None = None, end: date | None = None) -> list[Dose]:
        return self._read(reads.records, DOSES, start, end)

    def supplements(self, start: date | None = None, end: date | None = None) -> list[Supplement]:
        return self._read(reads.records, SUPPLEMENTS, start, end)

    def infusions(self) -> list[Infusion]:
        return self._read(reads.records, INFUSIONS)

    def venesections(self) -> list[Venesection]:
        return self._read(reads.records, VENESECTIONS)

    def profile(self) -> Profile:
        return self._read(reads.profile)

    def night_date_of(self, night_id: int) -> date | None:
        """The date of the stored night with this id; None when there is none."""
        return self._read(reads.night_date, night_id)

    def night_bundle(self, day: date) -> NightBundle | None:
        """The night of `day` with the intake logged for it, as stored; None if no night."""
        night = self.night_on(day)
        if night is None:
            return None
        doses, supplements = self.intake_on(day)
        return NightBundle(night, tuple(doses), tuple(supplements))

    def stored(self, record: Simple) -> Simple:
        """The stored version of a lab, dose, supplement, infusion or venesection (by id)."""
        if record.id is None:
            raise NotFound("That record has not been stored yet.")
        found = self._read(reads.records, kind_of(record), record_id=record.id)
        if not found:
            raise NotFound("That record is no longer in the diary.")
        stored: Simple = found[0]
        return stored

    def usual_intake(self, day: date) -> tuple[list[Dose], list[Supplement]]:
        """What is taken most nights (prefilled into a new night), dated the night of `day`."""
        return reads.usual_intake(self._conn, day)

    def counts(self) -> dict[str, int]:
        return self._read(reads.counts)

    def contents(self) -> DiaryContents:
        """Every record in the diary, each kind sorted by date (one read transaction)."""
        return self._read(reads.read_contents)

    @property
    def schema_version(self) -> str:
        return self._read(reads.revision)
