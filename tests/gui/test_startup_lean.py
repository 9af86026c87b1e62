"""`rls-diary` shows the Night entry page without loading what only other pages or commands need."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from diary.demo import write_demo

REPO = Path(__file__).resolve().parents[2]

# Loaded by the time the window accepts input, they would make every start slower (issue 14's
# start-up limit): charts and statistics, the ORM and migrations, the subcommands, the welcome,
# and the pages other than Night entry (each is built when first shown).
NOT_AT_START = (
    "matplotlib",
    "numpy",
    "scipy",
    "statsmodels",
    "sqlalchemy",
    "alembic",
    "diary.analysis",
    "diary.charts",
    "diary.report",
    "diary.fhir",
    "diary.demo",
    "diary.commands",
    "diary.store.migrate",
    "diary.store.csv_exchange",
    "diary.store.importing",  # only an import needs it
    "diary.store.writes",  # loaded with the writing connection, once the window is drawn
    "diary.ui.first_run",
    "diary.ui.history_page",
    "diary.ui.blood_tests_page",
    "diary.ui.treatments_page",
    "diary.ui.insights_page",
    "diary.ui.profile_page",
    "diary.ui.dialogs.exchange",
    "diary.ui.reminder",  # set up once the window takes input (at once only when started at login)
    "logging.handlers",  # the support log's file is opened then too; what came before is held
    # what the first page never needs: message boxes' text, the calendar's month lengths
    # (and the locale module), strptime's parser (backup names are parsed by hand)
    "html",
    "calendar",
    "_strptime",
)

# As the start-up benchmark does: a timer queued before `rls-diary`'s main() fires on the first
# turn of its event loop, when the window is shown and takes input.
_CHILD = r"""
import gc, json, sys, time
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from diary.ui.main_window import MainWindow

app = QApplication(sys.argv[:1])
seen = {}
give_up = time.monotonic() + 60

def windows():
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]

def ready():
    seen["windows"] = [
        {"visible": w.isVisible(), "page": w.current_key(), "title": w.windowTitle()}
        for w in windows()
    ]
    seen["modules"] = sorted(sys.modules)
    seen["collecting"] = gc.isenabled()
    later()

def log_files():
    import logging
    handlers = logging.getLogger().handlers
    return [Path(h.baseFilename) for h in handlers if isinstance(h, logging.FileHandler)]

def later():  # what waits for the window's first frame: done soon after it, without input
    try:
        waiting = not all(w.reminder is not None for w in windows()) or not log_files()
        if waiting and time.monotonic() < give_up:
            QTimer.singleShot(10, later)
            return
        seen["later"] = {
            "reminder": [w.reminder is not None for w in windows()],
            "log": [p.read_text() for p in log_files()],
            "collecting": gc.isenabled(),
        }
        app.quit()
    except BaseException:  # a failure here must end the child at once, not at the timeout
        import traceback
        traceback.print_exc()
        app.exit(1)

QTimer.singleShot(0, ready)
from diary.cli import main

main(sys.argv[1:])
print(json.dumps(seen))
"""


def _start(home: Path, *args: str) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "RLS_DIARY_HOME": str(home)}
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def _loaded(modules: list[str], name: str) -> list[str]:
    return [m for m in modules if m == name or m.startswith(name + ".")]


def test_the_window_takes_input_before_anything_only_other_pages_need(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    write_demo(home / "diary.sqlite", seed=1, years=2, end=date(2026, 3, 1))
    for args in [(), ("--diary", str(home / "diary.sqlite"))]:
        seen = _start(home, *args)
        assert seen["windows"] == [
            {"visible": True, "page": "night", "title": "diary.sqlite — RLS Diary"}
        ], args
        loaded = {name: _loaded(seen["modules"], name) for name in NOT_AT_START}
        assert {name: found for name, found in loaded.items() if found} == {}, args
        # the check itself is not vacuous: what the first page needs is there
        assert "diary.ui.night_entry_page" in seen["modules"]
        assert "diary.store.gateway" in seen["modules"]
        assert seen["later"]["reminder"] == [True]
        # garbage collection waits while the window starts (it would find nothing to free),
        # and is back on once the window is drawn
        assert (seen["collecting"], seen["later"]["collecting"]) == (False, True)
        (log,) = seen["later"]["log"]
        assert "log started" in log
