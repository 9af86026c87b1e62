"""The Qt face of the gateway: every change goes through here, is undoable, and is announced."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from diary import words
from diary.records import Dose, Infusion, LabResult, Night, Profile, Supplement, Venesection
from diary.store.gateway import Diary, NightBundle

_KIND_OF: dict[type, str] = {
    LabResult: "labs",
    Dose: "doses",
    Supplement: "supplements",
    Infusion: "infusions",
    Venesection: "venesections",
}


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

    changed = Signal(str)  # the kind changed: "nights", "labs", ... or "all"

    def __init__(self, diary: Diary, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.diary = diary
        self.undo_stack = QUndoStack(self)

    def replace_diary(self, diary: Diary) -> None:
        """Switch to another open diary (File → Open); the old one is closed."""
        old, self.diary = self.diary, diary
        old.close()
        self.undo_stack.clear()
        self.changed.emit("all")

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
        self, text: str, kinds: Sequence[str], undo: Callable[[], Any], redo: Callable[[], Any]
    ) -> None:
        def announce(action: Callable[[], Any]) -> Callable[[], None]:
            def run() -> None:
                action()
                for kind in kinds:
                    self.changed.emit(kind)

            return run

        self.undo_stack.push(_Done(text, announce(undo), announce(redo)))
        for kind in kinds:
            self.changed.emit(kind)

    # -- nights --------------------------------------------------------------------------

    def save_night(
        self,
        night: Night,
        doses: Sequence[Dose] = (),
        supplements: Sequence[Supplement] = (),
    ) -> Night:
        """Store a night and its intake, replacing what was logged for that date (undoable)."""
        d = self.diary
        before = None
        old = d.night_on(night.date)
        if old is not None:
            dos, sups = d.intake_on(old.date)
            before = NightBundle(old, tuple(dos), tuple(sups))
        saved = d.save_night(night, doses, supplements)
        after = NightBundle(saved, tuple(doses), tuple(supplements))
        label = f"Save night of {words.short_date(saved.date)}"

        def undo() -> None:
            d.delete_night(after.night.date)
            if before is not None:
                d.restore_night(before)

        def redo() -> None:
            if before is not None and d.night_on(before.night.date) is not None:
                d.delete_night(before.night.date)
            d.restore_night(after)

        self._push(label, ("nights", "doses", "supplements"), undo, redo)
        return saved

    def delete_night(self, day: date) -> NightBundle:
        d = self.diary
        bundle = d.delete_night(day)
        self._push(
            f"Delete night of {words.short_date(day)}",
            ("nights", "doses", "supplements"),
            lambda: d.restore_night(bundle),
            lambda: d.delete_night(day),
        )
        return bundle

    # -- labs, doses, supplements, infusions, venesections -------------------------------

    def add(self, record: Any) -> Any:
        kind = _KIND_OF[type(record)]
        d = self.diary
        saved = getattr(d, f"add_{_singular(kind)}")(record)
        state = {"current": saved}

        def undo() -> None:
            getattr(d, f"delete_{_singular(kind)}")(state["current"].id)

        def redo() -> None:
            state["current"] = d.restore_record(state["current"])

        self._push(f"Add {_singular(kind).replace('_', ' ')}", (kind,), undo, redo)
        return saved

    def update(self, record: Any) -> Any:
        kind = _KIND_OF[type(record)]
        d = self.diary
        old = next(r for r in getattr(d, kind)() if r.id == record.id)
        saved = getattr(d, f"update_{_singular(kind)}")(record)
        self._push(
            f"Edit {_singular(kind).replace('_', ' ')}",
            (kind,),
            lambda: getattr(d, f"update_{_singular(kind)}")(old),
            lambda: getattr(d, f"update_{_singular(kind)}")(saved),
        )
        return saved

    def delete(self, record: Any) -> None:
        kind = _KIND_OF[type(record)]
        d = self.diary
        removed = getattr(d, f"delete_{_singular(kind)}")(record.id)
        state = {"current": removed}

        def undo() -> None:
            state["current"] = d.restore_record(state["current"])

        def redo() -> None:
            getattr(d, f"delete_{_singular(kind)}")(state["current"].id)

        self._push(f"Delete {_singular(kind).replace('_', ' ')}", (kind,), undo, redo)

    # -- profile -------------------------------------------------------------------------

    def set_profile(self, profile: Profile) -> Profile:
        d = self.diary
        old = d.profile()
        saved = d.set_profile(profile)
        self._push(
            "Edit profile", ("profile",), lambda: d.set_profile(old), lambda: d.set_profile(saved)
        )
        return saved


def _singular(kind: str) -> str:
    return {
        "labs": "lab",
        "doses": "dose",
        "supplements": "supplement",
        "infusions": "infusion",
        "venesections": "venesection",
    }[kind]
