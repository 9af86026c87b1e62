"""RLS severity 0–10 as a row of big buttons, one Tab stop, set from the keyboard.

Keys: a digit sets 0–9; "1" then "0" within a second sets 10 (so does End or "+");
"1" then another digit (11, 12 …) is refused with a message and leaves the value as it was;
Left/Down lower it, Right/Up raise it; Home sets 0; Delete clears it.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QRect, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

TEN_WINDOW_S = 1.0


class SeverityPicker(QWidget):
    """Choose 0 (none) … 10 (worst imaginable); `value()` is None until chosen."""

    changed = Signal(object)  # int | None
    refused = Signal(str)  # a number above 10 was typed; the message says why
    REFUSED = "10 is the most: type 1 then 0 for 10, or one digit for 0 to 9"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._value: int | None = None
        self._repainting = False
        self._last_one_at = -10.0
        self._before_one: int | None = None
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)
        row = QHBoxLayout()
        row.setSpacing(4)
        for n in range(11):
            button = QPushButton(str(n), self)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAccessibleName(f"Severity {n}")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.group.addButton(button, n)
            row.addWidget(button)
        self._fit_buttons()
        self.group.idClicked.connect(self._clicked)
        ends = QHBoxLayout()
        ends.addWidget(QLabel("0 = none", self))
        ends.addStretch(1)
        ends.addWidget(QLabel("10 = worst imaginable", self))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addLayout(ends)
        self.setToolTip("Type a digit 0–9; for 10 type 1 then 0, or press End")

    def _fit_buttons(self) -> None:
        """Tall enough to hit, narrow enough that all eleven fit at 200 % text in 1024 px."""
        for button in self.group.buttons():
            metrics = button.fontMetrics()
            button.setMinimumWidth(metrics.horizontalAdvance("10") + metrics.averageCharWidth() * 2)
            button.setMinimumHeight(metrics.height() * 2 + 6)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_buttons()
        elif event.type() == QEvent.Type.PaletteChange and not self._repainting:
            self._repainting = True  # the chosen button's colours come from the new theme
            try:
                self._colour_buttons()
            finally:
                self._repainting = False

    def value(self) -> int | None:
        return self._value

    def set_value(self, value: int | None) -> None:
        if value is not None and not 0 <= value <= 10:
            return
        self._value = value
        self._colour_buttons()
        self.setAccessibleDescription("not chosen" if value is None else f"{value} of 10")
        self.changed.emit(value)

    def _colour_buttons(self) -> None:
        value = self._value
        for button in self.group.buttons():
            chosen = self.group.id(button) == value
            button.setChecked(chosen)
            # The chosen number must stand out at a glance, in light and dark themes alike
            # (by palette: a style sheet would stop it following the text-size setting).
            palette = self.palette()
            if chosen:
                palette.setColor(
                    QPalette.ColorRole.Button, palette.color(QPalette.ColorRole.Highlight)
                )
                palette.setColor(
                    QPalette.ColorRole.ButtonText,
                    palette.color(QPalette.ColorRole.HighlightedText),
                )
            button.setPalette(palette)

    def _clicked(self, n: int) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.set_value(n)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key, text = event.key(), event.text()
        now = time.monotonic()
        if text.isdigit() and len(text) == 1:
            digit = int(text)
            two_digits = self._value == 1 and now - self._last_one_at <= TEN_WINDOW_S
            if two_digits and digit == 0:
                self.set_value(10)
            elif two_digits:
                self.set_value(self._before_one)  # "11" is not 1: nothing changes
                self.refused.emit(self.REFUSED)
            else:
                if digit == 1:
                    self._before_one = self._value
                self.set_value(digit)
            self._last_one_at = now if digit == 1 and not two_digits else -10.0
        elif key in (Qt.Key.Key_End, Qt.Key.Key_Plus):
            self.set_value(10)
        elif key == Qt.Key.Key_Home:
            self.set_value(0)
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Up):
            self.set_value(0 if self._value is None else min(10, self._value + 1))
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Down):
            self.set_value(0 if self._value is None else max(0, self._value - 1))
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.set_value(None)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        super().focusOutEvent(event)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        super().paintEvent(event)
        if self.hasFocus():
            painter = QPainter(self)
            pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), 3)
            painter.setPen(pen)
            painter.drawRoundedRect(QRect(1, 1, self.width() - 3, self.height() - 3), 4, 4)
