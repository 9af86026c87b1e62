"""Every released schema's fixture opens (migrating if needed) with every record intact."""

from __future__ import annotations

import dataclasses
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from diary.errors import DiaryTooNew, KnownError
from diary.store import backup, database
from diary.store.gateway import Diary
from diary.store.kinds import RECORD_KINDS
from tests.fixtures.make_fixtures import FIXTURES, TODAY, fixture_paths, to_plain

FIXTURE_FILES = sorted(FIXTURES.glob("diary-*.sqlite"))


def _copy(fixture: Path, tmp_path: Path) -> Path:
    target = tmp_path / "home" / "diary.sqlite"
    target.parent.mkdir()
    shutil.copyfile(fixture, target)
    return target


def _expected(fixture: Path) -> Any:
    """The fixture's records as they read back at the newest schema: a field added by a
    later migration reads back as the record's default for it (its column's default)."""
    data = json.loads(fixture.with_suffix(".json").read_text(encoding="utf-8"))
    for kind in RECORD_KINDS:
        defaults = {
            f.name: to_plain(f.default)
            for f in dataclasses.fields(kind.record)
            if f.default is not dataclasses.MISSING
        }
        for record in data[kind.name]:
            names = {f.name for f in dataclasses.fields(kind.record)}
            assert set(record) <= names, f"{kind.name}: {set(record) - names} no longer stored"
            record.update({k: v for k, v in defaults.items() if k not in record})
    return data


def _revision(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        conn.close()


def test_every_released_schema_has_a_fixture():
    found = {p.name.removeprefix("diary-").removesuffix(".sqlite") for p in FIXTURE_FILES}
    missing = [rev for rev in database.KNOWN_REVISIONS if rev not in found]
    assert not missing, f"run `python -m tests.fixtures.make_fixtures` at schema {missing}"
    for rev in found:
        db_path, json_path = fixture_paths(rev)
        assert json_path.exists()
        assert _revision(db_path) == rev


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=lambda p: p.stem)
def test_fixture_opens_at_the_newest_schema_with_every_record(tmp_path, fixture):
    path = _copy(fixture, tmp_path)
    old_revision = _revision(path)
    with Diary.open(path, today=lambda: TODAY) as diary:
        assert diary.schema_version == database.HEAD_REVISION
        got = to_plain(diary.contents())
        assert diary.counts()["nights"] > 300
    assert got == _expected(fixture)
    labelled = [b for b in backup.list_backups(path) if b.label == "before-migration"]
    assert len(labelled) == (0 if old_revision == database.HEAD_REVISION else 1)


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=lambda p: p.stem)
def test_times_are_stored_in_the_app_format_after_opening_a_fixture(tmp_path, fixture):
    path = _copy(fixture, tmp_path)
    with Diary.open(path, today=lambda: TODAY):
        pass
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        stored = [
            value
            for table, column in (("nights", "bedtime"), ("doses", "time"), ("supplements", "time"))
            for (value,) in conn.execute(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL")
        ]
    finally:
        conn.close()
    assert len(stored) > 300
    assert {len(v) for v in stored} == {5}
    assert all(v[2] == ":" for v in stored)


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=lambda p: p.stem)
def test_failed_migration_of_a_fixture_restores_it_exactly(tmp_path, fixture, monkeypatch):
    path = _copy(fixture, tmp_path)
    with Diary.open(path, today=lambda: TODAY) as diary:
        diary.backup_now()  # a backup of the user's own, which the failure must not touch
    own_backups = {b.path: b.path.read_bytes() for b in backup.list_backups(path)}

    def half_done_then_broken(engine):
        with engine.begin() as conn:  # a migration that changes data, then fails
            conn.exec_driver_sql("DELETE FROM night_tags")
            conn.exec_driver_sql("DELETE FROM nights")
            conn.exec_driver_sql("UPDATE alembic_version SET version_num='9000_next'")
        raise RuntimeError("the migration hit a bug")

    monkeypatch.setattr(database, "KNOWN_REVISIONS", (*database.KNOWN_REVISIONS, "9000_next"))
    monkeypatch.setattr(database, "HEAD_REVISION", "9000_next")
    monkeypatch.setattr("diary.store.migrate.upgrade_to_head", half_done_then_broken)
    with pytest.raises(KnownError) as err:
        Diary.open(path, today=lambda: TODAY)
    assert "put back exactly as it was" in err.value.message
    monkeypatch.undo()
    with Diary.open(path, auto_backup=False, today=lambda: TODAY) as diary:
        assert to_plain(diary.contents()) == _expected(fixture)
    for kept, data in own_backups.items():
        assert kept.read_bytes() == data


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=lambda p: p.stem)
def test_fixture_from_a_newer_app_is_refused_untouched(tmp_path, fixture):
    path = _copy(fixture, tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num='9999_from_the_future'")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DiaryTooNew):
        Diary.open(path, today=lambda: TODAY)
    assert path.read_bytes() == before
    assert backup.list_backups(path) == []
