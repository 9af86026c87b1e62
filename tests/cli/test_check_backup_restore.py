"""`rls-diary check`, `backup` and `restore` as a user runs them."""

from __future__ import annotations

from datetime import date, timedelta

from diary.cli import main
from diary.records import Night
from diary.store import backup
from diary.store.database import HEAD_REVISION
from diary.store.gateway import Diary


def _diary(path, nights=5):
    with Diary.open(path, auto_backup=False) as d:
        for i in range(nights):
            d.add_night(Night(date(2025, 1, 1) + timedelta(days=i), 3))
    return path


def test_check_healthy_diary(tmp_path, capsys):
    path = _diary(tmp_path / "d.sqlite")
    assert main(["check", "--diary", str(path)]) == 0
    out = capsys.readouterr().out
    assert "The diary is healthy." in out
    assert "Nights: 5" in out
    assert f"Schema version: {HEAD_REVISION}" in out


def test_check_damaged_diary_says_where_it_went(tmp_path, capsys):
    path = _diary(tmp_path / "d.sqlite")
    original = path.read_bytes()
    path.write_bytes(original[:3000])
    assert main(["check", "--diary", str(path)]) == 1
    out = capsys.readouterr().out
    assert "DAMAGED" in out
    moved = next(tmp_path.glob("d.sqlite.damaged-*"))
    assert str(moved) in out
    assert moved.read_bytes() == original[:3000]
    assert not path.exists()


def test_window_style_open_of_damaged_diary_is_a_plain_message(tmp_path, capsys):
    path = _diary(tmp_path / "d.sqlite")
    path.write_bytes(b"garbage" * 100)
    assert main(["backup", "--diary", str(path)]) == 1
    err = capsys.readouterr().err
    assert "is damaged" in err
    assert "Traceback" not in err


def test_backup_then_list_then_restore_newest(tmp_path, capsys):
    path = _diary(tmp_path / "d.sqlite")
    assert main(["backup", "--diary", str(path)]) == 0
    assert "Backup written and checked" in capsys.readouterr().out
    assert main(["restore", "--diary", str(path)]) == 0
    listing = capsys.readouterr().out
    assert "5 nights" in listing
    assert "ok" in listing
    with Diary.open(path, auto_backup=False) as d:
        d.add_night(Night(date(2025, 2, 1), 9))
    assert main(["restore", "--diary", str(path), "newest"]) == 0
    out = capsys.readouterr().out
    assert "Restored" in out
    assert "kept at" in out
    with Diary.open(path, auto_backup=False) as d:
        assert d.counts()["nights"] == 5
    assert len(backup.list_backups(path)) == 1


def test_env_var_chooses_the_default_diary(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("RLS_DIARY_HOME", str(tmp_path / "home"))
    _diary(tmp_path / "home" / "diary.sqlite")
    assert main(["check"]) == 0
    assert str(tmp_path / "home" / "diary.sqlite") in capsys.readouterr().out


def test_version(capsys):
    import pytest

    from diary import __version__

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_check_on_a_diary_from_a_newer_version_says_so_and_changes_nothing(tmp_path, capsys):
    import sqlite3

    path = _diary(tmp_path / "d.sqlite")
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '0007_future'")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    assert main(["check", "--diary", str(path)]) == 3  # documented: made by a newer version
    out = capsys.readouterr().out
    assert "made by a newer version of RLS Diary" in out
    assert "0007_future" in out
    assert "DAMAGED" not in out
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("d.sqlite.damaged-*"))


def test_check_on_a_diary_with_a_renamed_table_says_damaged_plainly(tmp_path, capsys):
    import sqlite3

    path = _diary(tmp_path / "d.sqlite")
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE lab_results RENAME TO lab_results_old")
    conn.commit()
    conn.close()
    assert main(["check", "--diary", str(path)]) == 1
    captured = capsys.readouterr()
    assert "DAMAGED" in captured.out
    assert "the table lab_results is missing" in captured.out
    assert "Traceback" not in captured.err
    assert "OperationalError" not in captured.out
    assert next(tmp_path.glob("d.sqlite.damaged-*")).exists()  # moved aside, never deleted
