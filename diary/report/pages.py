"""The report laid out on pages: a fixed summary page, then the detail flowing over the rest.

Page 1 is fixed like a one-page glucose profile: who and when, one sentence, the key
numbers, the flags that apply, what is taken now, and the timeline and
symptoms-against-ferritin charts with a reading of each. The detail pages flow: blood
tests, infusion courses, venesections, medicine changes, sleep, the notes "for my doctor"
and, when chosen, the printed sleep diary. Tables split between rows (the header row
repeats), charts never split. Every text box is measured with the typeface it is painted
with; every page gets the running head, "Page n of N" and the disclaimer.
"""

from __future__ import annotations

from collections.abc import Callable

from diary import DISCLAIMER
from diary.report.content import ReportContent, Table
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
    Typeface,
)
from diary.report.numbers import KeyNumber
from diary.report.sleep_diary import Week
from diary.report.text import day

# (kind, width pt, height pt) -> SVG bytes of that chart at that size (figures.BUILDERS).
ChartSource = Callable[[str, float, float], bytes]

GAP = 8.0
PAD = 3.0
KEY_COLUMNS = 4
DETAIL_CHART_HEIGHT = 270.0
TALLER = {"after_infusion": 1.45}  # ferritin over severity: two panels
# Page 1's charts (the timeline with its severity and ferritin rows only) and the least
# height each needs for its rows' tick labels and axis labels not to collide.
SUMMARY_CHARTS = {"timeline_summary": 180.0, "ferritin_response": 130.0}
TAKING_NONE = "Nothing logged in the last two weeks of the period."
SLEEP_DIARY_NOTE = (
    "In the layout of the Consensus Sleep Diary, from the nights as logged; a blank is not "
    "recorded. Sleep quality runs from 1 (very poor) to 5 (very good); legs: RLS severity "
    "0 (none) to 10 (worst)."
)


class Flow:
    """Places blocks one under another, starting a new page when the next does not fit."""

    def __init__(self, frame: Frame, pages: list[Page] | None = None, y: float = 0.0) -> None:
        self.frame = frame
        self.face = frame.face
        self.pages: list[Page] = pages if pages is not None else []
        self.y = y if pages else frame.body_bottom  # no page yet: the first block starts one

    @property
    def page(self) -> Page:
        return self.pages[-1]

    @property
    def room(self) -> float:
        return self.frame.body_bottom - self.y

    def new_page(self) -> None:
        self.pages.append(Page())
        self.y = self.frame.body_top + 2

    def need(self, h: float) -> None:
        if self.y + h > self.frame.body_bottom:
            self.new_page()

    def text(
        self, x: float, w: float, text: str, font: Font, color: str = "#000000", flags: int = 0
    ) -> float:
        """Wrapped text at the current line (no page break); returns its measured height."""
        h = self.face.text_height(text, font, w)
        self.page.add(Text(x, self.y, w, h, text, font, (flags or LEFT) | WRAP, color))
        return h

    def heading(self, text: str, keep: float = 0.0) -> None:
        w = self.frame.width
        h = self.face.text_height(text, H2, w) + PAD
        self.need(h + keep)
        self.text(0, w, text, H2)
        self.y += h

    def paragraph(self, text: str, font: Font = SMALL, color: str = DARK) -> None:
        h = self.face.text_height(text, font, self.frame.width)
        self.need(h)
        self.text(0, self.frame.width, text, font, color)
        self.y += h + PAD

    def chart(self, kind: str, reading: str, charts: ChartSource) -> None:
        """A chart (it carries its own title) with its reading under it, never split."""
        w = self.frame.width
        rh = self.face.text_height(reading, SMALL, w)
        body = self.frame.body_bottom - self.frame.body_top
        h = min(DETAIL_CHART_HEIGHT * TALLER.get(kind, 1.0), body - rh - 4 * PAD)
        self.need(h + rh + PAD)
        self.page.add(Svg(0, self.y, w, h, charts(kind, w, h), kind))
        self.y += h + PAD
        if reading:
            self.text(0, w, reading, SMALL, DARK)
            self.y += rh
        self.y += GAP * 2

    def table(
        self, table: Table, body: Font = SMALL, after: float = GAP * 2, whole: bool = False
    ) -> None:
        """A titled table; `whole` starts a new page rather than split it, when it fits one."""
        w = self.frame.width
        face = self.face
        widths = column_widths(table, w, face, body)
        xs = [sum(widths[:i]) for i in range(len(widths))]

        def row_height(cells: tuple[str, ...], font: Font) -> float:
            inner = max(
                face.text_height(c, font, cw - 2 * PAD) for c, cw in zip(cells, widths, strict=True)
            )
            return max(inner, face.line_height(font)) + 2 * PAD

        def cells(values: tuple[str, ...], font: Font, h: float, shade: bool) -> None:
            if shade:
                self.page.add(Box(0, self.y, w, h, fill=SHADE, border=None))
            for x, cw, value in zip(xs, widths, values, strict=True):
                inner = face.text_height(value, font, cw - 2 * PAD)
                self.page.add(Text(x + PAD, self.y + PAD, cw - 2 * PAD, inner, value, font))
            self.y += h
            self.page.add(Rule(0, self.y, w, self.y))

        header_h = row_height(table.columns, SMALL_BOLD)
        first = row_height(table.rows[0], body) if table.rows else face.line_height(body)
        intro_h = face.text_height(table.intro, SMALL, w) + PAD if table.intro else 0.0
        keep = intro_h + header_h + first
        if whole:
            rows_h = sum(row_height(r, body) for r in table.rows)
            title_h = face.text_height(table.title, H2, w) + PAD
            if (
                title_h + intro_h + header_h + rows_h
                <= self.frame.body_bottom - self.frame.body_top
            ):
                keep = intro_h + header_h + rows_h
        self.heading(table.title, keep=keep)
        if table.intro:
            self.paragraph(table.intro)
        if not table.rows:
            self.paragraph(table.empty, BODY)
            self.y += after - PAD
            return
        cells(table.columns, SMALL_BOLD, header_h, shade=True)
        for row in table.rows:
            h = row_height(row, body)
            if self.y + h > self.frame.body_bottom:
                self.new_page()
                cont = f"{table.title} (continued)"
                self.y += self.text(0, w, cont, SMALL_BOLD) + PAD
                cells(table.columns, SMALL_BOLD, header_h, shade=True)
            cells(row, body, h, shade=False)
        self.y += after


def column_widths(table: Table, width: float, face: Typeface, body: Font) -> list[float]:
    """Widths in proportion to `table.widths`, but never narrower than a column's longest
    word (a word cannot wrap: it would run into the next column)."""
    columns = list(zip(table.columns, *table.rows, strict=True))
    need = [
        max(
            (
                face.text_width(word, SMALL_BOLD if k == 0 else body)
                for k, cell in enumerate(col)
                for word in cell.split()
            ),
            default=0.0,
        )
        + 2 * PAD
        + 1
        for col in columns
    ]
    if sum(need) >= width:  # cannot honour every word: share the width by need
        return [width * n / sum(need) for n in need]
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(len(need)) if i not in fixed]
        room = width - sum(fixed.values())
        share = sum(table.widths[i] for i in free)
        widths = {i: room * table.widths[i] / share for i in free}
        short = [i for i in free if widths[i] < need[i]]
        if not short or len(short) == len(free):
            widths.update(fixed)
            return [widths[i] for i in range(len(need))]
        for i in short:
            fixed[i] = need[i]


def _key_numbers(flow: Flow, keys: tuple[KeyNumber, ...]) -> None:
    face = flow.face
    w = (flow.frame.width - (KEY_COLUMNS - 1) * PAD) / KEY_COLUMNS
    inner = w - 2 * PAD
    for row_start in range(0, len(keys), KEY_COLUMNS):
        row = keys[row_start : row_start + KEY_COLUMNS]
        parts = [
            (
                face.text_height(k.label, LABEL, inner),
                face.text_height(k.value, BIG, inner),
                face.text_height(k.detail, SMALL, inner),
            )
            for k in row
        ]
        h = max(sum(p) for p in parts) + 2 * PAD
        y = flow.y
        for col, (k, (lh, vh, _dh)) in enumerate(zip(row, parts, strict=True)):
            x = col * (w + PAD)
            flow.page.add(Box(x, y, w, h))
            flow.y = y + PAD
            flow.text(x + PAD, inner, k.label, LABEL, DARK)
            flow.y += lh
            flow.text(x + PAD, inner, k.value, BIG)
            flow.y += vh
            flow.text(x + PAD, inner, k.detail, SMALL, DARK)
        flow.y = y + h + PAD


def _flags(flow: Flow, flags: tuple[str, ...]) -> None:
    """The flags that apply, one shaded box."""
    if not flags:
        return
    w = flow.frame.width
    heights = [flow.face.text_height(f, SMALL, w - 2 * PAD) for f in flags]
    flow.page.add(Box(0, flow.y, w, sum(heights) + 2 * PAD, fill=SHADE, border=None))
    flow.y += PAD
    for f, h in zip(flags, heights, strict=True):
        flow.text(PAD, w - 2 * PAD, f, SMALL)
        flow.y += h
    flow.y += PAD + PAD


def _taking_table(content: ReportContent) -> Table:
    """Generic name, the names as typed, the daily dose; two to a row when there are more
    than two, so a long list does not push the charts off page 1."""
    columns = ("Medicine or supplement", "Name as typed", "Daily dose")
    rows = [(t.generic, t.as_typed, t.daily) for t in content.taking]
    if len(rows) <= 2:
        return Table("Taking now", columns, (2.2, 2.2, 2.6), tuple(rows), TAKING_NONE)
    half = (len(rows) + 1) // 2
    left, right = rows[:half], rows[half:] + [("", "", "")] * (half - len(rows[half:]))
    return Table(
        "Taking now",
        ("Name", "As typed", "Daily dose") * 2,
        (1.35, 1.0, 1.15) * 2,
        tuple(a + b for a, b in zip(left, right, strict=True)),
        TAKING_NONE,
    )


def summary_page(content: ReportContent, charts: ChartSource, frame: Frame) -> list[Page]:
    """Page 1 (a second page only if it could not hold it all: the tests forbid that)."""
    flow = Flow(frame)
    flow.new_page()
    face, w = flow.face, frame.width
    # The running head already says "RLS Diary report": page 1 opens with who and when.
    flow.y += flow.text(0, w, content.patient_line, H1)
    about = f"Period: {content.period_line}"
    if content.clinician:
        about += f"   ·   Clinician: {content.clinician}"
    about += f"   ·   Printed {day(content.printed)}"
    flow.y += flow.text(0, w, about, BODY) + PAD
    flow.y += flow.text(0, w, content.summary, BODY) + GAP
    _key_numbers(flow, content.key_numbers)
    flow.y += GAP - PAD
    _flags(flow, content.flags)
    flow.y += PAD
    flow.table(_taking_table(content), after=GAP)
    readings = [content.readings[k.removesuffix("_summary")] for k in SUMMARY_CHARTS]
    reading_h = [face.text_height(r, SMALL, w) for r in readings]
    room = flow.room - sum(reading_h) - 4 * PAD - GAP
    if room < sum(SUMMARY_CHARTS.values()):
        # Never squeeze a chart until its labels collide: at the largest text sizes the
        # two charts move to a page of their own.
        flow.new_page()
        room = flow.room - sum(reading_h) - 4 * PAD - GAP
    spare = room - sum(SUMMARY_CHARTS.values())
    for (kind, least), reading, rh in zip(SUMMARY_CHARTS.items(), readings, reading_h, strict=True):
        h = least + spare * (0.55 if kind == "timeline_summary" else 0.45)
        flow.page.add(Svg(0, flow.y, w, h, charts(kind, w, h), kind))
        flow.y += h + PAD
        flow.text(0, w, reading, SMALL, DARK)
        flow.y += rh + PAD + GAP / 2
    return flow.pages


def _sleep_week(flow: Flow, week: Week, first_of_page: bool) -> None:
    table = Table(
        week.title,
        ("", *week.days),
        (1.7, *([1.0] * len(week.days))),
        week.rows,
        "",
        SLEEP_DIARY_NOTE if first_of_page else "",
    )
    flow.table(table, body=BODY, after=GAP * 3, whole=True)


def detail_pages(content: ReportContent, charts: ChartSource, frame: Frame) -> list[Page]:
    flow = Flow(frame)
    labs, courses, venesections, changes, notes = content.tables
    flow.table(labs)
    flow.table(courses)
    if content.infusions_in_period:
        flow.chart("after_infusion", content.readings["after_infusion"], charts)
    if venesections.rows:
        flow.table(venesections)
    flow.table(changes)
    flow.chart("sleep", content.readings["sleep"], charts)
    flow.table(notes)
    for k, week in enumerate(content.sleep_diary):
        if k % 2 == 0:
            flow.new_page()  # two weeks a page, as the paper diary
        _sleep_week(flow, week, first_of_page=k % 2 == 0)
    return flow.pages


def measured_frame(content: ReportContent, width: float, height: float, frame: Frame) -> Frame:
    """The frame with header and footer bands measured for this content and typeface."""
    face = frame.face
    number_w = face.text_width("Page 99 of 99", SMALL) + GAP
    head = face.text_height(content.header_line, SMALL_BOLD, width - number_w) + 8
    foot = face.text_height(DISCLAIMER, SMALL, width) + 8
    return Frame(width, height, head, foot, face)


def decorate(pages: list[Page], content: ReportContent, frame: Frame) -> None:
    """Header (name, period, page number) and footer (disclaimer) on every page."""
    face, w = frame.face, frame.width
    n = len(pages)
    number_w = face.text_width("Page 99 of 99", SMALL) + GAP
    head_h = frame.header - 8
    foot_h = frame.footer - 8
    for i, page in enumerate(pages, start=1):
        number = f"Page {i} of {n}"
        page.add(
            Text(0, 0, w - number_w, head_h, content.header_line, SMALL_BOLD, LEFT | WRAP),
            Text(w - number_w, 0, number_w, face.line_height(SMALL), number, SMALL, RIGHT),
            Rule(0, head_h + 4, w, head_h + 4),
        )
        fy = frame.height - frame.footer + 6
        page.add(
            Rule(0, fy - 3, w, fy - 3),
            Text(0, fy, w, foot_h, DISCLAIMER, SMALL, CENTER | WRAP, DARK),
        )


def compose(content: ReportContent, charts: ChartSource, frame: Frame) -> list[Page]:
    frame = measured_frame(content, frame.width, frame.height, frame)
    pages = [*summary_page(content, charts, frame), *detail_pages(content, charts, frame)]
    decorate(pages, content, frame)
    return pages
