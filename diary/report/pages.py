"""The report laid out on pages: a fixed summary page, then the detail flowing over the rest.

Page 1 is fixed like a one-page glucose profile: who and when, the key numbers, the timeline
(severity and ferritin rows) and symptoms-against-ferritin charts with a reading of each, and
what is taken now. The detail pages flow, starting with the full timeline: tables split
between rows (the header row repeats), charts never split.
Every page gets the patient's name, "Page n of N" and the disclaimer.
"""

from __future__ import annotations

from collections.abc import Callable

from diary import DISCLAIMER
from diary.report.content import KeyNumber, ReportContent, Table
from diary.report.layout import (
    BIG,
    BODY,
    CENTER,
    DARK,
    H1,
    H2,
    LABEL,
    LEFT,
    RIGHT,
    SHADE,
    SMALL,
    SMALL_BOLD,
    WRAP,
    Box,
    Font,
    Frame,
    Page,
    Rule,
    Svg,
    Text,
    line_height,
    text_height,
)
from diary.report.text import day

# (kind, width pt, height pt) -> SVG bytes of that chart at that size (figures.BUILDERS).
ChartSource = Callable[[str, float, float], bytes]

GAP = 8.0
PAD = 3.0
KEY_COLUMNS = 4
DETAIL_CHART_HEIGHT = 270.0
# The full timeline's four rows (severity, sleep, ferritin, intake bands) need more height.
TIMELINE_HEIGHT = 470.0
CHART_TITLES = {
    "timeline": "Symptoms, sleep, iron and treatments over time",
    "after_infusion": "Symptoms and ferritin around each infusion",
    "sleep": "Sleep",
}


def _text(page: Page, x: float, y: float, w: float, text: str, font: Font, **kw: object) -> float:
    """Add wrapped text; returns its height."""
    h = text_height(text, font, w)
    page.add(Text(x, y, w, h, text, font, **kw))  # type: ignore[arg-type]
    return h


def _key_cell(k: KeyNumber, w: float) -> float:
    inner = w - 2 * PAD
    return (
        2 * PAD
        + text_height(k.label, LABEL, inner)
        + line_height(BIG)
        + text_height(k.detail, SMALL, inner)
    )


def _key_numbers(page: Page, keys: tuple[KeyNumber, ...], y: float, width: float) -> float:
    w = (width - (KEY_COLUMNS - 1) * PAD) / KEY_COLUMNS
    top = y
    for row_start in range(0, len(keys), KEY_COLUMNS):
        row = keys[row_start : row_start + KEY_COLUMNS]
        h = max(_key_cell(k, w) for k in row)
        for col, k in enumerate(row):
            x = col * (w + PAD)
            page.add(Box(x, y, w, h))
            cy = y + PAD
            cy += _text(page, x + PAD, cy, w - 2 * PAD, k.label, LABEL, color=DARK)
            page.add(Text(x + PAD, cy, w - 2 * PAD, line_height(BIG), k.value, BIG, LEFT))
            cy += line_height(BIG)
            _text(page, x + PAD, cy, w - 2 * PAD, k.detail, SMALL, color=DARK)
        y += h + PAD
    return y - top


def summary_page(content: ReportContent, charts: ChartSource, frame: Frame) -> Page:
    page = Page()
    w = frame.width
    y = frame.body_top + 2
    page.add(Text(0, y, w, line_height(H1), "RLS Diary report", H1, LEFT))
    page.add(Text(0, y + 4, w, line_height(SMALL), f"Printed {day(content.printed)}", SMALL, RIGHT))
    y += line_height(H1) + 2
    y += _text(page, 0, y, w, content.patient_line, H2)
    about = f"Period: {content.period_line}"
    if content.clinician:
        about += f"   ·   Clinician: {content.clinician}"
    y += _text(page, 0, y, w, about, BODY) + GAP
    y += _key_numbers(page, content.key_numbers, y, w) + GAP - PAD

    taking = "; ".join(content.current_intake) or "nothing logged in the last two weeks"
    intake_h = text_height(f"Taking now: {taking}", BODY, w)
    readings = [content.readings.get(k, "") for k in ("timeline", "ferritin_response")]
    reading_h = [text_height(r, SMALL, w) for r in readings]
    room = frame.body_bottom - y - intake_h - sum(reading_h) - 4 * PAD - GAP
    heights = (room * 0.55, room * 0.45)
    # Page 1's timeline has the severity and ferritin rows only; the full one is on page 2.
    for kind, h, reading, rh in zip(
        ("timeline_summary", "ferritin_response"), heights, readings, reading_h, strict=True
    ):
        page.add(Svg(0, y, w, h, charts(kind, w, h), kind))
        y += h + PAD
        page.add(Text(0, y, w, rh, reading, SMALL, LEFT | WRAP, DARK))
        y += rh + PAD + GAP / 2
    page.add(Text(0, y, w, intake_h, f"Taking now: {taking}", BODY, LEFT | WRAP))
    return page


class Flow:
    """Places blocks one under another, starting a new page when the next does not fit."""

    def __init__(self, frame: Frame) -> None:
        self.frame = frame
        self.pages: list[Page] = []
        self.y = frame.body_bottom  # forces a first page

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def new_page(self) -> None:
        self.pages.append(Page())
        self.y = self.frame.body_top + 2

    def need(self, h: float) -> None:
        if self.y + h > self.frame.body_bottom:
            self.new_page()

    def heading(self, text: str, keep: float = 0.0) -> None:
        h = line_height(H2) + PAD
        self.need(h + keep)
        self.page.add(Text(0, self.y, self.frame.width, line_height(H2), text, H2, LEFT))
        self.y += h

    def paragraph(self, text: str, font: Font = SMALL, color: str = DARK) -> None:
        h = text_height(text, font, self.frame.width)
        self.need(h)
        self.page.add(Text(0, self.y, self.frame.width, h, text, font, LEFT | WRAP, color))
        self.y += h + PAD

    def chart(
        self,
        kind: str,
        title: str,
        reading: str,
        charts: ChartSource,
        height: float = DETAIL_CHART_HEIGHT,
    ) -> None:
        w = self.frame.width
        rh = text_height(reading, SMALL, w)
        body = self.frame.body_bottom - self.frame.body_top
        h = min(height, body - rh - line_height(H2) - 4 * PAD)
        self.heading(title, keep=h + rh + PAD)
        self.page.add(Svg(0, self.y, w, h, charts(kind, w, h), kind))
        self.y += h + PAD
        self.page.add(Text(0, self.y, w, rh, reading, SMALL, LEFT | WRAP, DARK))
        self.y += rh + GAP * 2

    def table(self, table: Table) -> None:
        w = self.frame.width
        total = sum(table.widths)
        widths = [w * t / total for t in table.widths]
        xs = [sum(widths[:i]) for i in range(len(widths))]

        def row_height(cells: tuple[str, ...], font: Font) -> float:
            inner = max(
                text_height(c, font, cw - 2 * PAD) for c, cw in zip(cells, widths, strict=True)
            )
            return max(inner, line_height(font)) + 2 * PAD

        def cells(values: tuple[str, ...], font: Font, h: float, shade: bool) -> None:
            if shade:
                self.page.add(Box(0, self.y, w, h, fill=SHADE, border=None))
            for x, cw, value in zip(xs, widths, values, strict=True):
                self.page.add(Text(x + PAD, self.y + PAD, cw - 2 * PAD, h - 2 * PAD, value, font))
            self.y += h
            self.page.add(Rule(0, self.y, w, self.y))

        header_h = row_height(table.columns, SMALL_BOLD)
        first = row_height(table.rows[0], SMALL) if table.rows else line_height(SMALL)
        intro_h = text_height(table.intro, SMALL, w) + PAD if table.intro else 0.0
        self.heading(table.title, keep=intro_h + header_h + first)
        if table.intro:
            self.paragraph(table.intro)
        if not table.rows:
            self.paragraph(table.empty, BODY)
            self.y += GAP
            return
        cells(table.columns, SMALL_BOLD, header_h, shade=True)
        for row in table.rows:
            h = row_height(row, SMALL)
            if self.y + h > self.frame.body_bottom:
                self.new_page()
                self.page.add(
                    Text(
                        0,
                        self.y,
                        w,
                        line_height(SMALL_BOLD),
                        f"{table.title} (continued)",
                        SMALL_BOLD,
                        LEFT,
                    )
                )
                self.y += line_height(SMALL_BOLD) + PAD
                cells(table.columns, SMALL_BOLD, header_h, shade=True)
            cells(row, SMALL, h, shade=False)
        self.y += GAP * 2


TIMELINE_READING = (
    "The timeline of page 1 with every row: hours asleep under the severity, and a band "
    "for each day a medicine or an iron supplement was logged."
)


def detail_pages(content: ReportContent, charts: ChartSource, frame: Frame) -> list[Page]:
    flow = Flow(frame)
    labs, infusions, changes, notes = content.tables
    flow.chart(
        "timeline",
        CHART_TITLES["timeline"],
        TIMELINE_READING,
        charts,
        TIMELINE_HEIGHT,
    )
    flow.table(labs)
    flow.table(infusions)
    flow.chart(
        "after_infusion",
        CHART_TITLES["after_infusion"],
        content.readings.get("after_infusion", ""),
        charts,
    )
    flow.table(changes)
    flow.chart("sleep", CHART_TITLES["sleep"], content.readings.get("sleep", ""), charts)
    flow.table(notes)
    return flow.pages


def decorate(pages: list[Page], content: ReportContent, frame: Frame) -> None:
    """Header (name, period, page number) and footer (disclaimer) on every page."""
    w = frame.width
    n = len(pages)
    lh = line_height(SMALL)
    for i, page in enumerate(pages, start=1):
        number = f"Page {i} of {n}"
        page.add(
            Text(
                0,
                0,
                w * 0.8,
                lh,
                f"{content.patient_line}  ·  RLS Diary report, {content.period_line}",
                SMALL_BOLD,
                LEFT,
            ),
            Text(w * 0.8, 0, w * 0.2, lh, number, SMALL, RIGHT),
            Rule(0, lh + 4, w, lh + 4),
        )
        fy = frame.height - frame.footer + 6
        page.add(
            Rule(0, fy - 3, w, fy - 3),
            Text(0, fy, w, frame.footer - 6, DISCLAIMER, SMALL, CENTER | WRAP, DARK),
        )


def compose(content: ReportContent, charts: ChartSource, frame: Frame) -> list[Page]:
    pages = [summary_page(content, charts, frame), *detail_pages(content, charts, frame)]
    decorate(pages, content, frame)
    return pages
