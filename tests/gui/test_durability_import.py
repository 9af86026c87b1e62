"""File → Import… on a long file: progress up to 100 %, and Cancel changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QPushButton, QWidget

from diary.records import DiaryContents, LabResult, Night
from diary.store.csv_exchange import write_export
from diary.store.gateway import Diary
from diary.ui.import_progress import STEPS, ImportProgress
from tests.gui.conftest import ScriptedAsk, fixed_today

BIG = 30_000


@pytest.fixture(scope="module")
def big_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An export of 30,000 nights (written once for the module, under pytest's tmp folder)."""
    first = date(1940, 1, 1)
    nights = tuple(
        Night(first + timedelta(days=i), i % 11, sleep_hours=6.5, notes=f"night {i}")
        for i in range(BIG)
    )
    dest = tmp_path_factory.mktemp("export") / "big.zip"
    write_export(DiaryContents(nights=nights), dest)
    return dest


def _diary_with_a_little(path: Path) -> None:
    with Diary.open(path, today=fixed_today, auto_backup=False) as d:
        d.add_night(Night(date(2026, 2, 1), 4, sleep_hours=7))
        d.add(LabResult(date(2026, 1, 20), "ferritin", 48, "ug/L"))


@dataclass
class Step:
    value: int
    visible: bool
    label: str


@dataclass
class ProgressWatch:
    """Finds the import's progress dialog as soon as it exists and records every step of
    its bar; `act(dialog, step)` is called on each step (to press Cancel, say)."""

    window: QWidget
    act: Callable[[QProgressDialog, Step], None] | None = None
    steps: list[Step] = field(default_factory=list)
    dialog: Any = None

    def __post_init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(0)
        self.timer.timeout.connect(self._look)
        self.timer.start()

    def _look(self) -> None:
        dialog = self.window.findChild(QProgressDialog)
        if dialog is None or dialog is self.dialog:
            return
        self.dialog = dialog
        bar = dialog.findChild(QProgressBar)
        assert bar is not None
        bar.valueChanged.connect(lambda value: self._step(dialog, value))

    def _step(self, dialog: QProgressDialog, value: int) -> None:
        step = Step(value, dialog.isVisible(), dialog.labelText())
        self.steps.append(step)
        if self.act is not None:
            self.act(dialog, step)

    def stop(self) -> None:
        self.timer.stop()

    @property
    def ever_visible(self) -> bool:
        return any(s.visible for s in self.steps)


def _press_cancel(dialog: QProgressDialog, qtbot: Any) -> None:
    button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_long_import_shows_its_progress_up_to_100_percent(
    make_window, diary_path: Path, big_export: Path, ask: ScriptedAsk
) -> None:
    window = make_window(diary_path)
    watch = ProgressWatch(window)
    ask.answers = [big_export]
    window.menu.import_.trigger()
    watch.stop()

    assert watch.ever_visible  # it took more than a moment, so the dialog came up
    assert watch.dialog.windowModality() == Qt.WindowModality.WindowModal
    values = [s.value for s in watch.steps]
    assert values == sorted(values)  # the bar only moves forward
    assert values[-1] == STEPS  # 100 %
    labels = [s.label for s in watch.steps]
    assert f"Reading big.zip: {BIG:,} of about {BIG:,} rows…" in labels
    assert f"Adding to the diary: {BIG:,} of {BIG:,} records…" in labels
    assert ask.last("report").title == "Import finished"
    assert f"Nights: {BIG} added" in ask.last("report").options
    assert window.diary.counts()["nights"] == BIG
    assert not any(d.isVisible() for d in window.findChildren(QProgressDialog))


def test_a_quick_import_shows_no_progress_dialog(
    make_window, diary_path: Path, tmp_path: Path, ask: ScriptedAsk, monkeypatch
) -> None:
    # A generous threshold: the dialog's delay is what is tested, not this machine's speed.
    monkeypatch.setattr(ImportProgress, "show_after_ms", 5000)
    small = tmp_path / "small.zip"
    write_export(DiaryContents(nights=(Night(date(2026, 1, 5), 3),)), small)
    window = make_window(diary_path)
    watch = ProgressWatch(window)
    ask.answers = [small]
    window.menu.import_.trigger()
    watch.stop()
    assert watch.steps
    assert not watch.ever_visible
    assert window.diary.counts()["nights"] == 1


@pytest.mark.parametrize("phase", ["Reading", "Adding"])
def test_cancelling_a_long_import_leaves_the_diary_unchanged(
    make_window,
    diary_path: Path,
    big_export: Path,
    ask: ScriptedAsk,
    qtbot,
    monkeypatch: pytest.MonkeyPatch,
    phase: str,
) -> None:
    monkeypatch.setattr(ImportProgress, "show_after_ms", 0)  # up at once: Cancel is reachable
    _diary_with_a_little(diary_path)
    window = make_window(diary_path)
    before = window.diary.contents()
    pressed: list[Step] = []

    def cancel_mid_way(dialog: QProgressDialog, step: Step) -> None:
        if not pressed and step.visible and step.label.startswith(phase):
            half = STEPS // 2
            if (phase == "Reading" and 0 < step.value < half) or step.value > half * 3 // 2:
                pressed.append(step)
                _press_cancel(dialog, qtbot)

    watch = ProgressWatch(window, act=cancel_mid_way)
    ask.answers = [big_export]
    window.menu.import_.trigger()
    watch.stop()

    assert pressed, "the dialog never offered Cancel during this phase"
    assert 0 < pressed[0].value < STEPS
    shown = ask.last("info")
    assert shown.title == "Import cancelled"
    assert shown.text == "The import was cancelled. Nothing was imported."
    assert window.diary.contents() == before
    with Diary.open(diary_path, read_only=True) as again:  # as stored on disk, too
        assert again.contents() == before
    assert not any(d.isVisible() for d in window.findChildren(QProgressDialog))
    # The window goes on working normally after the cancelled import.
    saved = window.model.save_night(Night(date(2026, 3, 1), 2))
    assert window.diary.night_on(saved.date) == saved
