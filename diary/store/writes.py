"""Writing records with plain sqlite3, inside the gateway's transactions (`Diary._write`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from diary.errors import ImportCancelled
from diary.records import Dose, Night, Profile, Supplement
from diary.store.kinds import DOSES, NIGHTS, SUPPLEMENTS, RecordKind
from diary.store.rows import format_time, insert_sql, layout, update_sql

if TYPE_CHECKING:
    from diary.store.importing import ImportPlan

_PROFILE_COLUMNS = layout(Profile).columns
# Rows written per statement in an import; progress is reported after each step.
IMPORT_STEP = 2000


class Tx:
    """The writes of one transaction; leaving the gateway's `_write()` commits them all."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def execute_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    # -- nights --------------------------------------------------------------------------

    def night_id_on(self, day: date) -> int | None:
        row = self.execute("SELECT id FROM nights WHERE date = ?", (day.isoformat(),)).fetchone()
        return None if row is None else int(row[0])

    def night_date_of(self, night_id: int) -> date | None:
        row = self.execute("SELECT date FROM nights WHERE id = ?", (night_id,)).fetchone()
        return None if row is None else date.fromisoformat(row[0])

    def insert_bundle(
        self, night: Night, doses: Sequence[Dose], supplements: Sequence[Supplement]
    ) -> int:
        night_id = self.insert(NIGHTS, night)
        self._insert_tags([(night_id, night)])
        for kind, items in ((DOSES, doses), (SUPPLEMENTS, supplements)):
            if items:
                row = layout(kind.record).row
                self.execute_many(insert_sql(kind.table, kind.record), map(row, items))
        return night_id

    def _insert_tags(self, nights: Iterable[tuple[int, Night]]) -> None:
        self.execute_many(
            "INSERT INTO night_tags (night_id, position, tag) VALUES (?, ?, ?)",
            ((night_id, i, tag) for night_id, n in nights for i, tag in enumerate(n.tags)),
        )

    def delete_night_rows(self, day: date) -> None:
        """The night of `day` (its tags follow by cascade) and the intake logged for it."""
        for kind in (NIGHTS, DOSES, SUPPLEMENTS):
            self.execute(f"DELETE FROM {kind.table} WHERE date = ?", (day.isoformat(),))

    # -- one record of any kind ----------------------------------------------------------

    def insert(self, kind: RecordKind, record: Any) -> int:
        cursor = self.execute(insert_sql(kind.table, kind.record), layout(kind.record).row(record))
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def update(self, kind: RecordKind, record: Any) -> int:
        """Rows changed: 1, or 0 when the record is gone."""
        values = [*layout(kind.record).row(record), record.id]
        return self.execute(update_sql(kind.table, kind.record), values).rowcount

    def delete(self, kind: RecordKind, record_id: int) -> int:
        """Rows deleted: 1, or 0 when the record is gone."""
        return self.execute(f"DELETE FROM {kind.table} WHERE id = ?", (record_id,)).rowcount

    def set_profile(self, profile: Profile) -> None:
        self.execute("DELETE FROM profile")
        self.execute(
            f"INSERT INTO profile (id, {', '.join(_PROFILE_COLUMNS)}) "
            f"VALUES (1{', ?' * len(_PROFILE_COLUMNS)})",
            layout(Profile).row(profile),
        )

    def set_usual_intake(self, doses: Sequence[Dose], supplements: Sequence[Supplement]) -> None:
        self.execute("DELETE FROM usual_intake")
        rows = [  # The brand as typed is what is kept: reading it back gives its generic again.
            ("medicine", d.as_typed or d.medication, d.amount, d.unit, d.time) for d in doses
        ] + [("supplement", s.product, s.amount_mg, "mg", s.time) for s in supplements]
        self.execute_many(
            "INSERT INTO usual_intake (position, kind, name, amount, unit, time) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                (position, kind, name, amount, unit, None if at is None else format_time(at))
                for position, (kind, name, amount, unit, at) in enumerate(rows)
            ),
        )

    # -- imports -------------------------------------------------------------------------

    def import_rows(self, plan: ImportPlan, progress: Callable[[int, int], bool] | None) -> None:
        """Write an import: nights (replacing those of the same dates), then each kind, in
        statements of IMPORT_STEP rows; after each, `progress(done, total)` may cancel it
        (ImportCancelled: leaving the transaction rolls it all back)."""
        done = 0

        def after_step(rows: int) -> None:
            nonlocal done
            done += rows
            if progress is not None and not progress(done, plan.rows):
                raise ImportCancelled()

        for n in plan.replaced:
            self.execute("DELETE FROM nights WHERE date = ?", (n.date.isoformat(),))
        batch = [*plan.new_nights, *plan.replaced]
        self._insert_in_steps(NIGHTS, batch, after_step)
        if any(n.tags for n in batch):
            # every night's id by date: one query, no limit on how many were added
            ids = dict(self.execute("SELECT date, id FROM nights").fetchall())
            self._insert_tags((ids[n.date.isoformat()], n) for n in batch)
        for kind, items in plan.records.items():
            self._insert_in_steps(kind, items, after_step)

    def _insert_in_steps(
        self, kind: RecordKind, items: Sequence[Any], after_step: Callable[[int], None]
    ) -> None:
        sql, row = insert_sql(kind.table, kind.record), layout(kind.record).row
        for start in range(0, len(items), IMPORT_STEP):
            chunk = items[start : start + IMPORT_STEP]
            self.execute_many(sql, map(row, chunk))
            after_step(len(chunk))
