"""Check boxes, radio buttons, spin and drop-down arrows and the focus ring stand out at
3:1 at least from what is around them (WCAG non-text contrast), light and dark, as drawn."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QStyle,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QStyleOptionSpinBox,
    QVBoxLayout,
    QWidget,
)

from diary.ui.styles import contrast
from diary.ui.theme import ENV_THEME, apply_scheme, apply_theme


@pytest.fixture(autouse=True)
def _light_afterwards(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(ENV_THEME, raising=False)
    yield
    apply_scheme(qapp, "light")


def _window(qtbot: Any, qapp: QApplication, scheme: str) -> dict[str, Any]:
    apply_theme(qapp)
    apply_scheme(qapp, scheme)
    window = QWidget()
    layout = QVBoxLayout(window)
    layout.setContentsMargins(20, 20, 20, 20)
    widgets: dict[str, Any] = {
        "field": QLineEdit(),
        "check": QCheckBox("Mark for the doctor"),
        "radio": QRadioButton("Morning"),
        "spin": QSpinBox(),
        "combo": QComboBox(),
    }
    widgets["combo"].addItems(["mg", "µg"])
    widgets["spin"].setValue(50)  # both buttons work (a disabled control is exempt)
    for widget in widgets.values():
        layout.addWidget(widget)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    widgets["window"] = window
    return widgets


def _pixels(image: QImage, rect: QRect) -> list[QColor]:
    ratio = image.devicePixelRatio()  # device pixels (more than one per pixel at 150 %)
    return [
        image.pixelColor(x, y)
        for x in range(int(rect.left() * ratio), int((rect.right() + 1) * ratio))
        for y in range(int(rect.top() * ratio), int((rect.bottom() + 1) * ratio))
    ]


def _background(colours: list[QColor]) -> QColor:
    """The colour most of the area shows."""
    name, _ = Counter(c.name() for c in colours).most_common(1)[0]
    return QColor(name)


def _strongest(colours: list[QColor], against: QColor) -> float:
    return max(contrast(c, against) for c in colours)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_check_box_and_radio_edges_stand_out_from_the_window(
    qapp: QApplication, qtbot: Any, scheme: str
) -> None:
    w = _window(qtbot, qapp, scheme)
    w["field"].setFocus()
    qtbot.waitUntil(w["field"].hasFocus)
    qtbot.keyClick(w["field"], Qt.Key.Key_Tab)  # on to the check box, as a person tabs
    qtbot.waitUntil(w["check"].hasFocus)
    qtbot.keyClick(w["check"], Qt.Key.Key_Space)
    assert w["check"].isChecked()
    for key, element in (
        ("check", QStyle.SubElement.SE_CheckBoxIndicator),
        ("radio", QStyle.SubElement.SE_RadioButtonIndicator),
    ):
        button = w[key]
        option = QStyleOptionButton()
        button.initStyleOption(option)
        box = button.style().subElementRect(element, option, button)
        image = button.grab().toImage()
        # the window beside the box (between it and its label), against the box's edge band
        beside = _background(_pixels(image, QRect(box.right() + 1, box.top(), 2, box.height())))
        assert beside.name() == qapp.palette().window().color().name()
        left_edge = QRect(box.left(), box.top() + box.height() // 3, 3, box.height() // 3)
        assert _strongest(_pixels(image, left_edge), beside) >= 3.0, (scheme, key)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_spin_and_drop_down_arrows_stand_out_from_their_buttons(
    qapp: QApplication, qtbot: Any, scheme: str
) -> None:
    w = _window(qtbot, qapp, scheme)
    for key, control, sub, option in (
        (
            "spin",
            QStyle.ComplexControl.CC_SpinBox,
            QStyle.SubControl.SC_SpinBoxUp,
            QStyleOptionSpinBox(),
        ),
        (
            "spin",
            QStyle.ComplexControl.CC_SpinBox,
            QStyle.SubControl.SC_SpinBoxDown,
            QStyleOptionSpinBox(),
        ),
        (
            "combo",
            QStyle.ComplexControl.CC_ComboBox,
            QStyle.SubControl.SC_ComboBoxArrow,
            QStyleOptionComboBox(),
        ),
    ):
        widget = w[key]
        widget.initStyleOption(option)
        rect = widget.style().subControlRect(control, option, sub, widget)
        colours = _pixels(widget.grab().toImage(), rect)
        assert _strongest(colours, _background(colours)) >= 3.0, (scheme, key, sub)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_focus_ring_stands_out_from_the_window(
    qapp: QApplication, qtbot: Any, scheme: str
) -> None:
    w = _window(qtbot, qapp, scheme)
    w["field"].setFocus()
    qtbot.waitUntil(w["field"].hasFocus)
    qtbot.keyClick(w["field"], Qt.Key.Key_Tab)
    qtbot.waitUntil(w["check"].hasFocus)
    qapp.processEvents()
    image = w["window"].grab().toImage()
    check = w["check"].geometry()
    ring = _pixels(image, QRect(check.left() - 2, check.center().y(), 1, 1))[0]
    window = qapp.palette().window().color()
    assert ring.name() == qapp.palette().highlight().color().name()
    assert contrast(ring, window) >= 3.0
