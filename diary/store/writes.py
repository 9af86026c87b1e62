"""Writing records with SQLAlchemy Core, in the gateway's transactions (loaded on first write)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.engine import Connection

from diary.records import Dose, Night, Profile, Supplement
from diary.store import convert
from diary.store.models import (
    DoseRow,
    InfusionRow,
    LabResultRow,
    NightRow,
    NightTagRow,
    ProfileRow,
    SupplementRow,
    UsualIntakeRow,
    VenesectionRow,
)

NIGHTS: Table = NightRow.__table__  # type: ignore[assignment]
TAGS: Table = NightTagRow.__table__  # type: ignore[assignment]
PROFILE: Table = ProfileRow.__table__  # type: ignore[assignment]
USUAL: Table = UsualIntakeRow.__table__  # type: ignore[assignment]
TABLES: dict[str, Table] = {
    "labs": LabResultRow.__table__,  # type: ignore[dict-item]
    "doses": DoseRow.__table__,  # type: ignore[dict-item]
    "supplements": SupplementRow.__table__,  # type: ignore[dict-item]
    "infusions": InfusionRow.__table__,  # type: ignore[dict-item]
    "venesections": VenesectionRow.__table__,  # type: ignore[dict-item]
}
COLUMNS: dict[str, tuple[str, ...]] = {
    "labs": convert.LAB_COLUMNS,
    "doses": convert.DOSE_COLUMNS,
    "supplements": convert.SUPPLEMENT_COLUMNS,
    "infusions": convert.INFUSION_COLUMNS,
    "venesections": convert.VENESECTION_COLUMNS,
}


class Tx:
    """The writes of one transaction; leaving the gateway's `_write()` commits them all."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # -- nights --------------------------------------------------------------------------

    def night_id_on(self, day: date) -> int | None:
        return self.conn.execute(select(NIGHTS.c.id).where(NIGHTS.c.date == day)).scalar()

    def night_date_of(self, night_id: int) -> date | None:
        return self.conn.execute(select(NIGHTS.c.date).where(NIGHTS.c.id == night_id)).scalar()

    def insert_bundle(
        self, night: Night, doses: Sequence[Dose], supplements: Sequence[Supplement]
    ) -> int:
        night_id: int = self.conn.execute(
            insert(NIGHTS).values(convert.values(night, convert.NIGHT_COLUMNS))
        ).inserted_primary_key[0]  # type: ignore[index]
        if night.tags:
            self.conn.execute(
                insert(TAGS),
                [{"night_id": night_id, "position": i, "tag": t} for i, t in enumerate(night.tags)],
            )
        for kind, items in (("doses", doses), ("supplements", supplements)):
            if items:
                self.conn.execute(
                    insert(TABLES[kind]), [convert.values(r, COLUMNS[kind]) for r in items]
                )
        return night_id

    def delete_night_rows(self, day: date) -> None:
        """The night of `day` (its tags follow by cascade) and the intake logged for it."""
        self.conn.execute(delete(NIGHTS).where(NIGHTS.c.date == day))
        for kind in ("doses", "supplements"):
            self.conn.execute(delete(TABLES[kind]).where(TABLES[kind].c.date == day))

    # -- labs, doses, supplements, infusions, venesections -------------------------------

    def insert(self, kind: str, record: Any) -> int:
        return self.conn.execute(
            insert(TABLES[kind]).values(convert.values(record, COLUMNS[kind]))
        ).inserted_primary_key[0]  # type: ignore[index]

    def update(self, kind: str, record: Any) -> int:
        """Rows changed: 1, or 0 when the record is gone."""
        table = TABLES[kind]
        done = self.conn.execute(
            update(table)
            .where(table.c.id == record.id)
            .values(convert.values(record, COLUMNS[kind]))
        )
        return int(done.rowcount)

    def delete(self, kind: str, record_id: int) -> int:
        """Rows deleted: 1, or 0 when the record is gone."""
        table = TABLES[kind]
        return int(self.conn.execute(delete(table).where(table.c.id == record_id)).rowcount)

    def set_profile(self, profile: Profile) -> None:
        self.conn.execute(delete(PROFILE))
        self.conn.execute(
            insert(PROFILE).values(
                id=1, name=profile.name, birth_year=profile.birth_year, clinician=profile.clinician
            )
        )

    def set_usual_intake(self, doses: Sequence[Dose], supplements: Sequence[Supplement]) -> None:
        self.conn.execute(delete(USUAL))
        rows = [
            # The brand as typed is what is kept: reading it back gives its generic again.
            {"kind": "medicine", "name": d.as_typed or d.medication, "amount": d.amount}
            | {"unit": d.unit}
            | {"time": d.time}
            for d in doses
        ] + [
            {"kind": "supplement", "name": s.product, "amount": s.amount_mg, "unit": "mg"}
            | {"time": s.time}
            for s in supplements
        ]
        for position, row in enumerate(rows):
            self.conn.execute(insert(USUAL).values(position=position, **row))

    # -- imports -------------------------------------------------------------------------

    def import_rows(
        self,
        replaced: Sequence[Night],
        new: Sequence[Night],
        records: dict[str, list[Any]],
        step: int,
        after_step: Callable[[int], None],
    ) -> None:
        """Write an import: nights (replacing those of `replaced`' dates), then each kind,
        in statements of `step` rows; `after_step(rows)` is called after each."""
        for n in replaced:
            self.conn.execute(delete(NIGHTS).where(NIGHTS.c.date == n.date))
        batch = [*new, *replaced]
        self._insert_in_steps(
            NIGHTS, [convert.values(n, convert.NIGHT_COLUMNS) for n in batch], step, after_step
        )
        if any(n.tags for n in batch):
            # every night's id by date: one query, no limit on how many were added
            ids = {
                row.date: row.id for row in self.conn.execute(select(NIGHTS.c.date, NIGHTS.c.id))
            }
            self.conn.execute(
                insert(TAGS),
                [
                    {"night_id": ids[n.date], "position": i, "tag": t}
                    for n in batch
                    for i, t in enumerate(n.tags)
                ],
            )
        for kind, items in records.items():
            self._insert_in_steps(
                TABLES[kind], [convert.values(r, COLUMNS[kind]) for r in items], step, after_step
            )

    def _insert_in_steps(
        self, table: Table, rows: list[dict[str, Any]], step: int, after_step: Callable[[int], None]
    ) -> None:
        for start in range(0, len(rows), step):
            chunk = rows[start : start + step]
            self.conn.execute(insert(table), chunk)
            after_step(len(chunk))
