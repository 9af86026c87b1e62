"""How the latest infusion course went (symptoms before and after, ferritin), as one label."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QWidget

from diary.store.kinds import Changed, Kind
from diary.ui.damage import keep_shown_on_damage
from diary.ui.diary_model import DiaryModel

WATCHED = (Kind.INFUSIONS, Kind.NIGHTS, Kind.LABS, Kind.VENESECTIONS)


class CourseSummary(QLabel):
    """Worked out from the whole diary when shown, and again when its records change."""

    def __init__(
        self,
        model: DiaryModel,
        parent: QWidget | None = None,
        today: Callable[[], date] | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self._today = today or (lambda: self.model.diary.today())
        self._stale = True
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAccessibleName("How the latest infusion course went")
        model.changed.connect(self._changed)

    def _changed(self, changed: Changed) -> None:
        if changed.touches(*WATCHED) and not self._stale:
            self._stale = True
            # One save announces several kinds: work it out once, after they have arrived.
            QTimer.singleShot(0, self, self._refresh_if_visible)

    def _refresh_if_visible(self) -> None:
        if self._stale and self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._stale and self.model.diary.damage is None:  # damaged: keep what is shown
            with keep_shown_on_damage():
                self.refresh()

    def refresh(self) -> None:
        from diary.analysis import analyse
        from diary.analysis.iron_sentences import latest_course_text

        self._stale = False
        text = latest_course_text(analyse(self.model.diary.contents(), self._today()))
        self.setText(
            text
            or "No infusion is recorded yet. Once one is, this says how symptoms and "
            "ferritin went from 6 weeks after it."
        )
