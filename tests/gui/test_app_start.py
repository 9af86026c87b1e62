"""`rls-diary` with no command: first run, the demo marked as such, the reminder attached."""

from __future__ import annotations

import gc
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from diary.autostart import START_IN_TRAY_ENV
from diary.demo import write_demo
from diary.store import database
from diary.store.gateway import Diary
from diary.ui import app as app_module
from diary.ui.dialogs.open_diary import OPEN_READ_ONLY, START_EMPTY
from diary.ui.first_run import FirstRunResult
from diary.ui.main_window import MainWindow
from tests.gui.conftest import ScriptedAsk


@pytest.fixture
def started(monkeypatch, qapp):
    """Run run_app up to its event loop; collect the windows it showed."""
    shown: list[MainWindow] = []
    before = set(QApplication.topLevelWidgets())  # other tests' windows may linger

    def no_loop() -> int:
        shown.extend(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and w not in before and not w.model.diary.closed
        )
        return 0

    monkeypatch.setattr(qapp, "exec", no_loop)
    monkeypatch.setattr(app_module, "setup_logging", lambda: None)
    monkeypatch.setattr(app_module, "hold_records", lambda: None)
    yield shown
    if shown:  # run_app's quit handlers belong to this test only
        qapp.aboutToQuit.disconnect()
    for window in shown:
        window.close()
        window.deleteLater()


def test_first_run_demo_is_marked_and_not_remembered(started, monkeypatch, tmp_path: Path, qtbot):
    demo_dir = tmp_path / "demo"
    demo_dir.mkdir()
    demo_path = demo_dir / "demo.sqlite"
    write_demo(demo_path, seed=2, years=1, end=date(2026, 3, 1))
    result = FirstRunResult("demo", demo_path, demo=True, temp_dir=demo_dir)
    asked = []
    monkeypatch.setattr(
        app_module, "run_first_run", lambda *a: asked.append(gc.isenabled()) or result
    )
    assert app_module.run_app(None) == 0
    # no diary yet: the welcome is shown first, with garbage collection on (it waits for a
    # person; only the window's own start holds collections back)
    assert asked == [True]
    window = started[-1]
    assert window.windowTitle().startswith("DEMO — demo.sqlite")
    assert str(demo_path) not in window.settings.recent_diaries()
    # the evening reminder is attached once the window takes input
    qtbot.waitUntil(lambda: window.reminder is not None)
    assert window.menu.reminder.isEnabled()
    QApplication.instance().aboutToQuit.emit()  # quitting closes the demo and removes it
    assert not demo_dir.exists()


def test_closing_the_welcome_creates_nothing(started, monkeypatch, tmp_path: Path):
    monkeypatch.setattr(app_module, "run_first_run", lambda *a: None)
    assert app_module.run_app(None) == 0
    assert started == []
    from diary.paths import default_diary_path

    assert not default_diary_path().exists()


# -- the diary is opened while the window loads (app.OpenAhead): every outcome as before ----


def _scripted(monkeypatch, *answers: object) -> ScriptedAsk:
    ask = ScriptedAsk(*answers)
    monkeypatch.setattr("diary.ui.dialogs.ask.Ask", lambda: ask)
    return ask


def _no_welcome(*args: object) -> None:
    raise AssertionError("the welcome is for a person without a diary")


def test_an_existing_diary_opens_without_the_welcome(started, monkeypatch, tmp_path: Path):
    path = tmp_path / "rls-home" / "diary.sqlite"  # the default diary (conftest's home)
    write_demo(path, seed=2, years=1, end=date(2026, 3, 1))
    monkeypatch.setattr(app_module, "run_first_run", _no_welcome)
    assert app_module.run_app(None) == 0
    (window,) = started
    assert window.windowTitle() == "diary.sqlite — RLS Diary"
    assert window.diary.counts()["nights"] > 300
    assert window.current_key() == "night"
    assert window.isVisible()


def test_a_damaged_diary_found_while_loading_is_put_to_the_user(
    started, monkeypatch, tmp_path: Path
):
    path = tmp_path / "mine.sqlite"
    write_demo(path, seed=2, years=1, end=date(2026, 3, 1))
    path.write_bytes(b"this is not a database at all" * 100)
    ask = _scripted(monkeypatch, None)  # the damage question, answered by closing it
    assert app_module.run_app(str(path)) == 1
    assert started == []
    question = ask.last("choose")
    assert question.title == "The diary is damaged"
    assert START_EMPTY in question.options
    assert not path.exists(), "moved aside, never deleted"
    assert database.moved_aside(path), "moved aside, never deleted"


def test_a_diary_open_elsewhere_is_offered_read_only(started, monkeypatch, tmp_path: Path):
    path = tmp_path / "mine.sqlite"
    write_demo(path, seed=2, years=1, end=date(2026, 3, 1))
    ask = _scripted(monkeypatch, OPEN_READ_ONLY)
    with Diary.open(path, auto_backup=False):  # another window writes to it
        assert app_module.run_app(str(path)) == 0
        (window,) = started
        assert ask.last("choose").title == "Diary open elsewhere"
        assert window.diary.read_only
        assert window.windowTitle() == "mine.sqlite (read-only) — RLS Diary"


def test_started_at_login_the_reminder_is_set_up_before_the_window_decides_to_show(
    started, monkeypatch, tmp_path: Path
):
    write_demo(tmp_path / "rls-home" / "diary.sqlite", seed=2, years=1, end=date(2026, 3, 1))
    monkeypatch.setenv(START_IN_TRAY_ENV, "1")
    assert app_module.run_app(None) == 0
    (window,) = started
    assert window.reminder is not None, "attached before the event loop: it decides hiding"
    assert window.menu.reminder.isEnabled()
    assert window.isVisible()  # reminders are off: no tray to wait in, so the window shows


class _Paints(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        self.count += event.type() == QEvent.Type.Paint
        return False


def test_what_can_wait_runs_after_the_first_frame_or_at_once_when_hidden(qtbot) -> None:
    shown, hidden = QWidget(), QWidget()
    qtbot.addWidget(shown)
    qtbot.addWidget(hidden)
    paints = _Paints()
    shown.installEventFilter(paints)
    ran: list[tuple[str, int]] = []
    shown.show()
    app_module.AfterFirstFrame(shown, lambda: ran.append(("shown", paints.count)))
    app_module.AfterFirstFrame(hidden, lambda: ran.append(("hidden", paints.count)))
    qtbot.waitUntil(lambda: len(ran) == 2)
    assert dict(ran)["shown"] >= 1, "the shown window was drawn first"
