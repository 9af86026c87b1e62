"""A chart on screen: a Qt canvas for a ChartFigure, with a tooltip per night and click to open.

Importing this module loads matplotlib, so it is imported only when a chart is first shown.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from matplotlib.backend_bases import MouseEvent
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from PySide6.QtCore import QPoint, QSize, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QSizePolicy, QToolTip, QVBoxLayout, QWidget

from diary.charts.base import ChartFigure
from diary.charts.pick import group_at, night_at
from diary.ui.widgets.chart_theme import follow_palette


class ChartView(QWidget):
    """Shows one figure at a time; `set_figure` swaps in a new one (e.g. another period)."""

    night_clicked = Signal(object)  # datetime.date

    def __init__(
        self, describe_night: Callable[[date], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._describe = describe_night
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.canvas: FigureCanvasQTAgg | None = None
        self._hovered: date | None = None

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(720, 440)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(360, 260)

    def figure(self) -> ChartFigure | None:
        return None if self.canvas is None else self.canvas.figure  # type: ignore[return-value]

    def set_figure(self, figure: ChartFigure) -> None:
        old = self.canvas
        follow_palette(figure, self.palette())  # a dark theme: a dark chart on screen
        canvas = FigureCanvasQTAgg(figure)
        # The canvas would ask for the figure's full print size; let the page decide instead.
        canvas.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        canvas.setMouseTracking(True)
        canvas.setAccessibleName(figure.texts[0].get_text() if figure.texts else "Chart")
        canvas.mpl_connect("motion_notify_event", self._on_move)
        canvas.mpl_connect("button_press_event", self._on_press)
        self._layout.addWidget(canvas)
        self.canvas = canvas
        self._hovered = None
        if old is not None:
            self._layout.removeWidget(old)
            old.setParent(None)
            old.deleteLater()

    def night_at_event(self, event: MouseEvent) -> date | None:
        fig = self.figure()
        if fig is None or event.x is None or event.y is None:
            return None
        return night_at(fig, event.x, event.y)

    def _on_move(self, event: MouseEvent) -> None:
        fig = self.figure()
        group = None
        if fig is not None and event.x is not None and event.y is not None:
            group = group_at(fig, event.x, event.y)
        if group is not None:  # a group's mean, not a night near it
            self._hovered = None
            assert self.canvas is not None
            QToolTip.showText(QCursor.pos() + QPoint(12, 12), group, self.canvas)
            return
        day = self.night_at_event(event)
        if day == self._hovered:
            return
        self._hovered = day
        if day is None:
            QToolTip.hideText()
            return
        assert self.canvas is not None
        QToolTip.showText(QCursor.pos() + QPoint(12, 12), self._describe(day), self.canvas)

    def _on_press(self, event: MouseEvent) -> None:
        if event.button != 1:
            return
        day = self.night_at_event(event)
        if day is not None:
            QToolTip.hideText()
            self.night_clicked.emit(day)
