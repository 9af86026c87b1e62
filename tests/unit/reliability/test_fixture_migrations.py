"""Every released schema's fixture opens (migrating if needed) with every record intact."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from diary.errors import DiaryTooNew, KnownError
from diary.store import backup, database
from diary.store.gateway import Diary
from tests.fixtures.make_fixtures import FIXTURES, TODAY, fixture_paths, to_plain

FIXTURE_FILES = sorted(FIXTURES.glob("diary-*.sqlite"))


def _copy(fixture: Path, tmp_path: Path) -> Path:
    target = tmp_path / "home" / "diary.sqlite"
    target.parent.mkdir()
    shutil.copyfile(fixture, target)
    return target


# The fields each later migration adds to the records of an older fixture, with the value
# every such record gets (a fixture holds no record the migration would change otherwise).
ADDED_BY: dict[str, dict[str, dict[str, object]]] = {
    "0002_as_typed": {"doses": {"as_typed": ""}, "infusions": {"as_typed": ""}},
    "0003_lab_limit_usual_intake": {"labs": {"value_limit": ""}},
    "0004_app_time_format": {},  # times rewritten in the app's format: the same values
}


def _expected(fixture: Path) -> Any:
    """The fixture's records as they read back at the newest schema."""
    data = json.loads(fixture.with_suffix(".json").read_text(encoding="utf-8"))
    made_at = database.KNOWN_REVISIONS.index(fixture.stem.removeprefix("diary-"))
    for later in database.KNOWN_REVISIONS[made_at + 1 :]:
        for kind, fields in ADDED_BY[later].items():
            for record in data[kind]:
                assert not set(fields) & set(record), f"{later} adds {fields} again"
                record.update(fields)
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
        assert json_path.exists() and _revision(db_path) == rev


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
    assert {len(v) for v in stored} == {5} and all(v[2] == ":" for v in stored)  # 'HH:MM'


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
