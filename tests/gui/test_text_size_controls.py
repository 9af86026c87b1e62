"""Check boxes, spin box buttons and drop-down arrows grow with the text size (and shrink back)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QSpinBox,
    QStyle,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QStyleOptionSpinBox,
    QWidget,
)

from diary.ui.theme import apply_scheme

CC, SC = QStyle.ComplexControl, QStyle.SubControl


def _is_drop_down(widget: QWidget) -> bool:
    return isinstance(widget, QComboBox) or (
        isinstance(widget, QDateEdit) and widget.calendarPopup()
    )


def part_rect(widget: QWidget) -> QRect:
    """The check box's indicator, the spin box's up button or the drop-down's arrow button,
    as the widget's style places it for the widget as it is now."""
    style = widget.style()
    if isinstance(widget, QCheckBox):
        button = QStyleOptionButton()
        button.initFrom(widget)
        button.text = widget.text()
        return style.subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, button, widget)
    if _is_drop_down(widget):
        combo = QStyleOptionComboBox()
        combo.initFrom(widget)
        combo.editable = isinstance(widget, QComboBox) and widget.isEditable()
        combo.frame = True
        return style.subControlRect(CC.CC_ComboBox, combo, SC.SC_ComboBoxArrow, widget)
    assert isinstance(widget, QAbstractSpinBox)
    spin = QStyleOptionSpinBox()
    spin.initFrom(widget)
    spin.buttonSymbols = widget.buttonSymbols()
    spin.frame = widget.hasFrame()
    return style.subControlRect(CC.CC_SpinBox, spin, SC.SC_SpinBoxUp, widget)


def drawn_arrow(widget: QWidget) -> QSize:
    """The size of the arrow as drawn: the box around the pixels inside the button that
    stand out from the button's own shade."""
    rect = part_rect(widget).adjusted(2, 2, -2, -2)
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    ratio = image.devicePixelRatio()
    pixels = [
        (x, y)
        for y in range(int(rect.top() * ratio), int((rect.bottom() + 1) * ratio))
        for x in range(int(rect.left() * ratio), int((rect.right() + 1) * ratio))
    ]
    shades = sorted(QColor(image.pixel(x, y)).lightness() for x, y in pixels)
    usual = shades[len(shades) // 2]
    ink = [(x, y) for x, y in pixels if abs(QColor(image.pixel(x, y)).lightness() - usual) > 50]
    assert ink, f"no arrow drawn in {type(widget).__name__}"
    xs, ys = [x for x, _ in ink], [y for _, y in ink]
    return QSize(max(xs) - min(xs) + 1, max(ys) - min(ys) + 1)


def controls(window: Any) -> dict[str, tuple[str, QWidget]]:
    """Each control with the page it is on (plain spin boxes, as a dialog might use, sit on
    the Profile page)."""
    night = window.show_page("night")
    blood = window.show_page("blood_tests")
    profile = window.show_page("profile")
    spin, double = QSpinBox(profile), QDoubleSpinBox(profile)
    spin.move(0, 0)
    double.move(0, 200)
    return {
        "check box": ("night", night.for_doctor),
        "sleep hours": ("night", night.sleep),
        "date": ("night", night.date),
        "test": ("blood_tests", blood.test),
        "spin box": ("profile", spin),
        "decimal spin box": ("profile", double),
    }


def measure(
    window: Any, shown: dict[str, tuple[str, QWidget]], qapp: QApplication, what: Any
) -> dict[str, Any]:
    """`what(widget)` for each control, on its page as the user sees it."""
    found = {}
    for name, (key, widget) in shown.items():
        window.show_page(key)
        qapp.processEvents()
        if type(widget) in (QSpinBox, QDoubleSpinBox):
            widget.adjustSize()  # outside any layout
            widget.show()
        qapp.processEvents()
        found[name] = what(widget)
    return found


def arrow(widget: QWidget) -> QSize | None:
    return None if isinstance(widget, QCheckBox) else drawn_arrow(widget)


def _press(qtbot: Any, window: Any, key: Qt.Key, times: int) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    for _ in range(times):
        qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_check_boxes_and_arrows_grow_with_the_text_and_shrink_back(
    make_window: Any, tmp_path: Path, qtbot: Any, qapp: QApplication, scheme: str
) -> None:
    apply_scheme(qapp, scheme)  # type: ignore[arg-type]
    try:
        window = make_window(tmp_path / "diary.sqlite")
        window.resize(1024, 768)
        shown = controls(window)
        small = measure(window, shown, qapp, lambda w: part_rect(w).size())
        small_arrows = measure(window, shown, qapp, arrow)

        _press(qtbot, window, Qt.Key.Key_Equal, 3)  # Ctrl+= three times: 125, 150, 200 %
        assert window.settings.text_size() == 200
        big = measure(window, shown, qapp, lambda w: part_rect(w).size())
        big_arrows = measure(window, shown, qapp, arrow)
        for name, size in big.items():
            was = small[name]
            assert size.width() >= 1.6 * was.width(), (name, was, size)
            assert size.width() * size.height() >= 1.6**2 * was.width() * was.height(), name
            if big_arrows[name] is not None:
                drawn, drawn_was = big_arrows[name], small_arrows[name]
                assert drawn.width() >= 1.6 * drawn_was.width(), (name, drawn_was, drawn)
                assert drawn.height() >= 1.6 * drawn_was.height(), (name, drawn_was, drawn)

        _press(qtbot, window, Qt.Key.Key_Minus, 3)  # and back with Ctrl+-
        assert window.settings.text_size() == 100
        assert measure(window, shown, qapp, lambda w: part_rect(w).size()) == small
        assert measure(window, shown, qapp, arrow) == small_arrows
    finally:
        apply_scheme(qapp, "light")
