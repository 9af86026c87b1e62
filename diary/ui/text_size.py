"""The text-size setting: scales the application font, and with it the whole window."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QFont, QPixmapCache
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from diary.ui.settings import TEXT_SIZES
from diary.ui.styles import FocusRingStyle, LargeTextStyle

_BASE_PROPERTY = "rls_diary_base_point_size"


def base_point_size(app: QApplication) -> float:
    """The platform's font size before any scaling, captured on first use."""
    stored = app.property(_BASE_PROPERTY)
    if stored:
        return float(stored)
    size = app.font().pointSizeF()
    if size <= 0:  # a pixel-sized platform font
        size = 10.0
    app.setProperty(_BASE_PROPERTY, size)
    return size


def apply_text_size(app: QApplication, percent: int) -> None:
    """Set the application font to the base size × percent; every widget follows it.

    Above 100 % the application's style becomes LargeTextStyle (controls that grow with the
    text), at 100 % the plain FocusRingStyle. The font changes first and the style after
    it: a drop-down forgets its minimum size on a style change only, so it must measure
    itself again then, with the new font in place (else it keeps its 200 % width)."""
    if percent not in TEXT_SIZES:
        raise ValueError(f"text size must be one of {TEXT_SIZES}")
    base = base_point_size(app)
    font = QFont(app.font())
    font.setPointSizeF(base * percent / 100)
    # Fusion caches drawn arrows by their box's size, not by the text size they were drawn for.
    QPixmapCache.clear()
    app.setFont(font)
    if isinstance(app.style(), FocusRingStyle):  # the theme's style is in place (apply_theme)
        # Widgets get the new font from posted events: deliver them now, so the widgets
        # measure themselves with it when the style change below asks them to.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.ApplicationFontChange)
        large = percent > 100
        if large != isinstance(app.style(), LargeTextStyle):
            app.setStyle(LargeTextStyle(base) if large else FocusRingStyle())


def next_size(current: int, step: int) -> int:
    """The neighbouring size in TEXT_SIZES (step +1 or -1), staying at the ends."""
    index = TEXT_SIZES.index(current) if current in TEXT_SIZES else 0
    return TEXT_SIZES[max(0, min(len(TEXT_SIZES) - 1, index + step))]


class ScaledLabel(QLabel):
    """A label whose font is a fixed multiple of the application font (headings)."""

    def __init__(
        self, text: str = "", factor: float = 1.4, bold: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(text, parent)
        self._factor, self._bold = factor, bold
        self._rescale()
        # Qt sends ApplicationFontChange to windows only, and a label with its own font
        # gets no FontChange from its parent: follow the application's font directly.
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.fontChanged.connect(self._rescale)

    def _rescale(self, *_: object) -> None:
        font = QFont(QApplication.font())
        font.setPointSizeF(font.pointSizeF() * self._factor)
        font.setBold(self._bold)
        self.setFont(font)
