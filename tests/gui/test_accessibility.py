"""Every input on every page is named as its visible label; no page scrolls sideways."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QTextEdit,
    QTimeEdit,
    QWidget,
)

from diary.demo import write_demo
from diary.ui.widgets.severity import SeverityPicker
from tests.gui.conftest import TODAY

INPUTS = (
    QLineEdit,
    QSpinBox,
    QDoubleSpinBox,
    QComboBox,
    QDateEdit,
    QTimeEdit,
    QAbstractSpinBox,
    QCheckBox,
    QPlainTextEdit,
    QTextEdit,
    SeverityPicker,
)
PAGES = ("night", "history", "blood_tests", "treatments", "insights", "profile")


def visible_text(label: str) -> str:
    return label.replace("&", "").strip().rstrip(":").strip()


def is_input(widget: QWidget) -> bool:
    if not isinstance(widget, INPUTS):
        return False
    parent = widget.parentWidget()
    # the line edit inside a spin box or combo box is part of that input
    if isinstance(widget, QLineEdit) and isinstance(parent, (QAbstractSpinBox, QComboBox)):
        return False
    if isinstance(widget, QTextEdit) and widget.isReadOnly():
        return False  # text to read (findings), not an input
    return not (widget.focusProxy() is not None and widget.focusProxy() is not widget)


def buddies(page: QWidget) -> dict[int, str]:
    named = {}
    for label in page.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is None or not label.text():
            continue
        # a compound field (tags line + suggestions) hands its focus to the input inside
        target = buddy.focusProxy() or buddy
        named[id(target)] = visible_text(label.text())
    return named


@pytest.fixture
def demo_window(make_window: Any, tmp_path: Path) -> Any:
    path = tmp_path / "demo.sqlite"
    write_demo(path, seed=1, years=1, end=TODAY)
    window = make_window(path)
    window.resize(1024, 768)
    return window


@pytest.mark.parametrize("key", PAGES)
def test_every_input_is_named_as_its_visible_label(demo_window: Any, key: str) -> None:
    page = demo_window.show_page(key)
    if key == "night":
        page.details_button.setChecked(True)  # the sleep details are inputs too
    if key == "insights":
        page.select_period("Custom…")  # the From and To dates
    named = buddies(page)
    inputs = [w for w in page.findChildren(QWidget) if is_input(w)]
    if key != "history":  # History is a table of nights, with no fields
        assert inputs, f"no inputs found on {key}"
    problems = []
    for widget in inputs:
        name = widget.accessibleName()
        if isinstance(widget, QAbstractButton):  # a check box is its own label
            expected = visible_text(widget.text())
        else:
            expected = named.get(id(widget))
        where = f"{key}: {type(widget).__name__} {name!r}"
        if not name:
            problems.append(f"{where} has no accessible name")
        elif expected is not None and name != expected:
            problems.append(f"{where} is labelled {expected!r}")
        elif expected is None and "_" in name:
            # no buddy label (a row's column header names it): still no made-up id
            problems.append(f"{where} looks like an internal name")
    assert not problems, "\n".join(problems)


def test_labels_with_buddies_name_their_inputs_on_the_night_form(demo_window: Any) -> None:
    page = demo_window.show_page("night")
    page.details_button.setChecked(True)
    named = buddies(page)
    assert named[id(page.sleep)] == "Sleep hours" == page.sleep.accessibleName()
    assert named[id(page.tags.edit)] == "Tags" == page.tags.edit.accessibleName()
    assert named[id(page.severity)] == "RLS severity" == page.severity.accessibleName()
    assert named[id(page.details.latency)] == "Minutes to fall asleep"


@pytest.mark.parametrize(
    "percent",
    [
        100,
        150,
        200,
    ],
)
def test_no_page_scrolls_sideways_at_1024_by_768(demo_window: Any, qapp: Any, percent: int) -> None:
    demo_window.set_text_size(percent)
    demo_window.resize(1024, 768)
    wide = []
    for key in ("night", "history", "blood_tests", "treatments", "insights", "profile"):
        page = demo_window.show_page(key)
        if key == "night":
            # the medicine rows made again at this size (they once kept their 100 % widths)
            page.previous()
            page.next()
        for _ in range(20):
            qapp.processEvents()
        areas = [demo_window.stack.currentWidget(), *page.findChildren(QScrollArea)]
        areas += [getattr(page, "table", None)]
        for area in areas:
            if area is not None and area.horizontalScrollBar().isVisible():
                wide.append(f"{key}: {area.accessibleName() or type(area).__name__}")
    assert not wide, wide
