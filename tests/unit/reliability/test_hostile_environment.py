"""Read-only media, a full disk, odd folder names and a second window never cost a night."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest

from diary.errors import DiaryLocked, DiaryNotWritable, ReadOnlyDiary, SaveFailed
from diary.records import Night
from diary.store.gateway import Diary
from tests.reliability import mounts
from tests.reliability.crash import kill, spawn_child, wait_for
from tests.reliability.crash_child import TODAY
from tests.unit.store.helpers import fail_writes


def _open(path, **kw):
    return Diary.open(path, auto_backup=False, today=lambda: TODAY, **kw)


def _nights(n, start=date(2025, 1, 1), note=""):
    return [Night(start + timedelta(days=i), i % 11, notes=note) for i in range(n)]


@pytest.fixture
def tmpfs(tmp_path):
    reason = mounts.why_no_mount()
    if reason:
        pytest.skip(f"{reason}; the store-edge injection tests cover this case")
    try:
        with mounts.tmpfs(tmp_path / "mnt", size_kb=1024) as folder:
            yield folder
    except OSError as exc:
        pytest.skip(f"cannot mount a tmpfs here ({exc})")


@pytest.mark.parametrize("folder", ["Diary #2", "100% mine", "what?", "a&b=c"])
def test_a_folder_name_with_uri_characters_still_opens_the_same_diary(tmp_path, folder):
    path = tmp_path / folder / "diary.sqlite"
    with _open(path) as d:
        d.save_night(Night(date(2025, 1, 1), 4))
    with _open(path) as d:  # the read-only checks must look at this very file
        assert d.counts()["nights"] == 1
    with _open(path, read_only=True) as d:
        assert d.nights()[0].rls_severity == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder]  # no stray file elsewhere


def test_a_diary_on_read_only_media_is_refused_for_writing_and_readable(tmpfs):
    path = tmpfs / "home" / "diary.sqlite"
    with _open(path) as d:
        for n in _nights(5):
            d.save_night(n)
    before = path.read_bytes()
    mounts.remount_read_only(tmpfs)
    with pytest.raises(DiaryNotWritable) as err:
        _open(path)
    assert "cannot be changed" in err.value.message
    assert "read-only" in err.value.message
    assert "Open it read-only" in err.value.hint
    with _open(path, read_only=True) as d:
        assert d.counts()["nights"] == 5
        with pytest.raises(ReadOnlyDiary):
            d.save_night(Night(date(2025, 2, 1), 3))
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["diary.sqlite", "diary.sqlite.lock"]


def test_a_read_only_file_is_refused_for_writing(tmp_path):
    import os

    if os.geteuid() == 0:
        pytest.skip("root ignores file permissions; the read-only media test covers this")
    path = tmp_path / "diary.sqlite"
    with _open(path) as d:
        d.save_night(Night(date(2025, 1, 1), 4))
    path.chmod(0o400)
    before = path.read_bytes()
    with pytest.raises(DiaryNotWritable):
        _open(path)
    assert path.read_bytes() == before


def test_a_full_disk_refuses_the_save_plainly_and_keeps_every_earlier_night(tmpfs):
    path = tmpfs / "home" / "diary.sqlite"
    saved = []
    with _open(path) as d:
        for n in _nights(3):
            saved.append(d.save_night(n).date)
        filler = mounts.fill(tmpfs)
        failure = None
        for night in _nights(300, start=date(2024, 1, 1), note="ü" * 20_000):
            try:
                d.save_night(night)
                saved.append(night.date)
            except SaveFailed as exc:
                failure = exc
                break
        assert failure is not None, "the disk never filled up"
        assert "the disk is full" in failure.message
        assert "Nothing was changed" in failure.message
        assert [n.date for n in d.nights()] == sorted(saved)
    filler.unlink()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    with _open(path) as d:
        assert [n.date for n in d.nights()] == sorted(saved)
        d.save_night(Night(date(2025, 6, 1), 2))  # with room again, saving works


def test_a_diary_open_in_another_process_is_read_only_here(tmp_path):
    path = tmp_path / "diary.sqlite"
    _open(path).close()
    child = spawn_child(path, 3, "--idle-after", "4")
    seen: list[str] = []
    try:
        wait_for(child, "IDLE", seen)
        with pytest.raises(DiaryLocked) as err:
            _open(path)
        assert "already open in another window" in err.value.message
        with _open(path, read_only=True) as d:
            assert d.counts()["nights"] == len({ln.split()[1] for ln in seen if ln[0] == "C"})
            with pytest.raises(ReadOnlyDiary):
                d.save_night(Night(date(2025, 2, 1), 3))
    finally:
        kill(child, seen)
    _open(path).close()  # the other process is gone: this one may write now


def test_a_file_made_read_only_under_an_open_diary_fails_the_save_only(tmp_path, monkeypatch):
    path = tmp_path / "diary.sqlite"
    with _open(path) as d:
        d.save_night(Night(date(2025, 1, 1), 4))
        before = d.contents()
        fail_writes(monkeypatch, sqlite3.SQLITE_READONLY)
        with pytest.raises(SaveFailed) as err:
            d.save_night(Night(date(2025, 1, 2), 6))
        monkeypatch.undo()
        assert "read-only" in err.value.message
        assert d.contents() == before
