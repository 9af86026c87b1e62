"""A failed Undo or Redo changes nothing: each is one transaction (issue: the night was lost).

Two ways to make the write fail: SQLite itself refusing the insert (its authorizer: a fault
injected below the app's sqlite3 connection), and a real full disk (a small tmpfs, when root).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from diary.errors import KnownError, SaveFailed
from diary.records import Dose, LabResult, Night
from diary.store import database
from diary.store.gateway import Diary
from diary.ui.diary_model import DiaryModel
from tests.reliability import mounts
from tests.unit.store.helpers import fixed_today

DAY = date(2026, 3, 1)
LONG = "legs jumped all night; " * 1500  # about 33 KB: several overflow pages
SHORT = "better"


class RefuseInserts:
    """While `on`, SQLite refuses every INSERT into `table` (as a write failing at the file)."""

    def __init__(self, table: str) -> None:
        self.table, self._on = table, False
        self._conns: list[sqlite3.Connection] = []

    @property
    def on(self) -> bool:
        return self._on

    @on.setter
    def on(self, value: bool) -> None:
        self._on = value
        for conn in self._conns:  # setting the authorizer again expires prepared statements
            conn.set_authorizer(self._authorize)

    def _authorize(self, action: int, arg1: str | None, *_: object) -> int:
        if self._on and action == sqlite3.SQLITE_INSERT and arg1 == self.table:
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK

    def install(self, dbapi_conn: sqlite3.Connection) -> None:
        self._conns.append(dbapi_conn)
        dbapi_conn.set_authorizer(self._authorize)


@pytest.fixture
def refuse_night_inserts(monkeypatch: pytest.MonkeyPatch) -> Iterator[RefuseInserts]:
    injector = RefuseInserts("nights")
    connect = database.connect_writer

    def connect_with_injector(path: Path) -> sqlite3.Connection:
        conn = connect(path)
        injector.install(conn)
        return conn

    monkeypatch.setattr(database, "connect_writer", connect_with_injector)
    return injector


def _stored_night(path: Path) -> Night | None:
    with Diary.open(path, read_only=True) as d:
        return d.night_on(DAY)


def _model(path: Path) -> DiaryModel:
    return DiaryModel(Diary.open(path, today=fixed_today, auto_backup=False))


def test_an_undo_that_cannot_be_written_keeps_the_night(
    qapp: Any, tmp_path: Path, refuse_night_inserts: RefuseInserts
) -> None:
    path = tmp_path / "diary.sqlite"
    model = _model(path)
    model.save_night(Night(DAY, 7, notes=LONG), [Dose(DAY, "gabapentin", 300, "mg")])
    model.save_night(Night(DAY, 3, notes=SHORT))
    refuse_night_inserts.on = True
    with pytest.raises(SaveFailed):
        model.undo()
    kept = _stored_night(path)
    assert kept is not None
    assert kept.notes == SHORT
    assert kept.rls_severity == 3
    assert model.undo_stack.canUndo()
    assert not model.undo_stack.canRedo()
    with pytest.raises(SaveFailed):
        model.undo()
    assert _stored_night(path) == kept  # trying again changed nothing either
    refuse_night_inserts.on = False
    model.undo()  # with the fault gone, the undo is still there and works
    back = _stored_night(path)
    assert back is not None
    assert back.notes == LONG
    assert back.rls_severity == 7
    assert [d.medication for d in model.diary.doses(DAY, DAY)] == ["gabapentin"]
    model.redo()
    again = _stored_night(path)
    assert again is not None
    assert again.notes == SHORT
    assert model.diary.doses(DAY, DAY) == []
    model.diary.close()


def test_a_redo_that_cannot_be_written_keeps_the_night(
    qapp: Any, tmp_path: Path, refuse_night_inserts: RefuseInserts
) -> None:
    path = tmp_path / "diary.sqlite"
    model = _model(path)
    model.save_night(Night(DAY, 7, notes=LONG))
    model.save_night(Night(DAY, 3, notes=SHORT))
    model.undo()
    refuse_night_inserts.on = True
    with pytest.raises(SaveFailed):
        model.redo()
    kept = _stored_night(path)
    assert kept is not None
    assert kept.notes == LONG
    assert model.undo_stack.canRedo()
    model.diary.close()


def test_an_edit_that_moved_a_night_to_another_date_undoes_both_dates(
    qapp: Any, tmp_path: Path
) -> None:
    path = tmp_path / "diary.sqlite"
    model = _model(path)
    first = model.save_night(Night(DAY, 5, notes="first"))
    model.save_night(Night(date(2026, 3, 2), 4, notes="moved", id=first.id))
    assert [n.date for n in model.diary.nights()] == [date(2026, 3, 2)]
    model.undo()
    assert [(n.date, n.notes) for n in model.diary.nights()] == [(DAY, "first")]
    model.redo()
    assert [(n.date, n.notes) for n in model.diary.nights()] == [(date(2026, 3, 2), "moved")]
    model.diary.close()


def test_apply_writes_all_changes_or_none(tmp_path: Path) -> None:
    from diary.store.changes import Put, Remove

    with Diary.open(tmp_path / "d.sqlite", today=fixed_today, auto_backup=False) as d:
        lab = d.add(LabResult(date(2026, 1, 2), "ferritin", 40, "ug/L"))
        with pytest.raises(KnownError):  # the second change is refused: the first is undone
            d.apply([Remove(lab), Put(LabResult(date(2026, 1, 3), "ferritin", -5, "ug/L"))])
        assert d.labs() == [lab]
        gone = LabResult(date(2026, 1, 4), "ferritin", 50, "ug/L", id=9999)
        with pytest.raises(KnownError, match="no longer in the diary"):
            d.apply([Remove(lab), Remove(gone)])
        assert d.labs() == [lab]


# -- a real full disk --------------------------------------------------------------------


def _free(folder: Path) -> int:
    st = os.statvfs(folder)
    return st.f_bavail * st.f_frsize


def test_undo_on_a_really_full_disk_never_loses_the_night(qapp: Any, small_disk: Path) -> None:
    """Save long, save short, then Undo with ever more room: every failure changes nothing."""
    path = small_disk / "home" / "diary.sqlite"
    model = _model(path)
    model.save_night(Night(DAY, 7, notes=LONG))
    model.save_night(Night(DAY, 3, notes=SHORT))
    model.diary.checkpoint()
    filler = mounts.fill(small_disk)
    failures = 0
    for _ in range(64):
        try:
            model.undo()
        except SaveFailed as exc:
            failure = exc
        else:
            break
        failures += 1
        assert "the disk is full" in failure.message
        kept = _stored_night(path)
        assert kept is not None, f"after {failures} failed undos"
        assert kept.notes == SHORT, f"after {failures} failed undos"
        size = filler.stat().st_size
        os.truncate(filler, max(0, size - 4096))  # one more page of room
    back = _stored_night(path)
    assert back is not None
    assert back.notes == LONG
    assert failures > 0, f"the disk was never full enough ({_free(small_disk)} bytes free)"
    model.diary.close()
