"""The one gateway to a diary file: opening it safely, and every read and write by name."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from diary.errors import (
    ImportCancelled,
    KnownError,
    NightConflict,
    NotFound,
    Problem,
    ReadOnlyDiary,
    SaveFailed,
    ValidationError,
)
from diary.paths import ensure_private_dir, make_private
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
from diary.store import backup, convert, database
from diary.store import validation as v
from diary.store.lock import WriterLock
from diary.store.models import (
    DoseRow,
    InfusionRow,
    LabResultRow,
    NightRow,
    NightTagRow,
    ProfileRow,
    SupplementRow,
    VenesectionRow,
)
from diary.store.sqlite_uri import ro_uri

log = logging.getLogger(__name__)

NIGHTS: Table = NightRow.__table__  # type: ignore[assignment]
TAGS: Table = NightTagRow.__table__  # type: ignore[assignment]
PROFILE: Table = ProfileRow.__table__  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class _Kind:
    """How one simple kind of record is stored, checked, read back and matched on import."""

    name: str
    table: Table
    columns: tuple[str, ...]
    normalise: Callable[[Any, date], Any]
    to_record: Callable[[Any], Any]
    order: tuple[str, ...]
    duplicate_key: Callable[[Any], tuple[Any, ...]]


LABS = _Kind(
    "labs",
    LabResultRow.__table__,
    convert.LAB_COLUMNS,
    v.normalise_lab,  # type: ignore[arg-type]
    convert.lab,
    ("date", "test", "id"),
    lambda r: (r.date, r.test, round(r.canonical_value, 6)),
)
DOSES = _Kind(
    "doses",
    DoseRow.__table__,
    convert.DOSE_COLUMNS,
    v.normalise_dose,  # type: ignore[arg-type]
    convert.dose,
    ("date", "time", "medication", "id"),
    lambda r: (r.date, r.time, r.medication.casefold(), r.amount),
)
SUPPLEMENTS = _Kind(
    "supplements",
    SupplementRow.__table__,
    convert.SUPPLEMENT_COLUMNS,  # type: ignore[arg-type]
    v.normalise_supplement,
    convert.supplement,
    ("date", "time", "product", "id"),
    lambda r: (r.date, r.time, r.product, r.amount_mg),
)
INFUSIONS = _Kind(
    "infusions",
    InfusionRow.__table__,
    convert.INFUSION_COLUMNS,  # type: ignore[arg-type]
    v.normalise_infusion,
    convert.infusion,
    ("date", "product", "id"),
    lambda r: (r.date, r.product),
)
VENESECTIONS = _Kind(
    "venesections",
    VenesectionRow.__table__,
    convert.VENESECTION_COLUMNS,  # type: ignore[arg-type]
    v.normalise_venesection,
    convert.venesection,
    ("date", "id"),
    lambda r: (r.date,),
)
SIMPLE_KINDS = (LABS, DOSES, SUPPLEMENTS, INFUSIONS, VENESECTIONS)

# Rows written per statement in an import; progress is reported after each step.
_IMPORT_STEP = 2000

# The night fields the CSV carries: these decide whether an imported night is a repeat.
_NIGHT_COMPARED = (*tuple(c for c in convert.NIGHT_COLUMNS if c != "for_doctor"), "tags")


@dataclass(frozen=True, slots=True)
class NightBundle:
    """A night with the intake logged for it, as deleted (kept for undo)."""

    night: Night
    doses: tuple[Dose, ...] = ()
    supplements: tuple[Supplement, ...] = ()


@dataclass(frozen=True, slots=True)
class ImportReport:
    added: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    replaced_nights: int = 0


class Diary:
    """An open diary file. Create with `Diary.open`; close it (or use `with`)."""

    def __init__(
        self, path: Path, *, read_only: bool, lock: WriterLock | None, today: Callable[[], date]
    ) -> None:
        self.path = path
        self.read_only = read_only
        self._lock = lock
        self._today = today
        self._engine = database.make_engine(path, read_only=read_only)

    # -- opening and closing -------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        create: bool = True,
        read_only: bool = False,
        auto_backup: bool = True,
        today: Callable[[], date] = date.today,
    ) -> Diary:
        """Open (or create) the diary at `path`.

        Raises DiaryDamaged (the file was moved aside), DiaryLocked (open elsewhere for
        writing), DiaryTooNew (left untouched), NotADiary, or NotFound.
        """
        path = Path(path).absolute()
        if not path.exists():
            if not create or read_only:
                raise NotFound(f"There is no diary at {path}.")
            ensure_private_dir(path.parent)
            lock = WriterLock(path)
            lock.acquire()
            try:
                database.create_new(path)
            except BaseException:
                lock.release()
                raise
            return cls(path, read_only=False, lock=lock, today=today)

        if not read_only:
            database.require_writable(path)
        lock = None if read_only else WriterLock(path)
        if lock:
            lock.acquire()
        try:
            try:
                database.check_file(path)
            except database.Damage as exc:
                if read_only:
                    raise KnownError(
                        f"The diary {path} is damaged ({exc}).",
                        "Open it normally to move it aside and restore a backup.",
                    ) from None
                raise database.damaged(path, str(exc)) from None
            revision = database.read_revision(path)
            if revision not in database.KNOWN_REVISIONS:
                from diary.errors import DiaryTooNew

                raise DiaryTooNew(path, str(revision))
            if revision != database.HEAD_REVISION:
                if read_only:
                    raise KnownError(
                        f"The diary {path} needs updating to this version.",
                        "Open it normally (not read-only) first.",
                    )
                _migrate(path)
            diary = cls(path, read_only=read_only, lock=lock, today=today)
        except BaseException:
            if lock:
                lock.release()
            raise
        if auto_backup and not read_only:
            diary._daily_backup()
        return diary

    def close(self) -> None:
        self._engine.dispose()
        if self._lock:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Diary:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing ------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        if self.read_only:
            raise ReadOnlyDiary()
        try:
            with self._engine.begin() as conn:
                yield conn
        except DBAPIError as exc:
            log.warning("write failed: %s", type(exc.orig).__name__)
            raise SaveFailed(_plain_reason(exc)) from exc

    def _read(self) -> Connection:
        return self._engine.connect()

    def today(self) -> date:
        return self._today()

    # -- nights --------------------------------------------------------------------------

    def add_night(
        self, night: Night, doses: Sequence[Dose] = (), supplements: Sequence[Supplement] = ()
    ) -> Night:
        """Store a new night and its intake in one transaction."""
        night, doses, supplements = self._check_bundle(night, doses, supplements)
        with self._write() as conn:
            if conn.execute(select(NIGHTS.c.id).where(NIGHTS.c.date == night.date)).first():
                raise ValidationError(
                    [Problem("date", f"the night of {night.date:%d %B %Y} is already in the diary")]
                )
            return self._insert_bundle(conn, night, doses, supplements)

    def save_night(
        self, night: Night, doses: Sequence[Dose] = (), supplements: Sequence[Supplement] = ()
    ) -> Night:
        """Insert or replace the night of `night.date` and all intake logged for that date."""
        night, doses, supplements = self._check_bundle(night, doses, supplements)
        with self._write() as conn:
            if night.id is not None:
                old = conn.execute(select(NIGHTS.c.date).where(NIGHTS.c.id == night.id)).first()
                if old is not None and old.date != night.date:
                    clash = conn.execute(
                        select(NIGHTS.c.id).where(NIGHTS.c.date == night.date)
                    ).first()
                    if clash:
                        raise ValidationError(
                            [
                                Problem(
                                    "date",
                                    f"the night of {night.date:%d %B %Y} is already in the diary",
                                )
                            ]
                        )
                    self._delete_night_rows(conn, old.date)
            self._delete_night_rows(conn, night.date)
            return self._insert_bundle(conn, night, doses, supplements)

    def _check_bundle(
        self, night: Night, doses: Sequence[Dose], supplements: Sequence[Supplement]
    ) -> tuple[Night, list[Dose], list[Supplement]]:
        today = self.today()
        problems: list[Problem] = []
        try:
            night = v.normalise_night(night, today)
        except ValidationError as exc:
            problems += exc.problems
        clean_doses, clean_sups = [], []
        for d in doses:
            try:
                clean_doses.append(v.normalise_dose(replace(d, date=night.date), today))
            except ValidationError as exc:
                problems += exc.problems
        for s in supplements:
            try:
                clean_sups.append(v.normalise_supplement(replace(s, date=night.date), today))
            except ValidationError as exc:
                problems += exc.problems
        if problems:
            raise ValidationError(problems)
        return night, clean_doses, clean_sups

    def _insert_bundle(
        self,
        conn: Connection,
        night: Night,
        doses: Sequence[Dose],
        supplements: Sequence[Supplement],
    ) -> Night:
        night_id = conn.execute(
            insert(NIGHTS).values(convert.values(night, convert.NIGHT_COLUMNS))
        ).inserted_primary_key[0]  # type: ignore[index]
        if night.tags:
            conn.execute(
                insert(TAGS),
                [{"night_id": night_id, "position": i, "tag": t} for i, t in enumerate(night.tags)],
            )
        for kind, items in ((DOSES, doses), (SUPPLEMENTS, supplements)):
            if items:
                conn.execute(insert(kind.table), [convert.values(r, kind.columns) for r in items])
        return replace(night, id=night_id)

    def _delete_night_rows(self, conn: Connection, day: date) -> None:
        conn.execute(delete(NIGHTS).where(NIGHTS.c.date == day))
        for kind in (DOSES, SUPPLEMENTS):
            conn.execute(delete(kind.table).where(kind.table.c.date == day))

    def delete_night(self, day: date) -> NightBundle:
        """Delete the night of `day` and its intake; returns them so undo can restore them."""
        night = self.night_on(day)
        if night is None:
            raise NotFound(f"There is no night of {day:%d %B %Y} in the diary.")
        doses, supplements = self.intake_on(day)
        with self._write() as conn:
            self._delete_night_rows(conn, day)
        return NightBundle(night, tuple(doses), tuple(supplements))

    def restore_night(self, bundle: NightBundle) -> Night:
        """Put back a deleted night exactly as it was (undo)."""
        return self.save_night(replace(bundle.night, id=None), bundle.doses, bundle.supplements)

    def night_on(self, day: date) -> Night | None:
        nights = self.nights(day, day)
        return nights[0] if nights else None

    def nights(self, start: date | None = None, end: date | None = None) -> list[Night]:
        """Nights from `start` to `end` inclusive (either open), oldest first."""
        query = select(NIGHTS).order_by(NIGHTS.c.date)
        tag_query = (
            select(TAGS.c.night_id, TAGS.c.tag)
            .join(NIGHTS, NIGHTS.c.id == TAGS.c.night_id)
            .order_by(TAGS.c.night_id, TAGS.c.position)
        )
        if start is not None:
            query = query.where(NIGHTS.c.date >= start)
            tag_query = tag_query.where(NIGHTS.c.date >= start)
        if end is not None:
            query = query.where(NIGHTS.c.date <= end)
            tag_query = tag_query.where(NIGHTS.c.date <= end)
        with self._read() as conn:
            tags: dict[int, list[str]] = {}
            for night_id, tag in conn.execute(tag_query):
                tags.setdefault(night_id, []).append(tag)
            return [
                convert.night(row._mapping, tuple(tags.get(row.id, ())))
                for row in conn.execute(query)
            ]

    def night_dates(self) -> list[date]:
        with self._read() as conn:
            return list(conn.execute(select(NIGHTS.c.date).order_by(NIGHTS.c.date)).scalars())

    def intake_on(self, day: date) -> tuple[list[Dose], list[Supplement]]:
        return self.doses(day, day), self.supplements(day, day)

    def all_tags(self) -> list[str]:
        """Every tag used, most used first."""
        with self._read() as conn:
            rows = conn.execute(
                select(TAGS.c.tag, func.count())
                .group_by(TAGS.c.tag)
                .order_by(func.count().desc(), TAGS.c.tag)
            )
            return [r[0] for r in rows]

    # -- labs, doses, supplements, infusions, venesections -------------------------------

    def _add(self, kind: _Kind, record: Any) -> Any:
        record = kind.normalise(record, self.today())
        with self._write() as conn:
            new_id = conn.execute(
                insert(kind.table).values(convert.values(record, kind.columns))
            ).inserted_primary_key[0]  # type: ignore[index]
        return replace(record, id=new_id)

    def _update(self, kind: _Kind, record: Any) -> Any:
        if record.id is None:
            raise NotFound("That record has not been stored yet.")
        record = kind.normalise(record, self.today())
        with self._write() as conn:
            done = conn.execute(
                update(kind.table)
                .where(kind.table.c.id == record.id)
                .values(convert.values(record, kind.columns))
            )
            if done.rowcount != 1:
                raise NotFound("That record is no longer in the diary.")
        return record

    def _delete(self, kind: _Kind, record_id: int) -> Any:
        with self._read() as conn:
            row = conn.execute(select(kind.table).where(kind.table.c.id == record_id)).first()
        if row is None:
            raise NotFound("That record is no longer in the diary.")
        with self._write() as conn:
            conn.execute(delete(kind.table).where(kind.table.c.id == record_id))
        return kind.to_record(row._mapping)

    def _list(
        self, kind: _Kind, start: date | None = None, end: date | None = None, where: Any = None
    ) -> list[Any]:
        table = kind.table
        query = select(table).order_by(*(table.c[c] for c in kind.order))
        if start is not None:
            query = query.where(table.c.date >= start)
        if end is not None:
            query = query.where(table.c.date <= end)
        if where is not None:
            query = query.where(where)
        with self._read() as conn:
            return [kind.to_record(row._mapping) for row in conn.execute(query)]

    def add_lab(self, lab: LabResult) -> LabResult:
        return self._add(LABS, lab)  # type: ignore[no-any-return]

    def update_lab(self, lab: LabResult) -> LabResult:
        return self._update(LABS, lab)  # type: ignore[no-any-return]

    def delete_lab(self, lab_id: int) -> LabResult:
        return self._delete(LABS, lab_id)  # type: ignore[no-any-return]

    def labs(
        self, test: str | None = None, start: date | None = None, end: date | None = None
    ) -> list[LabResult]:
        where = LABS.table.c.test == test if test else None
        return self._list(LABS, start, end, where)

    def ferritin_readings(self) -> list[LabResult]:
        return self.labs("ferritin")

    def add_dose(self, dose: Dose) -> Dose:
        return self._add(DOSES, dose)  # type: ignore[no-any-return]

    def update_dose(self, dose: Dose) -> Dose:
        return self._update(DOSES, dose)  # type: ignore[no-any-return]

    def delete_dose(self, dose_id: int) -> Dose:
        return self._delete(DOSES, dose_id)  # type: ignore[no-any-return]

    def doses(self, start: date | None = None, end: date | None = None) -> list[Dose]:
        return self._list(DOSES, start, end)

    def add_supplement(self, sup: Supplement) -> Supplement:
        return self._add(SUPPLEMENTS, sup)  # type: ignore[no-any-return]

    def update_supplement(self, sup: Supplement) -> Supplement:
        return self._update(SUPPLEMENTS, sup)  # type: ignore[no-any-return]

    def delete_supplement(self, sup_id: int) -> Supplement:
        return self._delete(SUPPLEMENTS, sup_id)  # type: ignore[no-any-return]

    def supplements(self, start: date | None = None, end: date | None = None) -> list[Supplement]:
        return self._list(SUPPLEMENTS, start, end)

    def add_infusion(self, inf: Infusion) -> Infusion:
        return self._add(INFUSIONS, inf)  # type: ignore[no-any-return]

    def update_infusion(self, inf: Infusion) -> Infusion:
        return self._update(INFUSIONS, inf)  # type: ignore[no-any-return]

    def delete_infusion(self, inf_id: int) -> Infusion:
        return self._delete(INFUSIONS, inf_id)  # type: ignore[no-any-return]

    def infusions(self) -> list[Infusion]:
        return self._list(INFUSIONS)

    def add_venesection(self, ven: Venesection) -> Venesection:
        return self._add(VENESECTIONS, ven)  # type: ignore[no-any-return]

    def update_venesection(self, ven: Venesection) -> Venesection:
        return self._update(VENESECTIONS, ven)  # type: ignore[no-any-return]

    def delete_venesection(self, ven_id: int) -> Venesection:
        return self._delete(VENESECTIONS, ven_id)  # type: ignore[no-any-return]

    def venesections(self) -> list[Venesection]:
        return self._list(VENESECTIONS)

    def restore_record(self, record: Any) -> Any:
        """Put back a deleted lab, dose, supplement, infusion or venesection (undo)."""
        kind = {
            LabResult: LABS,
            Dose: DOSES,
            Supplement: SUPPLEMENTS,
            Infusion: INFUSIONS,
            Venesection: VENESECTIONS,
        }[type(record)]
        return self._add(kind, replace(record, id=None))

    # -- profile -------------------------------------------------------------------------

    def profile(self) -> Profile:
        with self._read() as conn:
            row = conn.execute(select(PROFILE)).first()
        if row is None:
            return Profile()
        return Profile(name=row.name, birth_year=row.birth_year, clinician=row.clinician)

    def set_profile(self, profile: Profile) -> Profile:
        problems = []
        this_year = self.today().year
        if profile.birth_year is not None and not 1900 <= profile.birth_year <= this_year:
            problems.append(
                Problem("birth_year", f"Birth year must be between 1900 and {this_year}")
            )
        for name in ("name", "clinician"):
            if len(getattr(profile, name)) > v.MAX_NAME:
                problems.append(Problem(name, f"is longer than {v.MAX_NAME} characters"))
        if problems:
            raise ValidationError(problems)
        profile = replace(profile, name=profile.name.strip(), clinician=profile.clinician.strip())
        with self._write() as conn:
            conn.execute(delete(PROFILE))
            conn.execute(
                insert(PROFILE).values(
                    id=1,
                    name=profile.name,
                    birth_year=profile.birth_year,
                    clinician=profile.clinician,
                )
            )
        return profile

    # -- everything at once --------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        with self._read() as conn:
            result = {"nights": conn.execute(select(func.count()).select_from(NIGHTS)).scalar_one()}
            for kind in SIMPLE_KINDS:
                result[kind.name] = conn.execute(
                    select(func.count()).select_from(kind.table)
                ).scalar_one()
        return result

    def contents(self) -> DiaryContents:
        """Every record in the diary, each kind sorted by date (one read transaction)."""
        from diary.store.snapshot import read_contents

        raw = self._engine.raw_connection()
        try:
            return read_contents(raw.driver_connection)  # type: ignore[arg-type]
        finally:
            raw.close()

    def import_contents(
        self,
        contents: DiaryContents,
        *,
        replace_nights: bool = False,
        progress: Callable[[int, int], bool] | None = None,
    ) -> ImportReport:
        """Add every record of `contents` in one transaction, or nothing.

        Records already in the diary are skipped (as many times as they are already there);
        a night whose date is taken with other values is a conflict unless `replace_nights`.
        `progress(done, total)` is called as records are written; when it returns False the
        import stops with ImportCancelled and the diary is left as it was.
        """
        today = self.today()
        problems: list[str] = []
        nights = []
        for n in contents.nights:
            try:
                nights.append(v.normalise_night(n, today))
            except ValidationError as exc:
                problems += [f"night {n.date}: {p}" for p in exc.problems]
        clean: dict[str, list[Any]] = {}
        for kind in SIMPLE_KINDS:
            clean[kind.name] = []
            for record in getattr(contents, kind.name):
                try:
                    clean[kind.name].append(kind.normalise(record, today))
                except ValidationError as exc:
                    problems += [f"{kind.name} {record.date}: {p}" for p in exc.problems]
        if problems:
            raise ValidationError([Problem("import", p) for p in problems])
        seen_dates = Counter(n.date for n in nights)
        repeated = sorted(d.isoformat() for d, c in seen_dates.items() if c > 1)
        if repeated:
            raise ValidationError(
                [Problem("date", f"the night of {d} appears more than once") for d in repeated]
            )

        existing = {n.date: n for n in self.nights()}
        new_nights, replaced, conflicts, same = [], [], [], 0
        for n in nights:
            old = existing.get(n.date)
            if old is None:
                new_nights.append(n)
            elif all(getattr(old, f) == getattr(n, f) for f in _NIGHT_COMPARED):
                same += 1
            elif replace_nights:
                replaced.append(replace(n, for_doctor=old.for_doctor))
            else:
                conflicts.append(n.date.isoformat())
        if conflicts:
            raise NightConflict(conflicts)

        added: dict[str, int] = {}
        skipped: dict[str, int] = {"nights": same}
        to_insert: dict[str, list[Any]] = {}
        for kind in SIMPLE_KINDS:
            have = Counter(kind.duplicate_key(r) for r in self._list(kind))
            fresh = []
            for record in clean[kind.name]:
                key = kind.duplicate_key(record)
                if have[key] > 0:
                    have[key] -= 1
                else:
                    fresh.append(record)
            to_insert[kind.name] = fresh
            added[kind.name] = len(fresh)
            skipped[kind.name] = len(clean[kind.name]) - len(fresh)

        set_profile = contents.profile != Profile() and self.profile() == Profile()
        batch = new_nights + replaced
        total = len(batch) + sum(len(rows) for rows in to_insert.values())
        done = 0

        def insert_in_steps(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
            nonlocal done
            for start in range(0, len(rows), _IMPORT_STEP):
                conn.execute(insert(table), rows[start : start + _IMPORT_STEP])
                done += len(rows[start : start + _IMPORT_STEP])
                if progress is not None and not progress(done, total):
                    raise ImportCancelled()  # leaving the transaction rolls it all back

        if progress is not None and not progress(0, total):
            raise ImportCancelled()
        with self._write() as conn:
            for n in replaced:
                conn.execute(delete(NIGHTS).where(NIGHTS.c.date == n.date))
            if batch:
                insert_in_steps(
                    conn, NIGHTS, [convert.values(n, convert.NIGHT_COLUMNS) for n in batch]
                )
                # every night's id by date: one query, no limit on how many were added
                ids = {row.date: row.id for row in conn.execute(select(NIGHTS.c.date, NIGHTS.c.id))}
                tag_rows = [
                    {"night_id": ids[n.date], "position": i, "tag": t}
                    for n in batch
                    for i, t in enumerate(n.tags)
                ]
                if tag_rows:
                    conn.execute(insert(TAGS), tag_rows)
            for kind in SIMPLE_KINDS:
                rows = [convert.values(r, kind.columns) for r in to_insert[kind.name]]
                insert_in_steps(conn, kind.table, rows)
            if set_profile:
                conn.execute(
                    insert(PROFILE).values(
                        id=1,
                        name=contents.profile.name,
                        birth_year=contents.profile.birth_year,
                        clinician=contents.profile.clinician,
                    )
                )
        added["nights"] = len(new_nights)
        return ImportReport(added=added, skipped=skipped, replaced_nights=len(replaced))

    # -- backups -------------------------------------------------------------------------

    def backup_now(self, label: str = "") -> Path:
        """A verified copy of the diary in its backups folder; older copies are thinned."""
        self.checkpoint()
        path = backup.make_backup(self.path, label=label)
        backup.thin(self.path)
        return path

    def _daily_backup(self) -> None:
        age = backup.newest_backup_age(self.path)
        if age is None or age > timedelta(days=1):
            try:
                self.backup_now()
            except KnownError as exc:
                log.warning("automatic backup skipped: %s", exc.message)

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the main file (a backup then needs no -wal)."""
        if self.read_only:
            return
        with self._engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    @property
    def schema_version(self) -> str:
        with self._read() as conn:
            return str(conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one())


def _migrate(path: Path) -> None:
    """Back up, then bring the file to the newest schema; on failure put the backup back."""
    from diary.store.migrate import upgrade_to_head

    saved = backup.make_backup(path, label="before-migration")
    engine = database.make_engine(path)
    try:
        upgrade_to_head(engine)
    except Exception as exc:
        engine.dispose()
        log.error("migration failed; restoring the backup", exc_info=True)
        restore_file(saved, path)
        raise KnownError(
            "The diary could not be updated to this version; it was put back exactly as it was.",
            f"A copy is kept at {saved}.",
        ) from exc
    engine.dispose()


def restore_file(source: Path, diary_path: Path) -> None:
    """Replace the diary file with a copy of `source` (a backup), via SQLite's backup API."""
    import sqlite3

    for suffix in database.SIDE_FILES:
        diary_path.with_name(diary_path.name + suffix).unlink(missing_ok=True)
    tmp = diary_path.with_name(diary_path.name + ".restoring")
    src = sqlite3.connect(ro_uri(source), uri=True)
    try:
        dest = sqlite3.connect(str(tmp))
        try:
            src.backup(dest)
        finally:
            dest.close()
    finally:
        src.close()
    make_private(tmp)
    tmp.replace(diary_path)


def _plain_reason(exc: DBAPIError) -> str:
    text = str(exc.orig).lower()
    if "full" in text:
        return "the disk is full"
    if "readonly" in text or "read-only" in text or "permission" in text:
        return "the diary file cannot be written (it is read-only)"
    if "locked" in text or "busy" in text:
        return "the diary is busy in another program"
    if "i/o" in text:
        return "the disk reported an error"
    return str(exc.orig)


def iter_kinds() -> Iterable[str]:
    return ("nights", *(k.name for k in SIMPLE_KINDS))
