"""`rls-diary` with no command: first run, the demo marked as such, the reminder attached."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from diary.demo import write_demo
from diary.ui import app as app_module
from diary.ui.first_run import FirstRunResult
from diary.ui.main_window import MainWindow


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
    yield shown
    if shown:  # run_app's quit handlers belong to this test only
        qapp.aboutToQuit.disconnect()
    for window in shown:
        window.close()
        window.deleteLater()


def test_first_run_demo_is_marked_and_not_remembered(started, monkeypatch, tmp_path: Path):
    demo_dir = tmp_path / "demo"
    demo_dir.mkdir()
    demo_path = demo_dir / "demo.sqlite"
    write_demo(demo_path, seed=2, years=1, end=date(2026, 3, 1))
    result = FirstRunResult("demo", demo_path, demo=True, temp_dir=demo_dir)
    asked = []
    monkeypatch.setattr(app_module, "run_first_run", lambda *a: asked.append(a) or result)
    assert app_module.run_app(None) == 0
    assert asked, "no diary yet: the welcome is shown first"
    window = started[-1]
    assert window.windowTitle().startswith("DEMO — demo.sqlite")
    assert str(demo_path) not in window.settings.recent_diaries()
    assert window.reminder is not None
    assert window.menu.reminder.isEnabled()
    QApplication.instance().aboutToQuit.emit()  # quitting closes the demo and removes it
    assert not demo_dir.exists()


def test_closing_the_welcome_creates_nothing(started, monkeypatch, tmp_path: Path):
    monkeypatch.setattr(app_module, "run_first_run", lambda *a: None)
    assert app_module.run_app(None) == 0
    assert started == []
    from diary.paths import default_diary_path

    assert not default_diary_path().exists()
