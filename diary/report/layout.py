"""Page geometry for the report: fonts, text measuring, and the items a page is made of.

Everything is measured in points (1/72 inch). The painter draws in tenths of a point and
fonts are sized in those units (pixel sizes), so a 9 pt font is 9 pt on any printer or PDF
whatever its resolution, and measuring and drawing agree.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF

from diary.report.sizes import TEXT_SIZES

SCALE = 10  # painter units per point
# Narrow, common sans faces first, so the footer's disclaimer fits one line at 9 pt.
FAMILIES = ["Arial", "Helvetica", "Liberation Sans", "Nimbus Sans", "DejaVu Sans"]
MIN_PT = 9
BLACK = "#000000"
DARK = "#333333"
RULE = "#8C8C8C"
SHADE = "#EDEDED"

WRAP = int(Qt.TextFlag.TextWordWrap)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
CENTER = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)


@dataclass(frozen=True, slots=True)
class Font:
    size: int  # points, never under MIN_PT
    bold: bool = False
    italic: bool = False


BODY = Font(10)
SMALL = Font(9)
SMALL_BOLD = Font(9, bold=True)
LABEL = Font(9, bold=True)
H1 = Font(16, bold=True)
H2 = Font(12, bold=True)
BIG = Font(14, bold=True)


@dataclass(frozen=True, slots=True)
class Typeface:
    """The font families and text size the report is laid out and painted with.

    Measuring and painting use the very same QFont (`qfont`), so a box measured for a text
    holds it on the page whatever face the system resolves the families to.
    """

    families: tuple[str, ...] = tuple(FAMILIES)
    percent: int = 100

    def qfont(self, font: Font) -> QFont:
        return _qfont(self.families, self.percent, font)

    def line_height(self, font: Font) -> float:
        return _metrics(self.families, self.percent, font).lineSpacing() / SCALE

    def text_width(self, text: str, font: Font) -> float:
        return _metrics(self.families, self.percent, font).horizontalAdvance(text) / SCALE

    def text_height(self, text: str, font: Font, width: float) -> float:
        """Height in points of `text` wrapped to `width` points (0 for no text)."""
        if not text:
            return 0.0
        return _text_height(self.families, self.percent, font, text, round(width * SCALE))


@functools.cache
def _qfont(families: tuple[str, ...], percent: int, font: Font) -> QFont:
    if font.size < MIN_PT:
        raise ValueError(f"report text must be at least {MIN_PT} pt, not {font.size}")
    if percent not in TEXT_SIZES:
        raise ValueError(f"report text size must be one of {TEXT_SIZES}, not {percent}")
    f = QFont()
    f.setFamilies(list(families))
    f.setStyleHint(QFont.StyleHint.SansSerif)
    f.setPixelSize(round(font.size * SCALE * percent / 100))
    f.setBold(font.bold)
    f.setItalic(font.italic)
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    f.setKerning(True)
    return f


@functools.cache
def _metrics(families: tuple[str, ...], percent: int, font: Font) -> QFontMetricsF:
    return QFontMetricsF(_qfont(families, percent, font))


@functools.lru_cache(maxsize=4096)
def _text_height(
    families: tuple[str, ...], percent: int, font: Font, text: str, width: int
) -> float:
    box = QRectF(0, 0, width, 1e7)
    rect = _metrics(families, percent, font).boundingRect(box, LEFT | WRAP, text)
    return rect.height() / SCALE


@dataclass(frozen=True, slots=True)
class Text:
    x: float
    y: float
    w: float
    h: float
    text: str
    font: Font = BODY
    flags: int = LEFT | WRAP
    color: str = BLACK


@dataclass(frozen=True, slots=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.5
    color: str = RULE


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    fill: str | None = None
    border: str | None = RULE
    border_width: float = 0.6


@dataclass(frozen=True, slots=True)
class Svg:
    x: float
    y: float
    w: float
    h: float
    data: bytes
    kind: str = ""


Item = Text | Rule | Box | Svg


@dataclass
class Page:
    items: list[Item] = field(default_factory=list)

    def add(self, *items: Item) -> None:
        self.items.extend(items)

    def texts(self) -> list[str]:
        return [i.text for i in self.items if isinstance(i, Text)]


@dataclass(frozen=True, slots=True)
class Frame:
    """The printable area in points; the body lies between the header and footer bands.

    The bands are measured for the typeface (`Frame.measured`), never guessed, so the
    disclaimer's lines always fit the footer."""

    width: float
    height: float
    header: float = 26.0
    footer: float = 22.0
    face: Typeface = Typeface()

    @property
    def body_top(self) -> float:
        return self.header

    @property
    def body_bottom(self) -> float:
        return self.height - self.footer
