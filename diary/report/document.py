"""`ReportDocument`: lays the report out for a page size and paints it on any paged device.

One painting routine serves the print preview, the printer and the PDF: `paint(device)`
takes a QPrinter or a QPdfWriter, reads its page size, lays the pages out for it (cached per
size) and draws them. Text is drawn as text (selectable and searchable in a PDF) and charts
as SVG through QSvgRenderer, so they stay vectors.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QByteArray, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtSvg import QSvgRenderer

from diary import APP_NAME
from diary.analysis import Analysis
from diary.files import atomic_target
from diary.records import DiaryContents
from diary.report.content import build_content, diary_span
from diary.report.figures import PRINT_STYLE, chart_image
from diary.report.layout import SCALE, Box, Frame, Page, Rule, Svg, Text, Typeface
from diary.report.pages import ChartSource, compose

MARGIN_MM = 15.0
NO_CLIP = int(Qt.TextFlag.TextDontClip)
# Vectors and text do not depend on it; hatch patterns are tiled at it, and at 1200 dpi
# they take seconds to draw.
PDF_DPI = 300


class Paper(StrEnum):
    A4 = "a4"
    LETTER = "letter"

    @property
    def page_size(self) -> QPageSize:
        size = QPageSize.PageSizeId.A4 if self is Paper.A4 else QPageSize.PageSizeId.Letter
        return QPageSize(size)

    @property
    def label(self) -> str:
        return "A4" if self is Paper.A4 else "US Letter"


def page_layout(paper: Paper) -> QPageLayout:
    margins = QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)
    return QPageLayout(
        paper.page_size, QPageLayout.Orientation.Portrait, margins, QPageLayout.Unit.Millimeter
    )


@dataclass(frozen=True, slots=True)
class ReportPeriod:
    start: date
    end: date


def default_period(contents: DiaryContents, today: date) -> ReportPeriod:
    """The whole diary (first to last record); today alone when the diary is empty."""
    span = diary_span(contents)
    return ReportPeriod(*span) if span else ReportPeriod(today, today)


@functools.cache
def chart_fonts() -> tuple[str, ...]:
    """Make matplotlib's own DejaVu Sans known to Qt, once per process.

    The charts' text is laid out by matplotlib in the font it bundles; painting it in that
    very font keeps every label where it was measured, also on systems without DejaVu."""
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    families: list[str] = []
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        font_id = QFontDatabase.addApplicationFont(str(folder / name))
        if font_id >= 0:
            families += QFontDatabase.applicationFontFamilies(font_id)
    return tuple(families)


class ReportDocument:
    """The report of one diary over one period, ready to paint on any paged device."""

    def __init__(
        self,
        contents: DiaryContents,
        start: date,
        end: date,
        today: date,
        analysis: Analysis | None = None,
        *,
        sleep_diary_weeks: int = 0,
        face: Typeface | None = None,
    ) -> None:
        """`sleep_diary_weeks` (0, 2 or 4) adds the printed sleep diary; `face` chooses the
        font families and text size (percent)."""
        if end < start:
            start, end = end, start
        # Where the time goes (seconds), for `make bench`: content, each chart, each page.
        self.timings: dict[str, float] = {}
        began = time.perf_counter()
        self.content, self.analysis = build_content(
            contents, start, end, today, analysis, sleep_diary_weeks
        )
        self.timings["analysis and content"] = time.perf_counter() - began
        self.face = face or Typeface()
        chart_fonts()
        self._contents = contents
        self._pages: dict[tuple[int, int], list[Page]] = {}
        self._svgs: dict[tuple[str, int, int], bytes] = {}

    def _chart(self, kind: str, width: float, height: float) -> bytes:
        key = (kind, round(width * 10), round(height * 10))
        if key not in self._svgs:
            period = (self.content.start, self.content.end)
            began = time.perf_counter()
            self._svgs[key] = chart_image(
                kind, self.analysis, self._contents, period, width, height, PRINT_STYLE
            ).svg
            self._tick(f"chart {kind}", began)
        return self._svgs[key]

    def _tick(self, what: str, began: float) -> None:
        self.timings[what] = self.timings.get(what, 0.0) + time.perf_counter() - began

    def pages_for(self, width_pt: float, height_pt: float) -> list[Page]:
        """The laid-out pages for a printable area of this size (points)."""
        key = (round(width_pt * 10), round(height_pt * 10))
        if key not in self._pages:
            charts: ChartSource = self._chart
            frame = Frame(width_pt, height_pt, face=self.face)
            began = time.perf_counter()
            charts_before = sum(v for k, v in self.timings.items() if k.startswith("chart "))
            self._pages[key] = compose(self.content, charts, frame)
            charts_after = sum(v for k, v in self.timings.items() if k.startswith("chart "))
            self._tick("layout (without charts)", began + charts_after - charts_before)
        return self._pages[key]

    def pages_for_layout(self, layout: QPageLayout) -> list[Page]:
        rect = layout.paintRect(QPageLayout.Unit.Point)
        return self.pages_for(rect.width(), rect.height())

    def paint(self, device: QPagedPaintDevice) -> int:
        """Paint every page on `device` (QPrinter or QPdfWriter); returns the page count."""
        pages = self.pages_for_layout(device.pageLayout())
        painter = QPainter()
        if not painter.begin(device):
            raise RuntimeError("the page device could not be opened for painting")
        try:
            for i, page in enumerate(pages):
                began = time.perf_counter()
                if i:
                    device.newPage()  # writes out the page before: counted with it
                    self._tick(f"paint page {i}", began)
                    began = time.perf_counter()
                paint_page(painter, device, page, self.face)
                self._tick(f"paint page {i + 1}", began)
        finally:
            began = time.perf_counter()
            painter.end()
            self._tick(f"paint page {len(pages)}", began)
        return len(pages)


def paint_page(painter: QPainter, device: QPagedPaintDevice, page: Page, face: Typeface) -> None:
    """Draw one laid-out page; the origin is the top-left of the printable area."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    per_point = device.logicalDpiX() / 72.0
    painter.scale(per_point / SCALE, device.logicalDpiY() / 72.0 / SCALE)
    font, color = None, None  # set only when they change: fewer calls into Qt
    for item in page.items:
        if isinstance(item, Text):
            if item.font != font:
                font = item.font
                painter.setFont(face.qfont(font))
            if item.color != color:
                color = item.color
                painter.setPen(QColor(color))
            rect = QRectF(item.x * SCALE, item.y * SCALE, item.w * SCALE, item.h * SCALE)
            # Boxes are measured with this very font; should a face still differ, the text
            # runs on rather than being cut off (the layout tests catch any overlap).
            painter.drawText(rect, item.flags | NO_CLIP, item.text)
        elif isinstance(item, Rule):
            pen = QPen(QColor(item.color))
            pen.setWidthF(item.width * SCALE)
            painter.setPen(pen)
            painter.drawLine(
                QPointF(item.x1 * SCALE, item.y1 * SCALE), QPointF(item.x2 * SCALE, item.y2 * SCALE)
            )
            color = None
        elif isinstance(item, Box):
            rect = QRectF(item.x * SCALE, item.y * SCALE, item.w * SCALE, item.h * SCALE)
            painter.setBrush(QBrush(QColor(item.fill)) if item.fill else QBrush())
            if item.border:
                pen = QPen(QColor(item.border))
                pen.setWidthF(item.border_width * SCALE)
                painter.setPen(pen)
            else:
                painter.setPen(QColor(0, 0, 0, 0))
            painter.drawRect(rect)
            painter.setBrush(QBrush())
            color = None
        elif isinstance(item, Svg):
            rect = QRectF(item.x * SCALE, item.y * SCALE, item.w * SCALE, item.h * SCALE)
            painter.save()
            painter.setClipRect(rect)  # nothing a chart draws may run onto the page around it
            # The chart's text takes what its SVG does not say (weight, style) from the
            # painter's font: a plain one, not the heading drawn before it.
            painter.setFont(QFont())
            QSvgRenderer(QByteArray(item.data)).render(painter, rect)
            painter.restore()
            font, color = None, None
    painter.restore()


def pdf_writer(path: Path, paper: Paper, title: str) -> QPdfWriter:
    writer = QPdfWriter(str(path))
    writer.setPageLayout(page_layout(paper))
    writer.setResolution(PDF_DPI)
    writer.setTitle(title)
    writer.setCreator(APP_NAME)
    return writer


def write_pdf(document: ReportDocument, path: Path, paper: Paper) -> int:
    """Write the report as a PDF, whole or not at all; returns the page count."""
    title = f"{APP_NAME} report: {document.content.patient_line}, {document.content.period_line}"
    with atomic_target(path, "the report") as tmp:
        writer = pdf_writer(tmp, paper, title)
        pages = document.paint(writer)
        del writer  # closes the file
    return pages
