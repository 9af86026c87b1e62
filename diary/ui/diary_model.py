"""The Qt face of the gateway: every change goes through here, is undoable, and is announced."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from diary import words
from diary.records import Dose, Night, Profile, Supplement
from diary.store.changes import Change, NightBundle, Put, PutProfile, Remove
from diary.store.gateway import Diary
from diary.store.kinds import EVERYTHING, Changed, Kind, Simple, kind_of

_NIGHT_CHANGED = Changed.of(Kind.NIGHTS, Kind.DOSES, Kind.SUPPLEMENTS)


class _Done(QUndoCommand):
    """An undo step for a change already written: the first redo() is the write itself."""

    def __init__(self, text: str, undo: Callable[[], None], redo: Callable[[], None]) -> None:
        super().__init__(text)
        self._undo, self._redo, self._first = undo, redo, True
        self._skip_undo = False

    # A step that fails to write (full disk) has not happened, yet QUndoStack moves past it.
    # The error is kept (never raised through Qt) for DiaryModel.undo/redo, which move the
    # stack back; the flags make that move change nothing in the diary.
    failure: Exception | None = None

    def undo(self) -> None:
        if self._skip_undo:
            self._skip_undo = False
            return
        try:
            self._undo()
        except Exception as exc:
            self.failure, self._first = exc, True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        try:
            self._redo()
        except Exception as exc:
            self.failure, self._skip_undo = exc, True

    def take_failure(self) -> Exception | None:
        failure, self.failure = self.failure, None
        return failure


class DiaryModel(QObject):
    """Wraps one open Diary. Widgets read through `.diary` and write only through here."""

    changed = Signal(object)  # a Changed: the kinds one change touched

    def __init__(self, diary: Diary, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.diary = diary
        self.undo_stack = QUndoStack(self)

    def replace_diary(self, diary: Diary) -> None:
        """Switch to another open diary (File → Open); the old one is closed."""
        old, self.diary = self.diary, diary
        old.close()
        self.undo_stack.clear()
        self.changed.emit(EVERYTHING)

    def undo(self) -> None:
        """Undo the last change; if it cannot be written, raise and keep it undoable."""
        self._step(self.undo_stack.index() - 1, self.undo_stack.undo, self.undo_stack.redo)

    def redo(self) -> None:
        """Redo the last undone change; if it cannot be written, raise and keep it redoable."""
        self._step(self.undo_stack.index(), self.undo_stack.redo, self.undo_stack.undo)

    def _step(self, index: int, step: Callable[[], None], back: Callable[[], None]) -> None:
        command = self.undo_stack.command(index)
        step()
        failure = command.take_failure() if isinstance(command, _Done) else None
        if failure is not None:
            back()
            raise failure

    def _push(
        self, text: str, changed: Changed, undo: Callable[[], Any], redo: Callable[[], Any]
    ) -> None:
        def announce(action: Callable[[], Any]) -> Callable[[], None]:
            def run() -> None:
                action()
                self.changed.emit(changed)

            return run

        self.undo_stack.push(_Done(text, announce(undo), announce(redo)))
        self.changed.emit(changed)

    # -- nights --------------------------------------------------------------------------

    def save_night(
        self,
        night: Night,
        doses: Sequence[Dose] = (),
        supplements: Sequence[Supplement] = (),
    ) -> Night:
        """Store a night and its intake, replacing what was logged for that date (undoable).

        Undo and Redo each rewrite the nights involved in one transaction (`Diary.apply`):
        one that cannot be written changes nothing.
        """
        d = self.diary
        days = {night.date}
        if night.id is not None:  # an edit that moves the night to another date
            days.add(d.night_date_of(night.id) or night.date)
        before = [b for b in map(d.night_bundle, sorted(days)) if b is not None]
        saved = d.save_night(night, doses, supplements)
        after = d.night_bundle(saved.date) or NightBundle(saved)
        undo: list[Change] = [Remove(after), *map(Put, before)]
        redo: list[Change] = [*map(Remove, before), Put(after)]
        self._push(
            f"Save night of {words.short_date(saved.date)}",
            _NIGHT_CHANGED,
            lambda: d.apply(undo),
            lambda: d.apply(redo),
        )
        return saved

    def delete_night(self, day: date) -> NightBundle:
        d = self.diary
        bundle = d.delete_night(day)
        self._push(
            f"Delete night of {words.short_date(day)}",
            _NIGHT_CHANGED,
            lambda: d.apply([Put(bundle)]),
            lambda: d.apply([Remove(bundle)]),
        )
        return bundle

    # -- labs, doses, supplements, infusions, venesections -------------------------------

    def add(self, record: Simple) -> Simple:
        kind, d = kind_of(record), self.diary
        step = _Current(d, d.add(record))
        self._push(f"Add {kind.singular}", Changed.of(kind.kind), step.remove, step.put_back)
        return step.record

    def update(self, record: Simple) -> Simple:
        kind, d = kind_of(record), self.diary
        old = d.stored(record)
        saved = d.update(record)
        self._push(
            f"Edit {kind.singular}",
            Changed.of(kind.kind),
            lambda: d.apply([Put(old)]),
            lambda: d.apply([Put(saved)]),
        )
        return saved

    def delete(self, record: Simple) -> None:
        kind, d = kind_of(record), self.diary
        step = _Current(d, d.delete(record))
        self._push(f"Delete {kind.singular}", Changed.of(kind.kind), step.put_back, step.remove)

    # -- profile -------------------------------------------------------------------------

    def set_profile(self, profile: Profile) -> Profile:
        d = self.diary
        old = d.profile()
        saved = d.set_profile(profile)
        self._push(
            "Edit profile",
            Changed.of(Kind.PROFILE),
            lambda: d.apply([PutProfile(old)]),
            lambda: d.apply([PutProfile(saved)]),
        )
        return saved


class _Current:
    """The record an add or delete step takes away and puts back: put back, it gets a new
    id, which the next removal must name."""

    def __init__(self, diary: Diary, record: Any) -> None:
        self.diary, self.record = diary, record

    def remove(self) -> None:
        self.diary.apply([Remove(self.record)])

    def put_back(self) -> None:
        self.record = self.diary.apply([Put(replace(self.record, id=None))])[0]
