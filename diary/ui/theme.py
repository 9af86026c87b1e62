"""Light or dark colours that follow the system, and a focus ring that is obvious in both.

The window uses the Fusion style everywhere (it draws the same on every platform and takes
any palette). The palette follows `QStyleHints.colorScheme()` and changes with it;
`RLS_DIARY_THEME=dark|light` overrides the system (tests, screenshots, a user's choice).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Literal, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QFontMetricsF, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QFocusFrame,
    QProxyStyle,
    QStyle,
    QStyleHintReturn,
    QStyleOption,
    QStyleOptionComplex,
    QWidget,
)

from diary.ui.text_size import base_point_size

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

ENV_THEME = "RLS_DIARY_THEME"
Scheme = Literal["light", "dark"]

_PLATFORM_PALETTE = "rls_diary_platform_palette"
_SCHEME_PROPERTY = "rls_diary_scheme"
FOCUS_RING_WIDTH = 3


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


_Option = TypeVar("_Option", bound=QStyleOption)

_INDICATORS = (
    QStyle.PixelMetric.PM_IndicatorWidth,
    QStyle.PixelMetric.PM_IndicatorHeight,
    QStyle.PixelMetric.PM_ExclusiveIndicatorWidth,
    QStyle.PixelMetric.PM_ExclusiveIndicatorHeight,
)


_BOXES = (
    QStyle.PrimitiveElement.PE_IndicatorCheckBox,
    QStyle.PrimitiveElement.PE_IndicatorRadioButton,
)
NON_TEXT_CONTRAST = 3.0  # WCAG 2.1, 1.4.11: what identifies a control, against its background


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def indicator_edge(palette: QPalette) -> QColor:
    """The edge of check boxes and radio buttons: the field colour moved toward the text
    colour just far enough to stand out at 3:1 from both the window and the field."""
    group = palette.currentColorGroup()
    base = palette.color(group, QPalette.ColorRole.Base)
    window = palette.color(group, QPalette.ColorRole.Window)
    text = palette.color(group, QPalette.ColorRole.Text)
    target = NON_TEXT_CONTRAST + 0.3  # a margin for antialiased pixels
    for step in range(41):
        t = 0.4 + step * 0.015
        edge = QColor.fromRgbF(
            base.redF() + (text.redF() - base.redF()) * t,
            base.greenF() + (text.greenF() - base.greenF()) * t,
            base.blueF() + (text.blueF() - base.blueF()) * t,
        )
        if min(contrast(edge, base), contrast(edge, window)) >= target:
            return edge
    return text


# Controls whose buttons and arrows Fusion sizes by the DPI of the option's font metrics.
_BY_DPI = (QStyle.ComplexControl.CC_SpinBox, QStyle.ComplexControl.CC_ComboBox)
_BY_DPI_CONTENTS = (QStyle.ContentsType.CT_SpinBox, QStyle.ContentsType.CT_ComboBox)
_METERS_PER_INCH = 0.0254


def text_scale(widget: QWidget | None) -> float:
    """How many times the platform's text size the widget's text is (1.0 at 100 %)."""
    app = QApplication.instance()
    font = widget.font() if widget is not None else QApplication.font()
    if not isinstance(app, QApplication) or font.pointSizeF() <= 0:
        return 1.0
    return font.pointSizeF() / base_point_size(app)


class FocusRingStyle(QProxyStyle):
    """Fusion, with room around controls for the focus ring (drawn as a solid ring in the
    highlight colour by RingFrameStyle), and check boxes, spin box buttons and drop-down
    arrows that grow with the text size."""

    def __init__(self) -> None:
        super().__init__("Fusion")
        self._devices: dict[int, QImage] = {}

    def _by_text_size(self, option: _Option, widget: QWidget | None) -> _Option:
        """`option` with font metrics whose DPI grows with the text size. Fusion draws spin
        box buttons, drop-down buttons and their arrows in fixed pixels times DPI / 96, so
        at 200 % text they would stay as small as at 100 %."""
        scale = text_scale(widget)
        font = widget.font() if widget is not None else QApplication.font()
        dpi = round(QFontMetricsF(font).fontDpi() * max(1.0, scale))
        if option is None or abs(option.fontMetrics.fontDpi() - dpi) < 1:
            return option
        device = self._devices.get(dpi)
        if device is None:
            from PySide6.QtGui import QImage  # only once text is larger than the platform's

            device = self._devices[dpi] = QImage(1, 1, QImage.Format.Format_ARGB32)
            device.setDotsPerMeterX(round(dpi / _METERS_PER_INCH))
            device.setDotsPerMeterY(round(dpi / _METERS_PER_INCH))
        scaled = type(option)(option)
        scaled.fontMetrics = QFontMetrics(font, device)
        return scaled

    def subControlRect(  # noqa: N802 (Qt override)
        self,
        control: QStyle.ComplexControl,
        option: QStyleOptionComplex,
        sub: QStyle.SubControl,
        widget: QWidget | None = None,
    ) -> QRect:
        if control in _BY_DPI:
            option = self._by_text_size(option, widget)
        return super().subControlRect(control, option, sub, widget)  # type: ignore[arg-type]

    def drawComplexControl(  # noqa: N802 (Qt override)
        self,
        control: QStyle.ComplexControl,
        option: QStyleOptionComplex,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if control in _BY_DPI:
            option = self._by_text_size(option, widget)
        super().drawComplexControl(control, option, painter, widget)

    def sizeFromContents(  # noqa: N802 (Qt override)
        self,
        kind: QStyle.ContentsType,
        option: QStyleOption | None,
        size: QSize,
        widget: QWidget | None = None,
    ) -> QSize:
        if kind in _BY_DPI_CONTENTS and option is not None:
            option = self._by_text_size(option, widget)
        return super().sizeFromContents(kind, option, size, widget)  # type: ignore[arg-type]

    def pixelMetric(  # noqa: N802 (Qt override)
        self,
        metric: QStyle.PixelMetric,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
    ) -> int:
        if metric in (
            QStyle.PixelMetric.PM_FocusFrameHMargin,
            QStyle.PixelMetric.PM_FocusFrameVMargin,
        ):
            return FOCUS_RING_WIDTH
        if metric in _INDICATORS:
            # Check boxes and radio buttons grow with the text size, as their labels do.
            base = super().pixelMetric(metric, option, widget)
            font = widget.font() if widget is not None else QApplication.font()
            return max(base, round(QFontMetrics(font).height() * 0.85))
        return super().pixelMetric(metric, option, widget)

    def drawPrimitive(  # noqa: N802 (Qt override)
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element in _BOXES and option.rect.width() >= 4:
            # Fusion outlines the box in a shade of the window colour, at 1.2:1 on a dark
            # window; a person must find it at 3:1 at least (WCAG non-text contrast).
            width = max(1.0, round(option.rect.height() / 9))
            edge = QRectF(option.rect).adjusted(width / 2, width / 2, -width / 2, -width / 2)
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(indicator_edge(option.palette), width))
            if element == QStyle.PrimitiveElement.PE_IndicatorRadioButton:
                painter.drawEllipse(edge)
            else:
                painter.drawRect(edge)
            painter.restore()


class RingFrameStyle(FocusRingStyle):
    """The focus ring's own style: how it is drawn and placed. Only the ring asks these, so
    they are not overridden in the application's style, which Qt asks thousands of times
    while building and painting a window (each a call into Python)."""

    def drawControl(  # noqa: N802 (Qt override)
        self,
        element: QStyle.ControlElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element == QStyle.ControlElement.CE_FocusFrame:
            painter.fillRect(option.rect, option.palette.color(QPalette.ColorRole.Highlight))
            return
        super().drawControl(element, option, painter, widget)

    def styleHint(  # noqa: N802 (Qt override)
        self,
        hint: QStyle.StyleHint,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
        returnData: QStyleHintReturn | None = None,  # noqa: N803 (Qt's name)
    ) -> int:
        # The ring's parent is the nearest scroll area's viewport (or the window), not the
        # field's own parent, which would clip it when the field fills that parent.
        if hint == QStyle.StyleHint.SH_FocusFrame_AboveWidget:
            return 1
        return super().styleHint(hint, option, widget, returnData)


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
