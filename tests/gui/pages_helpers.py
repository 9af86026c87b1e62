"""Page-test helpers: show one page as a window, type and choose from the keyboard, and read
what its labels say."""

from __future__ import annotations

import html
import re
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

W = TypeVar("W", bound=QWidget)


def show(qtbot: Any, page: W) -> W:
    """The page alone in a 1024 x 768 window, active and on screen."""
    qtbot.addWidget(page)
    page.resize(1024, 768)
    page.show()
    page.activateWindow()
    qtbot.waitExposed(page)
    return page


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_here(qtbot: Any, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def press(qtbot: Any, key: Any, modifier: Any = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifier)


def shown(label: QLabel) -> str:
    """A label's text as the user reads it (without the rich-text markup)."""
    return html.unescape(re.sub(r"<[^>]+>", "", label.text()))


def visible_errors(page: QWidget) -> list[str]:
    return [
        shown(w)
        for w in page.findChildren(QLabel)
        if w.accessibleName() == "Problem" and w.isVisible()
    ]


def choose(qtbot: Any, combo: Any, text: str) -> None:
    """Pick a combo item from the keyboard, as a user tabbing through the form would."""
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    raise AssertionError(f"{text!r} is not in the list")


def shown_insights(window: Any, qtbot: Any) -> Any:
    """The Insights page once its analysis is on it (worked out on a worker thread)."""
    page = window.show_page("insights")
    qtbot.waitUntil(
        lambda: page.headline.text().startswith("Best-response ferritin"), timeout=60000
    )
    return page
