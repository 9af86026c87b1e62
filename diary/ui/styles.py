"""The window's Fusion styles: check boxes at 3:1 contrast, controls that grow with larger
text, and the focus ring's own style.

Each method a style overrides here is a call into Python every time Qt asks it, and Qt asks
the application's style about a thousand times while building the window. So the
application's style overrides only what every text size needs (drawing the check box edge);
what only larger text needs lives in LargeTextStyle, used above 100 % (text_size.py), and
what only the ring needs lives in RingFrameStyle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QFontMetricsF, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleHintReturn,
    QStyleOption,
    QStyleOptionComplex,
    QWidget,
)

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

FOCUS_RING_WIDTH = 3
NON_TEXT_CONTRAST = 3.0  # WCAG 2.1, 1.4.11: what identifies a control, against its background

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
# Controls whose buttons and arrows Fusion sizes by the DPI of the option's font metrics.
_BY_DPI = (QStyle.ComplexControl.CC_SpinBox, QStyle.ComplexControl.CC_ComboBox)
_BY_DPI_CONTENTS = (QStyle.ContentsType.CT_SpinBox, QStyle.ContentsType.CT_ComboBox)
_METERS_PER_INCH = 0.0254


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


def _font_of(widget: QWidget | None) -> QFont:
    return widget.font() if widget is not None else QApplication.font()


class FocusRingStyle(QProxyStyle):
    """Fusion, with check boxes and radio buttons outlined at 3:1 contrast (the focus ring
    itself is drawn by RingFrameStyle)."""

    def __init__(self) -> None:
        super().__init__("Fusion")

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


class LargeTextStyle(FocusRingStyle):
    """FocusRingStyle for text larger than the platform's: check boxes, radio buttons, spin
    box buttons and drop-down arrows grow with the text, as their labels do."""

    def __init__(self, base_point_size: float) -> None:
        super().__init__()
        self._base_point_size = base_point_size
        self._devices: dict[int, QImage] = {}

    def _by_text_size(self, option: _Option, widget: QWidget | None) -> _Option:
        """`option` with font metrics whose DPI grows with the text size. Fusion draws spin
        box buttons, drop-down buttons and their arrows in fixed pixels times DPI / 96, so
        at 200 % text they would stay as small as at 100 %."""
        font = _font_of(widget)
        # how many times the platform's text size the widget's text is
        scale = font.pointSizeF() / self._base_point_size if font.pointSizeF() > 0 else 1.0
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
        base = super().pixelMetric(metric, option, widget)
        if metric in _INDICATORS:
            return max(base, round(QFontMetrics(_font_of(widget)).height() * 0.85))
        return base


class RingFrameStyle(FocusRingStyle):
    """The focus ring's own style: how it is drawn and placed. Only the ring asks these, so
    they are not overridden in the application's style."""

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
            return FOCUS_RING_WIDTH  # how far the ring reaches outside the control
        return super().pixelMetric(metric, option, widget)

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
