"""Light or dark colours that follow the system, and a focus ring that is obvious in both.

The window uses the Fusion style everywhere (it draws the same on every platform and takes
any palette). The palette follows `QStyleHints.colorScheme()` and changes with it;
`RLS_DIARY_THEME=dark|light` overrides the system (tests, screenshots, a user's choice).
"""

from __future__ import annotations

import os
from typing import Literal

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QFocusFrame, QStyle, QWidget

from diary.ui.styles import FocusRingStyle, RingFrameStyle

ENV_THEME = "RLS_DIARY_THEME"
Scheme = Literal["light", "dark"]

_PLATFORM_PALETTE = "rls_diary_platform_palette"
_SCHEME_PROPERTY = "rls_diary_scheme"


def is_dark_palette(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def dark_palette() -> QPalette:
    """A calm dark palette with enough contrast for text, links, selections and disabled text."""
    p = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    colours = {
        role.Window: "#2b2d30",
        role.WindowText: "#e8e8e8",
        role.Base: "#1e1f22",
        role.AlternateBase: "#26282b",
        role.ToolTipBase: "#3c3f41",
        role.ToolTipText: "#f0f0f0",
        role.PlaceholderText: "#9a9ea4",
        role.Text: "#e8e8e8",
        role.Button: "#3a3d41",
        role.ButtonText: "#e8e8e8",
        role.BrightText: "#ff8a80",
        role.Light: "#505357",
        role.Midlight: "#45484c",
        role.Mid: "#34373a",
        role.Dark: "#1b1c1e",
        role.Shadow: "#0d0d0e",
        role.Highlight: "#4a90d9",
        role.HighlightedText: "#ffffff",
        role.Link: "#8ab4f8",
        role.LinkVisited: "#c58af9",
        role.Accent: "#4a90d9",
    }
    for r, value in colours.items():
        p.setColor(r, QColor(value))
    disabled = {
        role.WindowText: "#7f8388",
        role.Text: "#7f8388",
        role.ButtonText: "#7f8388",
        role.Base: "#26282b",
        role.Button: "#303235",
        role.Highlight: "#3d4650",
        role.HighlightedText: "#a0a4a8",
    }
    for r, value in disabled.items():
        p.setColor(group.Disabled, r, QColor(value))
    # Selections in an unfocused list stay readable, just quieter.
    p.setColor(group.Inactive, role.Highlight, QColor("#3d5a7a"))
    p.setColor(group.Inactive, role.HighlightedText, QColor("#f0f0f0"))
    return p


def light_palette(style: QStyle) -> QPalette:
    """Fusion's own light palette, with a highlight that reads as a focus colour."""
    p = QPalette(style.standardPalette())
    if is_dark_palette(p):  # a Fusion that already follows a dark system
        p = QPalette()
        p.setColor(QPalette.ColorRole.Window, QColor("#efefef"))
    return p


def wanted_scheme(app: QApplication) -> Scheme:
    """The override in $RLS_DIARY_THEME, else the system's scheme, else the platform palette."""
    override = os.environ.get(ENV_THEME, "").strip().lower()
    if override in ("dark", "light"):
        return override  # type: ignore[return-value]
    return _scheme_of(app.styleHints().colorScheme(), _platform_palette(app))


def _scheme_of(scheme: Qt.ColorScheme, platform: QPalette) -> Scheme:
    if scheme == Qt.ColorScheme.Dark:
        return "dark"
    if scheme == Qt.ColorScheme.Light:
        return "light"
    return "dark" if is_dark_palette(platform) else "light"


def _platform_palette(app: QApplication) -> QPalette:
    """The palette the platform gave before this module changed anything."""
    stored = app.property(_PLATFORM_PALETTE)
    if isinstance(stored, QPalette):
        return stored
    palette = QPalette(app.palette())
    app.setProperty(_PLATFORM_PALETTE, palette)
    return palette


def current_scheme(app: QApplication) -> Scheme:
    value = app.property(_SCHEME_PROPERTY)
    return "dark" if value == "dark" else "light"


def apply_scheme(app: QApplication, scheme: Scheme) -> None:
    """Fusion with a light or dark palette (the platform's own when it already matches)."""
    platform = _platform_palette(app)
    if not isinstance(app.style(), FocusRingStyle):
        app.setStyle(FocusRingStyle())
    if scheme == "dark":
        palette = platform if is_dark_palette(platform) else dark_palette()
    else:
        palette = light_palette(app.style())
    app.setPalette(palette)
    app.setProperty(_SCHEME_PROPERTY, scheme)


class FocusRing(QObject):
    """Follows the keyboard focus and draws a ring around the focused control, whatever it is
    (fields, buttons, the severity row, the page list), in the theme's highlight colour."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._frame: QFocusFrame | None = None
        self._style: RingFrameStyle | None = None  # the frame's (a widget's style is not owned)
        app.focusChanged.connect(self._focus_changed)

    def target(self) -> QWidget | None:
        frame = self._frame
        if frame is None or not shiboken6.isValid(frame):
            return None
        return frame.widget()

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        target = _ring_target(new)
        frame = self._frame
        if frame is not None and not shiboken6.isValid(frame):
            frame = self._frame = None  # its parent was deleted, and the frame with it
        if target is None:
            if frame is not None:
                frame.setWidget(None)  # type: ignore[arg-type]  # Qt accepts None: no widget
            return
        if frame is None:
            frame = self._frame = QFocusFrame()
            frame.setObjectName("rls_diary_focus_ring")
            if self._style is None:
                self._style = RingFrameStyle()
            frame.setStyle(self._style)
        frame.setWidget(target)


def _ring_target(widget: QWidget | None) -> QWidget | None:
    """The control to ring: the focused widget, or the scroll area around a text viewport."""
    if widget is None or widget.isWindow():
        return None
    parent = widget.parentWidget()
    if parent is None:
        return None
    if isinstance(parent, QAbstractScrollArea) and widget is parent.viewport():
        widget = parent
    window = widget.window()
    if window.windowType() in (Qt.WindowType.Popup, Qt.WindowType.ToolTip):
        return None  # menus and completer lists show their own current item
    if widget.parentWidget() is None:
        return None
    return widget


def apply_theme(app: QApplication) -> Scheme:
    """Colours from the override or the system, kept in step with the system from now on, and
    the focus ring; safe to call again (it only connects once)."""
    scheme = wanted_scheme(app)
    apply_scheme(app, scheme)
    if not app.property("rls_diary_theme_followed"):
        app.setProperty("rls_diary_theme_followed", True)
        app.styleHints().colorSchemeChanged.connect(lambda s: system_scheme_changed(app, s))
        FocusRing(app).setObjectName("rls_diary_focus_ring_follower")
    return scheme


def system_scheme_changed(app: QApplication, scheme: Qt.ColorScheme) -> None:
    """The system switched light/dark: follow it, unless $RLS_DIARY_THEME says otherwise."""
    if os.environ.get(ENV_THEME, "").strip().lower() in ("dark", "light"):
        return
    apply_scheme(app, _scheme_of(scheme, _platform_palette(app)))
