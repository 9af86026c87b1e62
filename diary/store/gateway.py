"""The one gateway to a diary file: opening it safely, and every read and write by name.

Reads and writes go through plain sqlite3 (`store/reads.py`, `store/writes.py`, with the
columns and stored formats of `store/rows.py`); SQLAlchemy and Alembic are loaded only to
create a diary or to migrate an older one.
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
from typing import Any, TypeVar

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
from diary.store.importing import ImportReport, plan_import
from diary.store.kinds import DOSES, INFUSIONS, LABS, SUPPLEMENTS, VENESECTIONS, Simple, kind_of
from diary.store.lock import WriterLock
from diary.store.sqlite_uri import ro_uri
from diary.store.writes import Tx

__all__ = ["Diary", "ImportReport", "NightBundle"]

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
        self._writer: sqlite3.Connection | None = None
        self._writer_lock = threading.Lock()
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
                from diary.store.migrate import migrate_file

                migrate_file(path)
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
        if self._writer is not None:
            self._writer.close()
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
        """Open the writing connection now (the window calls this in the background)."""
        if self.read_only:
            return
        with self._writer_lock:
            if self._writer is None:
                self._writer = database.connect_writer(self.path)

    @contextmanager
    def _write(self) -> Iterator[Tx]:
        """One transaction: committed when the block ends, rolled back on any error."""
        if self.read_only:
            raise ReadOnlyDiary()
        if self._damage is not None:
            raise DamageFound(self.path, self._damage)
        self.prepare_writes()
        conn = self._writer
        assert conn is not None
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield Tx(conn)
                conn.execute("COMMIT")
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
        except sqlite3.Error as exc:
            log.warning("write failed: %s %s (%d)", *sqlite_errors.log_args(exc))
            detail = damage_detail(exc)
            if detail is not None:
                self._damage = detail
                raise DamageFound(self.path, detail) from exc
            reason = sqlite_errors.plain_reason(exc)
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

    def add(self, record: Simple) -> Simple:
        """Store a new lab, dose, supplement, infusion or venesection; returns it with its id."""
        stored: Simple = self.apply([Put(replace(record, id=None))])[0]
        return stored

    def update(self, record: Simple) -> Simple:
        """Replace the stored record with the same id (NotFound when it is gone)."""
        if record.id is None:
            raise NotFound("That record has not been stored yet.")
        stored: Simple = self.apply([Put(record)])[0]
        return stored

    def delete(self, record: Simple) -> Simple:
        """Delete the stored record with `record`'s id; returns it as it was stored."""
        found = self.stored(record)
        self.apply([Remove(found)])
        return found

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
        return Put(kind_of(item).normalise(item, self.today()))

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
