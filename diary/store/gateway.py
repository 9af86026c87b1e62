"""The one gateway to a diary file: opening it safely, and every read and write by name.

Reads go through a plain sqlite3 connection (no SQLAlchemy at start-up); writes go through
SQLAlchemy Core (`store/writes.py`), loaded on the first write or by `prepare_writes()`.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from diary import words
from diary.errors import (
    DamageFound,
    DiaryMissing,
    DiaryTooNew,
    ImportCancelled,
    KnownError,
    NotFound,
    Problem,
    ReadOnlyDiary,
    SaveFailed,
    ValidationError,
)
from diary.paths import ensure_private_dir
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
from diary.store import backup, changes, database, reads, sqlite_errors
from diary.store import validation as v
from diary.store.changes import Change, NightBundle, Put, PutProfile, Remove
from diary.store.database import damage_detail
from diary.store.importing import (
    DOSES,
    INFUSIONS,
    KIND_OF_RECORD,
    LABS,
    SUPPLEMENTS,
    VENESECTIONS,
    ImportReport,
    Kind,
    plan_import,
)
from diary.store.lock import WriterLock
from diary.store.sqlite_uri import ro_uri

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from diary.store.writes import Tx

log = logging.getLogger(__name__)
_T = TypeVar("_T")


# Rows written per statement in an import; progress is reported after each step.
_IMPORT_STEP = 2000


def _already(day: date) -> ValidationError:
    return ValidationError(
        [Problem("date", f"the night of {words.day_month_year(day)} is already in the diary")]
    )


class Diary:
    """An open diary file. Create with `Diary.open`; close it (or use `with`)."""

    def __init__(
        self, path: Path, *, read_only: bool, lock: WriterLock | None, today: Callable[[], date]
    ) -> None:
        self.path = path
        self.read_only = read_only
        self._lock = lock
        self._today = today
        if read_only:
            self._conn = sqlite3.connect(ro_uri(path), uri=True, check_same_thread=False)
        else:
            self._conn = sqlite3.connect(str(path), check_same_thread=False)
        self._conn.execute("PRAGMA busy_timeout=5000")
        self._engine: Engine | None = None
        self._engine_lock = threading.Lock()
        self._closed = False
        self._damage: str | None = None

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
        start_empty: bool = False,
    ) -> Diary:
        """Open (or create) the diary at `path`.

        A missing diary whose backups or moved-aside files exist is not created empty
        (DiaryMissing) unless `start_empty` (the user chose that knowing of them).

        Raises DiaryDamaged (the file was moved aside), DiaryLocked (open elsewhere for
        writing), DiaryNotWritable, DiaryTooNew (left untouched), NotADiary, or NotFound.
        """
        # The real file, whatever symlinks lead to it: one lock, one -wal, one backups folder.
        path = Path(os.path.realpath(Path(path).absolute()))
        if not path.exists():
            if not create or read_only:
                raise NotFound(f"There is no diary at {path}.")
            if not start_empty:
                backups, moved = backup.list_backups(path), database.moved_aside(path)
                if backups or moved:
                    raise DiaryMissing(path, len(backups), moved)
            ensure_private_dir(path.parent)
            new_lock = WriterLock(path)
            new_lock.acquire()
            try:
                database.create_new(path)
                return cls(path, read_only=False, lock=new_lock, today=today)
            except BaseException:
                new_lock.release()
                raise

        if not read_only:
            database.require_writable(path)
            database.refuse_hard_links(path)
        lock = None if read_only else WriterLock(path)
        if lock:
            lock.acquire()
        try:
            try:
                # Writers get the full check (about 40 ms on a 20-year diary, see `make
                # bench`): damage quick_check misses is found before anything is written.
                database.check_file(path, full=not read_only)
            except database.Damage as exc:
                if read_only:
                    raise KnownError(
                        f"The diary {path} is damaged ({exc}).",
                        "Open it normally to move it aside and restore a backup.",
                    ) from None
                raise database.damaged(path, str(exc)) from None
            revision = database.read_revision(path)
            if revision not in database.KNOWN_REVISIONS:
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

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._engine is not None:
            self._engine.dispose()
        self._conn.close()
        if self._lock:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Diary:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing ------------------------------------------------------------------------

    def prepare_writes(self) -> None:
        """Load the write machinery now (the window calls this in the background)."""
        if self.read_only:
            return
        with self._engine_lock:
            if self._engine is None:
                import diary.store.writes  # noqa: F401 - loads SQLAlchemy and the models

                self._engine = database.make_engine(self.path)

    @contextmanager
    def _write(self) -> Iterator[Tx]:
        """One transaction: committed when the block ends, rolled back on any error."""
        if self.read_only:
            raise ReadOnlyDiary()
        if self._damage is not None:
            raise DamageFound(self.path, self._damage)
        self.prepare_writes()
        assert self._engine is not None
        from sqlalchemy.exc import DBAPIError

        from diary.store.writes import Tx

        try:
            with self._engine.begin() as conn:
                yield Tx(conn)
        except DBAPIError as exc:
            log.warning("write failed: %s %s (%d)", *sqlite_errors.log_args(exc.orig))
            detail = damage_detail(exc.orig) if exc.orig is not None else None
            if detail is not None and not isinstance(exc.orig, ValueError):
                self._damage = detail
                raise DamageFound(self.path, detail) from exc
            reason = sqlite_errors.plain_reason(exc.orig)
            if reason is None:  # not a cause the user can mend: a bug, with its traceback
                log.error("write failed for an unknown cause", exc_info=exc)
                reason = "the database reported an unexpected error"
            raise SaveFailed(reason) from exc

    def today(self) -> date:
        return self._today()

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

    # -- nights --------------------------------------------------------------------------

    def add_night(
        self, night: Night, doses: Sequence[Dose] = (), supplements: Sequence[Supplement] = ()
    ) -> Night:
        """Store a new night and its intake in one transaction."""
        night, doses, supplements = self._check_bundle(night, doses, supplements)
        with self._write() as tx:
            if tx.night_id_on(night.date) is not None:
                raise _already(night.date)
            return replace(night, id=tx.insert_bundle(night, doses, supplements))

    def save_night(
        self, night: Night, doses: Sequence[Dose] = (), supplements: Sequence[Supplement] = ()
    ) -> Night:
        """Insert or replace the night of `night.date` and all intake logged for that date."""
        night, doses, supplements = self._check_bundle(night, doses, supplements)
        with self._write() as tx:
            if night.id is not None:
                old = tx.night_date_of(night.id)
                if old is not None and old != night.date:
                    if tx.night_id_on(night.date) is not None:
                        raise _already(night.date)
                    tx.delete_night_rows(old)
            tx.delete_night_rows(night.date)
            return replace(night, id=tx.insert_bundle(night, doses, supplements))

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

    def delete_night(self, day: date) -> NightBundle:
        """Delete the night of `day` and its intake; returns them so undo can restore them."""
        night = self.night_on(day)
        if night is None:
            raise NotFound(f"There is no night of {words.day_month_year(day)} in the diary.")
        doses, supplements = self.intake_on(day)
        with self._write() as tx:
            tx.delete_night_rows(day)
        return NightBundle(night, tuple(doses), tuple(supplements))

    def restore_night(self, bundle: NightBundle) -> Night:
        """Put back a deleted night exactly as it was (undo)."""
        return self.save_night(replace(bundle.night, id=None), bundle.doses, bundle.supplements)

    def night_on(self, day: date) -> Night | None:
        found = self._read(reads.nights, day, day)
        return found[0] if found else None

    def nights(self, start: date | None = None, end: date | None = None) -> list[Night]:
        """Nights from `start` to `end` inclusive (either open), oldest first."""
        return self._read(reads.nights, start, end)

    def night_dates(self) -> list[date]:
        return self._read(reads.night_dates)

    def intake_on(self, day: date) -> tuple[list[Dose], list[Supplement]]:
        return self.doses(day, day), self.supplements(day, day)

    def all_tags(self) -> list[str]:
        """Every tag used, most used first."""
        return self._read(reads.all_tags)

    # -- labs, doses, supplements, infusions, venesections -------------------------------

    def _add(self, kind: Kind, record: Any) -> Any:
        record = kind.normalise(record, self.today())
        with self._write() as tx:
            return replace(record, id=tx.insert(kind.name, record))

    def _update(self, kind: Kind, record: Any) -> Any:
        if record.id is None:
            raise NotFound("That record has not been stored yet.")
        record = kind.normalise(record, self.today())
        with self._write() as tx:
            if tx.update(kind.name, record) != 1:
                raise NotFound("That record is no longer in the diary.")
        return record

    def _delete(self, kind: Kind, record_id: int) -> Any:
        found = self._read(reads.records, kind.name, record_id=record_id)
        if not found:
            raise NotFound("That record is no longer in the diary.")
        with self._write() as tx:
            tx.delete(kind.name, record_id)
        return found[0]

    def add_lab(self, lab: LabResult) -> LabResult:
        return self._add(LABS, lab)

    def update_lab(self, lab: LabResult) -> LabResult:
        return self._update(LABS, lab)

    def delete_lab(self, lab_id: int) -> LabResult:
        return self._delete(LABS, lab_id)

    def labs(
        self, test: str | None = None, start: date | None = None, end: date | None = None
    ) -> list[LabResult]:
        return self._read(reads.records, "labs", start, end, test=test)

    def ferritin_readings(self) -> list[LabResult]:
        return self.labs("ferritin")

    def add_dose(self, dose: Dose) -> Dose:
        return self._add(DOSES, dose)

    def update_dose(self, dose: Dose) -> Dose:
        return self._update(DOSES, dose)

    def delete_dose(self, dose_id: int) -> Dose:
        return self._delete(DOSES, dose_id)

    def doses(self, start: date | None = None, end: date | None = None) -> list[Dose]:
        return self._read(reads.records, "doses", start, end)

    def add_supplement(self, sup: Supplement) -> Supplement:
        return self._add(SUPPLEMENTS, sup)

    def update_supplement(self, sup: Supplement) -> Supplement:
        return self._update(SUPPLEMENTS, sup)

    def delete_supplement(self, sup_id: int) -> Supplement:
        return self._delete(SUPPLEMENTS, sup_id)

    def supplements(self, start: date | None = None, end: date | None = None) -> list[Supplement]:
        return self._read(reads.records, "supplements", start, end)

    def add_infusion(self, inf: Infusion) -> Infusion:
        return self._add(INFUSIONS, inf)

    def update_infusion(self, inf: Infusion) -> Infusion:
        return self._update(INFUSIONS, inf)

    def delete_infusion(self, inf_id: int) -> Infusion:
        return self._delete(INFUSIONS, inf_id)

    def infusions(self) -> list[Infusion]:
        return self._read(reads.records, "infusions")

    def add_venesection(self, ven: Venesection) -> Venesection:
        return self._add(VENESECTIONS, ven)

    def update_venesection(self, ven: Venesection) -> Venesection:
        return self._update(VENESECTIONS, ven)

    def delete_venesection(self, ven_id: int) -> Venesection:
        return self._delete(VENESECTIONS, ven_id)

    def venesections(self) -> list[Venesection]:
        return self._read(reads.records, "venesections")

    def restore_record(self, record: Any) -> Any:
        """Put back a deleted lab, dose, supplement, infusion or venesection (undo)."""
        return self._add(KIND_OF_RECORD[type(record)], replace(record, id=None))

    # -- profile -------------------------------------------------------------------------

    def profile(self) -> Profile:
        return self._read(reads.profile)

    def set_profile(self, profile: Profile) -> Profile:
        profile = self._check_profile(profile)
        with self._write() as tx:
            tx.set_profile(profile)
        return profile

    def _check_profile(self, profile: Profile) -> Profile:
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
        return replace(profile, name=profile.name.strip(), clinician=profile.clinician.strip())

    # -- several changes at once ---------------------------------------------------------

    def apply(self, changes_: Sequence[Change]) -> list[Any]:
        """Write `changes_` in order in ONE transaction: all of them, or (on any error, a
        full disk included) none. Undo and Redo use this, so a failed one changes nothing.

        Every record is checked first, as the single-record methods check it. Returns, for
        each change, what was stored: the record with its id (a NightBundle for a night) for
        a Put, the profile for a PutProfile, None for a Remove.
        """
        checked = [self._checked(c) for c in changes_]
        with self._write() as tx:
            return [changes.write(tx, c) for c in checked]

    def _checked(self, change: Change) -> Change:
        if isinstance(change, PutProfile):
            return PutProfile(self._check_profile(change.profile))
        if isinstance(change, Remove):
            return change
        item = change.item
        if isinstance(item, NightBundle):
            night, doses, sups = self._check_bundle(item.night, item.doses, item.supplements)
            return Put(NightBundle(night, tuple(doses), tuple(sups)))
        return Put(KIND_OF_RECORD[type(item)].normalise(item, self.today()))

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

    def stored(self, record: Any) -> Any:
        """The stored version of a lab, dose, supplement, infusion or venesection (by id)."""
        found = self._read(reads.records, KIND_OF_RECORD[type(record)].name, record_id=record.id)
        if not found:
            raise NotFound("That record is no longer in the diary.")
        return found[0]

    # -- the usual medicines and supplements ----------------------------------------------

    def usual_intake(self, day: date) -> tuple[list[Dose], list[Supplement]]:
        """What is taken most nights (prefilled into a new night), dated the night of `day`."""
        return reads.usual_intake(self._conn, day)

    def set_usual_intake(
        self, doses: Sequence[Dose], supplements: Sequence[Supplement]
    ) -> tuple[list[Dose], list[Supplement]]:
        """Replace the usual list; each entry is checked as a night's dose or supplement is."""
        today = self.today()
        checked_doses = [v.normalise_dose(replace(d, date=today), today) for d in doses]
        checked_sups = [v.normalise_supplement(replace(s, date=today), today) for s in supplements]
        with self._write() as tx:
            tx.set_usual_intake(checked_doses, checked_sups)
        return checked_doses, checked_sups

    # -- everything at once --------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        return self._read(reads.counts)

    def contents(self) -> DiaryContents:
        """Every record in the diary, each kind sorted by date (one read transaction)."""
        return self._read(reads.read_contents)

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
        plan = plan_import(
            contents,
            self.today(),
            self.nights(),
            lambda kind: self._read(reads.records, kind),
            replace_nights=replace_nights,
        )
        set_profile = contents.profile != Profile() and self.profile() == Profile()
        done = 0

        def after_step(rows: int) -> None:
            nonlocal done
            done += rows
            if progress is not None and not progress(done, plan.rows):
                raise ImportCancelled()  # leaving the transaction rolls it all back

        if progress is not None and not progress(0, plan.rows):
            raise ImportCancelled()
        with self._write() as tx:
            tx.import_rows(plan.replaced, plan.new_nights, plan.records, _IMPORT_STEP, after_step)
            if set_profile:
                tx.set_profile(contents.profile)
        return plan.report

    # -- backups -------------------------------------------------------------------------

    def backup_now(self, label: str = "") -> Path:
        """A verified copy of the diary in its backups folder; older copies are thinned."""
        if self._damage is not None:
            raise DamageFound(self.path, self._damage)
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
                cause = exc.__cause__ or exc
                log.warning("automatic backup skipped: %s %s (%d)", *sqlite_errors.log_args(cause))

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the main file (a backup then needs no -wal)."""
        if not self.read_only:
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    @property
    def schema_version(self) -> str:
        return self._read(reads.revision)


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
    """Replace the diary file with a copy of `source` (a backup), via SQLite's backup API.

    The copy is made and verified beside the diary first; only then are the diary's -wal
    and -shm removed and the copy renamed over it. A failure (a full disk) leaves the diary
    as it was and nothing else behind. The caller keeps the current file if it wants it.
    """
    tmp = diary_path.with_name(f"{diary_path.name}.restoring-{os.getpid()}")
    backup.verified_copy(source, tmp, where=diary_path.parent)
    try:
        for suffix in database.SIDE_FILES:
            diary_path.with_name(diary_path.name + suffix).unlink(missing_ok=True)
        tmp.replace(diary_path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise KnownError(f"Could not put the backup in place: {exc.strerror}.") from exc
    database.fsync_folder(diary_path.parent)
