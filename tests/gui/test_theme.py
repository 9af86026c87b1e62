"""Light and dark colours follow the system (or RLS_DIARY_THEME); the focus ring is visible."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from diary.ui import theme
from diary.ui.app import ensure_app
from diary.ui.theme import ENV_THEME, apply_scheme, apply_theme, current_scheme


def window_lightness(app: QApplication) -> int:
    return app.palette().color(QPalette.ColorRole.Window).lightness()


def contrast(palette: QPalette, fg: QPalette.ColorRole, bg: QPalette.ColorRole) -> int:
    return abs(palette.color(fg).lightness() - palette.color(bg).lightness())


@pytest.fixture(autouse=True)
def _light_afterwards(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(ENV_THEME, raising=False)
    yield
    monkeypatch.delenv(ENV_THEME, raising=False)
    apply_scheme(qapp, "light")


@pytest.mark.parametrize("wanted", ["dark", "light"])
def test_the_environment_override_picks_the_palette(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch, wanted: str
) -> None:
    monkeypatch.setenv(ENV_THEME, wanted)
    ensure_app()
    assert current_scheme(qapp) == wanted
    dark = window_lightness(qapp) < 128
    assert dark == (wanted == "dark")
    palette = qapp.palette()
    # text stays readable on its own backgrounds in either theme
    assert contrast(palette, QPalette.ColorRole.WindowText, QPalette.ColorRole.Window) > 120
    assert contrast(palette, QPalette.ColorRole.Text, QPalette.ColorRole.Base) > 120
    assert contrast(palette, QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button) > 100


def test_the_window_follows_the_system_switching_to_dark_and_back(
    qapp: QApplication, make_window: Any, tmp_path: Path
) -> None:
    apply_theme(qapp)
    window = make_window(tmp_path / "d.sqlite")
    assert window_lightness(qapp) >= 128  # the offscreen platform is light
    qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    qapp.processEvents()
    assert current_scheme(qapp) == "dark"
    assert window.palette().color(QPalette.ColorRole.Window).lightness() < 128
    page = window.show_page("night")
    assert page.palette().color(QPalette.ColorRole.Base).lightness() < 128
    qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    qapp.processEvents()
    assert window.palette().color(QPalette.ColorRole.Window).lightness() >= 128


def test_an_override_wins_over_the_system(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_THEME, "light")
    apply_theme(qapp)
    qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert current_scheme(qapp) == "light"
    assert window_lightness(qapp) >= 128


def test_unknown_scheme_keeps_a_dark_platform_palette() -> None:
    dark = theme.dark_palette()
    assert theme._scheme_of(Qt.ColorScheme.Unknown, dark) == "dark"
    assert theme._scheme_of(Qt.ColorScheme.Unknown, QPalette()) == "light"
    assert theme._scheme_of(Qt.ColorScheme.Dark, QPalette()) == "dark"


def test_the_chosen_severity_follows_a_theme_switch(
    qapp: QApplication, make_window: Any, tmp_path: Path, ask: Any
) -> None:
    window = make_window(tmp_path / "d.sqlite")
    page = window.show_page("night")
    page.severity.set_value(4)
    chosen = page.severity.group.button(4)
    apply_scheme(qapp, "dark")
    qapp.processEvents()
    dark_highlight = qapp.palette().color(QPalette.ColorRole.Highlight)
    assert chosen.palette().color(QPalette.ColorRole.Button) == dark_highlight
    other = page.severity.group.button(5)
    assert other.palette().color(QPalette.ColorRole.Button).lightness() < 128
    ask.answers = ["Discard"]  # the unsaved severity, when the window closes


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_focus_draws_a_ring_in_the_highlight_colour_around_the_focused_field(
    qapp: QApplication, qtbot: Any, scheme: str
) -> None:
    apply_theme(qapp)
    apply_scheme(qapp, scheme)
    window = QWidget()
    layout = QVBoxLayout(window)
    layout.setContentsMargins(20, 20, 20, 20)
    first, second = QLineEdit(), QLineEdit()
    layout.addWidget(first)
    layout.addWidget(second)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    second.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: second.hasFocus(), timeout=2000)
    qapp.processEvents()
    image = window.grab().toImage()
    ratio = image.devicePixelRatio()  # the image is in device pixels (1.5 per pixel at 150 %)

    def at(x: int, y: int) -> int:
        """The colour in the middle of the window's pixel (x, y)."""
        return image.pixelColor(int((x + 0.5) * ratio), int((y + 0.5) * ratio)).rgb()

    highlight = qapp.palette().color(QPalette.ColorRole.Highlight).rgb()
    geometry = second.geometry()
    # just outside the focused field, on each side, the ring is painted
    middle_y = geometry.center().y()
    for x, y in (
        (geometry.left() - 2, middle_y),
        (geometry.right() + 2, middle_y),
        (geometry.center().x(), geometry.top() - 2),
        (geometry.center().x(), geometry.bottom() + 2),
    ):
        assert at(x, y) == highlight, (x, y)
    # and not around the other field
    other = first.geometry()
    assert at(other.left() - 2, other.center().y()) != highlight


def test_the_style_answers_metrics_in_python_only_above_100_percent(qapp) -> None:
    """Qt asks the application's style about a thousand metrics while it builds the window,
    each one a call into Python when the style overrides it: at 100 % nothing needs them."""
    from PySide6.QtWidgets import QProxyStyle, QStyle

    from diary.ui.styles import FOCUS_RING_WIDTH, LargeTextStyle, RingFrameStyle
    from diary.ui.text_size import apply_text_size

    measured_in_python = ("pixelMetric", "sizeFromContents", "subControlRect")
    apply_theme(qapp)
    try:
        apply_text_size(qapp, 100)
        style = type(qapp.style())
        assert [
            m for m in measured_in_python if getattr(style, m) is not getattr(QProxyStyle, m)
        ] == []
        apply_text_size(qapp, 200)
        assert isinstance(qapp.style(), LargeTextStyle)
    finally:
        apply_text_size(qapp, 100)
    assert not isinstance(qapp.style(), LargeTextStyle)
    ring = RingFrameStyle()
    assert ring.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) == FOCUS_RING_WIDTH
