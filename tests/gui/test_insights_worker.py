"""The Insights page works out its analysis off the GUI thread and says so meanwhile."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication

import diary.ui.insights_page as insights_page
from diary.demo import write_demo
from diary.records import Night
from diary.store.gateway import Diary
from diary.ui.diary_model import DiaryModel
from tests.gui.conftest import TODAY, fixed_today
from tests.gui.pages_helpers import shown_insights

WORKING = "Working out your best ferritin level…"


def test_the_page_says_it_is_working_then_shows_the_level(
    make_window, tmp_path: Path, qtbot, monkeypatch
) -> None:
    path = tmp_path / "demo.sqlite"
    write_demo(path, seed=1, years=2, end=TODAY - timedelta(1))
    threads: list[int] = []
    real = insights_page.work_out

    def recording(*args):
        threads.append(threading.get_ident())
        return real(*args)

    monkeypatch.setattr(insights_page, "work_out", recording)
    window = make_window(path)
    page = window.show_page("insights")
    assert page.headline.text() == WORKING  # the window is free while the nights are fitted
    qtbot.waitUntil(
        lambda: page.headline.text().startswith("Best-response ferritin"), timeout=60000
    )
    assert "ng/mL (range" in page.headline.text()
    assert "does not replace your clinician" in page.findings.toPlainText()
    assert threads
    assert threading.get_ident() not in threads


def test_a_newer_request_supersedes_an_older_one(make_window, diary_path: Path, qtbot) -> None:
    window = make_window(diary_path)
    page = shown_insights(window, qtbot)
    shown: list[str] = []
    page.analysis_shown.connect(lambda: shown.append(page.findings.toPlainText()))
    window.model.save_night(Night(TODAY - timedelta(1), 5, 7.0))
    page.refresh()  # worked out for one night ...
    window.model.save_night(Night(TODAY - timedelta(2), 6, 7.0))
    page.refresh()  # ... and superseded by the diary with two
    assert page.headline.text() == WORKING
    qtbot.waitUntil(lambda: bool(shown), timeout=60000)
    assert page.wait_for_work(60000)  # the older job has ended too,
    QApplication.processEvents()  # and whatever it sent has been delivered
    assert len(shown) == 1
    assert "2 nights" in shown[0]
    assert page.headline.text().startswith("Best-response ferritin: none yet")


def test_an_error_in_the_analysis_is_shown_not_lost(
    make_window, diary_path: Path, qtbot, monkeypatch
) -> None:
    def broken(*_args):
        raise ValueError("no such level")

    monkeypatch.setattr(insights_page, "work_out", broken)
    window = make_window(diary_path)
    page = window.show_page("insights")
    qtbot.waitUntil(lambda: "could not be worked out" in page.headline.text(), timeout=60000)
    assert "no such level" in page.headline.text()


def test_a_page_closed_while_working_ends_cleanly(tmp_path: Path, qtbot, monkeypatch) -> None:
    monkeypatch.setenv("RLS_DIARY_HOME", str(tmp_path / "home"))
    path = tmp_path / "demo.sqlite"
    write_demo(path, seed=1, years=2, end=TODAY - timedelta(1))
    diary = Diary.open(path, today=fixed_today, auto_backup=False)
    try:
        page = insights_page.InsightsPage(DiaryModel(diary), today=fixed_today)
        page.show()
        assert page.headline.text() == WORKING  # the fit is running on the worker thread
        with qtbot.waitSignal(page.destroyed, timeout=60000):
            page.deleteLater()  # waits for the job; what it sends goes nowhere
    finally:
        diary.close()
