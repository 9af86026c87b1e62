"""The one gateway to a diary file: opening it safely, and every read and write by name.

Reads and writes go through plain sqlite3 (`store/reads.py`, `store/writes.py`, with the
columns and stored formats of `store/rows.py`); SQLAlchemy and Alembic are loaded only to
create a diary or to migrate an older one.
"""

from __future__ import annotations

import logging
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
    ImportCancelled,
    KnownError,
    NotFound,
    Problem,
    ReadOnlyDiary,
    SaveFailed,
    ValidationError,
)
from diary.records import (
    DiaryContents,
    Dose,
    Night,
    Profile,
    Supplement,
)
from diary.store import backup, changes, database, opening, reads, sqlite_errors
from diary.store import validation as v
from diary.store.changes import Change, NightBundle, Put, PutProfile, Remove
from diary.store.database import damage_detail
from diary.store.gateway_reads import DiaryReads
from diary.store.kinds import Simple, kind_of
from diary.store.lock import WriterLock
from diary.store.sqlite_uri import ro_uri

if TYPE_CHECKING:
    from diary.store.importing import ImportReport
    from diary.store.writes import Tx

__all__ = ["Diary", "NightBundle"]

log = logging.getLogger(__name__)
_T = TypeVar("_T")


def _already(day: date) -> ValidationError:
    return ValidationError(
        [Problem("date", f"the night of {words.day_month_year(day)} is already in the diary")]
    )


class Diary(DiaryReads):
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
        writing), DiaryNotWritable, DiaryTooNew (left untouched), NotADiary, or NotFound
        (see `store/opening.py`).
        """
        prepared = opening.prepare(
            path, create=create, read_only=read_only, start_empty=start_empty
        )
        return cls.open_prepared(
            prepared, read_only=read_only, auto_backup=auto_backup, today=today
        )

    @classmethod
    def open_prepared(
        cls,
        prepared: opening.Prepared,
        *,
        read_only: bool = False,
        auto_backup: bool = True,
        today: Callable[[], date] = date.today,
    ) -> Diary:
        """The diary `opening.prepare` checked (and locked, unless read-only); `open` is
        both steps at once."""
        path, lock, created = prepared
        try:
            diary = cls(path, read_only=read_only, lock=lock, today=today)
        except BaseException:
            if lock:
                lock.release()
            raise
        if auto_backup and not read_only and not created:
            diary._daily_backup()
        return diary

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        if self._closed:
            return
        with self._writer_lock:
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
        """Open the writing connection now (the window calls this in the background). A
        failure is only logged here: the first write meets it again and reports it."""
        if self.read_only:
            return
        import diary.store.writes  # noqa: F401 - loaded here, off the window's start

        try:
            self._writer_connection()
        except sqlite3.Error as exc:
            log.warning("writing not prepared: %s %s (%d)", *sqlite_errors.log_args(exc))

    def _writer_connection(self) -> sqlite3.Connection:
        with self._writer_lock:
            if self._closed:
                raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
            if self._writer is None:
                self._writer = database.connect_writer(self.path)
            return self._writer

    @contextmanager
    def _write(self) -> Iterator[Tx]:
        """One transaction: committed when the block ends, rolled back on any error."""
        if self.read_only:
            raise ReadOnlyDiary()
        if self._damage is not None:
            raise DamageFound(self.path, self._damage)
        from diary.store.writes import Tx  # usually loaded already, by prepare_writes

        try:
            conn = self._writer_connection()
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

    # -- nights --------------------------------------------------------------------------

    def add_night(
        self, night: Night, doses: Sequence[Dose] = (), supplements: Sequence[Supplement] = ()
    ) -> Night:
        """Store a new night and its intake in one transaction."""
        night, doses, supplements = v.normalise_bundle(night, doses, supplements, self.today())
        with self._write() as tx:
            if tx.night_id_on(night.date) is not None:
                raise _already(night.date)
            return replace(night, id=tx.insert_bundle(night, doses, supplements))

    def save_night(
        self, night: Night, doses: Sequence[Dose] = (), supplements: Sequence[Supplement] = ()
    ) -> Night:
        """Insert or replace the night of `night.date` and all intake logged for that date."""
        night, doses, supplements = v.normalise_bundle(night, doses, supplements, self.today())
        with self._write() as tx:
            if night.id is not None:
                old = tx.night_date_of(night.id)
                if old is not None and old != night.date:
                    if tx.night_id_on(night.date) is not None:
                        raise _already(night.date)
                    tx.delete_night_rows(old)
            tx.delete_night_rows(night.date)
            return replace(night, id=tx.insert_bundle(night, doses, supplements))

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

    # -- profile -------------------------------------------------------------------------

    def set_profile(self, profile: Profile) -> Profile:
        profile = v.normalise_profile(profile, self.today())
        with self._write() as tx:
            tx.set_profile(profile)
        return profile

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
            return PutProfile(v.normalise_profile(change.profile, self.today()))
        if isinstance(change, Remove):
            return change
        item = change.item
        if isinstance(item, NightBundle):
            night, doses, sups = v.normalise_bundle(
                item.night, item.doses, item.supplements, self.today()
            )
            return Put(NightBundle(night, tuple(doses), tuple(sups)))
        return Put(kind_of(item).normalise(item, self.today()))

    # -- the usual medicines and supplements ----------------------------------------------

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
        from diary.store.importing import plan_import  # here: a window opens without it

        plan = plan_import(
            contents,
            self.today(),
            self.nights(),
            lambda kind: self._read(reads.records, kind),
            replace_nights=replace_nights,
        )
        set_profile = contents.profile != Profile() and self.profile() == Profile()
        if progress is not None and not progress(0, plan.rows):
            raise ImportCancelled()
        with self._write() as tx:
            tx.import_rows(plan, progress)
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
