"""The app opens no connection, keeps its files private, and logs nothing about the patient."""

from __future__ import annotations

import logging
import os
import socket
import stat
import traceback
from datetime import date, time

import pytest

from diary.errors import SaveFailed
from diary.records import DiaryContents, Dose, LabResult, Night, Profile, Supplement
from diary.store.csv_exchange import read_import, write_export
from diary.store.gateway import Diary
from tests.reliability import privacy

SECRETS = ("Quixotic-Marmalade", "Zebulon Featherstonehaugh", "tag-blueberry-9931", "Dr Xylo")


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
def test_the_suite_blocks_network_connections():
    import pytest_socket

    with pytest.raises(pytest_socket.SocketBlockedError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(pytest_socket.SocketBlockedError):
        socket.create_connection(("127.0.0.1", 9))


@pytest.mark.slow
def test_importing_every_module_opens_no_socket():
    result = privacy.import_everything()
    assert result["failed"] == []
    assert len(result["modules"]) > 30
    assert "diary.store.gateway" in result["modules"]
    assert result["attempts"] == []


def test_folder_diary_and_backups_are_private(tmp_path):
    home = tmp_path / "home"
    with Diary.open(home / "diary.sqlite") as d:  # the open makes the first daily backup
        d.save_night(Night(date(2025, 1, 1), 3))
        labelled = d.backup_now(label="manual")
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    files = [p for p in home.rglob("*") if p.is_file()]
    folders = [p for p in home.rglob("*") if p.is_dir()]
    assert labelled in files
    assert len(files) >= 3
    assert {oct(stat.S_IMODE(p.stat().st_mode)) for p in files} == {oct(0o600)}
    assert {oct(stat.S_IMODE(p.stat().st_mode)) for p in folders} == {oct(0o700)}


def test_logs_hold_nothing_about_the_patient(tmp_path, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    for name in ("sqlalchemy", "alembic"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    day = date(2025, 3, 9)
    contents = DiaryContents(
        nights=(Night(day, 8, 4.5, time(23, 0), tags=(SECRETS[2],), notes=SECRETS[0]),),
        labs=(LabResult(day, "ferritin", 17.25, "ng/mL", notes=SECRETS[0]),),
        doses=(Dose(day, SECRETS[1], 3, "mg"),),
        supplements=(Supplement(day, "ferrous_sulfate", 325, notes=SECRETS[0]),),
        profile=Profile(SECRETS[1], 1950, SECRETS[3]),
    )
    path = tmp_path / "diary.sqlite"
    try:
        with Diary.open(path, today=lambda: date(2025, 4, 1)) as d:
            d.import_contents(contents)
            d.save_night(Night(date(2025, 3, 10), 2, notes=SECRETS[0], tags=(SECRETS[2],)))
            d.backup_now()
            write_export(d.contents(), tmp_path / "out")
            read_import(tmp_path / "out", today=date(2025, 4, 1))
            # a write the database itself refuses: its error must not carry the values
            monkeypatch.setattr("diary.store.validation.normalise_night", lambda n, _t: n)
            with pytest.raises(SaveFailed) as err:
                d.save_night(Night(date(2025, 3, 11), 42, notes=SECRETS[0]))
            monkeypatch.undo()
            logging.getLogger("diary").exception("a bug report", exc_info=err.value)
    finally:
        for name in ("sqlalchemy", "alembic"):
            logging.getLogger(name).setLevel(logging.NOTSET)
    text = caplog.text + "".join(traceback.format_exception(err.value))
    assert len(caplog.records) > 5  # the logging was really on, SQL included
    for secret in (*SECRETS, "17.25"):
        assert secret not in text
    assert os.path.exists(path)
