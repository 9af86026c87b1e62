"""Form fields that keep what was typed, and a place under each field for its error message."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time

from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from diary.ui.input_parse import format_number, format_time, parse_decimal, parse_time


def bold_text(text: str) -> str:
    """Rich text in bold: unlike a style sheet's font-weight (or a label font), it keeps
    following the text-size setting."""
    import html  # here: only messages need it (one module fewer at start-up)

    return f"<b>{html.escape(text, quote=False)}</b>"


def set_text_color(widget: QWidget, color: str) -> None:
    """Colour a label's text through its palette (a style sheet would freeze its font)."""
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(color))
    widget.setPalette(palette)


def is_dark(widget: QWidget) -> bool:
    return widget.palette().color(QPalette.ColorRole.Window).lightness() < 128


def error_color(widget: QWidget) -> str:
    """A red that reads well on the current theme's background."""
    return "#ff8a80" if is_dark(widget) else "#b71c1c"


def ok_color(widget: QWidget) -> str:
    return "#9ccc65" if is_dark(widget) else "#1b5e20"


def show_message(label: QLabel, text: str, good: bool) -> None:
    """`text` in bold in a status label, green when `good` else red, and read out by screen
    readers as the label's description."""
    set_text_color(label, ok_color(label) if good else error_color(label))
    label.setText(bold_text(text))
    label.setAccessibleDescription(text)


class FitsText:
    """Mix-in for short fields: as wide as `sample` in the current font, again on font change."""

    _sample = "0000"
    _extra = 30

    def fit(self, sample: str, extra: int) -> None:
        self._sample, self._extra = sample, extra
        widget: QWidget = self  # type: ignore[assignment]
        widget.setMaximumWidth(widget.fontMetrics().horizontalAdvance(sample) + extra)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)  # type: ignore[misc]
        if event.type() == QEvent.Type.FontChange:
            self.fit(self._sample, self._extra)


class InvalidOutline(QWidget):
    """A red outline drawn over a field's own frame while the field is wrong.

    Painted on top rather than set by a style sheet: a style sheet border turns spin box
    and combo box arrows into the style sheet's crude ones and freezes the field's font.
    """

    WIDTH = 2

    def __init__(self, field: QWidget) -> None:
        super().__init__(field)
        self.setObjectName("invalid_outline")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setGeometry(field.rect())
        field.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        parent = self.parentWidget()
        if parent is not None and watched is parent and event.type() == QEvent.Type.Resize:
            self.setGeometry(parent.rect())
        return False

    def set_shown(self, shown: bool) -> None:
        self.setVisible(shown)
        if shown:
            self.raise_()  # above a spin box's or combo box's own line edit

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(error_color(self)), self.WIDTH))
        half = self.WIDTH / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(half, half, -half, -half), 3, 3)


def mark_invalid(field: QWidget, invalid: bool) -> None:
    """Outline `field` in the error colour (or stop); its look and arrows stay as they are."""
    outline = field.findChild(
        InvalidOutline, "invalid_outline", Qt.FindChildOption.FindDirectChildrenOnly
    )
    if outline is None:
        if not invalid:
            return
        outline = InvalidOutline(field)
    field.setProperty("invalid", invalid)
    outline.set_shown(invalid)


class FieldBox(QWidget):
    """A field with its error message beneath it; the field is outlined while it is wrong."""

    def __init__(
        self, field: QWidget, parent: QWidget | None = None, row: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.field = field
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.setAccessibleName("Problem")
        self.error.setTextFormat(Qt.TextFormat.RichText)
        self._message = ""
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        narrow = field.maximumWidth() < 16_777_215  # QWIDGETSIZE_MAX: a short field
        layout.addWidget(
            row or field, 0, Qt.AlignmentFlag.AlignLeft if narrow else Qt.AlignmentFlag(0)
        )
        layout.addWidget(self.error)
        if isinstance(field, QLineEdit):
            field.textEdited.connect(self.clear_error)
        refused = getattr(field, "refused", None)  # a date field says why it refused a date
        if refused is not None and isinstance(field, QAbstractSpinBox):
            refused.connect(self.show_error)
            field.lineEdit().textEdited.connect(self.clear_error)
            field.editingFinished.connect(self._clear_if_taken)
            field.dateChanged.connect(self._clear_if_taken)  # type: ignore[attr-defined]

    def show_error(self, message: str) -> None:
        self._message = message
        self.error.setText(bold_text(f"⚠ {message}"))
        set_text_color(self.error, error_color(self))
        self.error.show()
        mark_invalid(self.field, True)
        self.field.setAccessibleDescription(message)

    def _clear_if_taken(self) -> None:
        problem = getattr(self.field, "problem", None)
        if callable(problem) and problem() is None:
            self.clear_error()

    def clear_error(self) -> None:
        if self.error.isHidden():
            return
        self.error.clear()
        self._message = ""
        self.error.hide()
        mark_invalid(self.field, False)
        self.field.setAccessibleDescription("")

    @property
    def message(self) -> str:
        return self._message


class FormLabel(QLabel):
    """A field's label. Its size hint has a little room to spare: at fractional point sizes
    (125 %, 150 % text) QLabel's hint can be a pixel short and clip the last letter."""

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        hint = super().sizeHint()
        return QSize(
            hint.width() + max(2, self.fontMetrics().averageCharWidth() // 2), hint.height()
        )

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return self.sizeHint()


def add_field(
    form: QFormLayout, label: str, field: QWidget, row: QWidget | None = None
) -> FieldBox:
    """A labelled row whose field's accessible name is its visible label (without the '&');
    `row` holds the field with its companions (buttons beside it), if any."""
    caption = FormLabel(label)
    caption.setBuddy(field)
    field.setAccessibleName(label.replace("&", ""))
    box = FieldBox(field, row=row)
    form.addRow(caption, box)
    return box


class DecimalField(FitsText, QLineEdit):
    """A number typed freely ('7,5' or '7.5'); read with `value()`, which may raise InputError."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.what = what

    def value(self) -> float | None:
        return parse_decimal(self.text(), self.what)

    def set_value(self, value: float | None) -> None:
        self.setText(format_number(value))


class TimeField(FitsText, QLineEdit):
    """A time of day typed as 22:30, 2230 or 10:30 pm; empty means not recorded."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.what = what
        self.setPlaceholderText("hh:mm")
        self.fit("00:00 pm", 30)

    def value(self) -> time | None:
        return parse_time(self.text(), self.what)

    def set_value(self, value: time | None) -> None:
        self.setText(format_time(value))


class StepField(FitsText, QAbstractSpinBox):
    """A spin box that keeps the typed text as it is ('7,5', even '30'), so the store can say
    what is allowed, while arrow keys and buttons step by `step` within `low`..`high`."""

    edited = Signal()

    def __init__(
        self,
        what: str,
        step: float,
        low: float,
        high: float,
        start: float,
        parent: QWidget | None = None,
        parse: Callable[[str, str], float | None] = parse_decimal,
    ) -> None:
        super().__init__(parent)
        self.what, self.step, self.low, self.high, self.start = what, step, low, high, start
        self._parse = parse
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)
        self.lineEdit().textEdited.connect(self.edited)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.fit("00.00", 80)

    def value(self) -> float | None:
        return self._parse(self.text(), self.what)

    def set_value(self, value: float | None) -> None:
        self.lineEdit().setText(format_number(value))

    def _current(self) -> float | None:
        try:
            return self.value()
        except ValueError:
            return None

    def stepBy(self, steps: int) -> None:  # noqa: N802 (Qt override)
        current = self._current()
        new = self.start if current is None else round(current / self.step + steps) * self.step
        self.set_value(min(self.high, max(self.low, new)))
        self.lineEdit().selectAll()
        self.edited.emit()

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:  # noqa: N802 (Qt override)
        flags = QAbstractSpinBox.StepEnabledFlag.StepNone
        current = self._current()
        if current is None or current < self.high:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
        if current is None or current > self.low:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        return flags

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        hint = super().sizeHint()
        hint.setWidth(self.fontMetrics().horizontalAdvance("00.00") + 60)
        return hint
