"""The Insights page: the charts over a chosen period, and the findings in plain sentences.

matplotlib is imported only when the page is first shown (it takes most of a second), and
each chart is built only when its tab is shown.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QEvent, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from diary import words
from diary.store.kinds import Changed
from diary.ui.damage import keep_shown_on_damage
from diary.ui.diary_model import DiaryModel
from diary.ui.insights_worker import AnalysisRunner, work_out
from diary.ui.text_size import ScaledLabel

if TYPE_CHECKING:
    from diary.analysis import Analysis
    from diary.analysis.best_response import BestResponse
    from diary.charts.base import ChartFigure
    from diary.charts.style import Style
    from diary.records import DiaryContents
    from diary.ui.widgets.figure_canvas import ChartView

PERIODS: tuple[tuple[str, int | None], ...] = (
    ("Last 3 months", 3),
    ("Last 6 months", 6),
    ("Last year", 12),
    ("All", None),
    ("Custom…", -1),
)
DEFAULT_PERIOD = 2
FINDINGS_LINES = 10  # lines of "What the diary shows" always in view
CHARTS: tuple[tuple[str, str], ...] = (
    ("timeline", "Timeline"),
    ("ferritin_response", "Symptoms and ferritin"),
    ("after_infusion", "After an infusion"),
    ("sleep", "Sleep"),
)
BASE_POINT_SIZE = 9.0  # the chart text sizes are designed for a 9 pt application font
MIN_CHART_HEIGHT = 380  # pixels at 100 % text
# The timeline stacks four rows, each with its legend: it needs more room, and its need
# grows faster than the text (pixels at 100 %, and the power of the text scale).
TIMELINE_MIN_HEIGHT = (560, 1.25)
WORKING = "Working out your best ferritin level…"


def _import_charts() -> None:
    import diary.analysis
    import diary.charts.after_infusion
    import diary.charts.ferritin_response
    import diary.charts.sleep
    import diary.charts.timeline
    import diary.ui.widgets.figure_canvas  # noqa: F401


def preload_charts() -> threading.Thread:
    """Import matplotlib and the charts on a background thread, once the window is shown,
    so that opening the Insights page later does not wait for the imports."""
    thread = threading.Thread(target=_import_charts, name="preload-charts", daemon=True)
    thread.start()
    return thread


def months_before(day: date, months: int) -> date:
    """The day `months` calendar months before `day`, plus one (a period of whole months)."""
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    for d in (day.day, 30, 29, 28):
        try:
            return date(y, m + 1, d) + timedelta(1)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def best_response_headline(analysis: Analysis) -> str:
    br = analysis.best_response
    if br.ferritin is None or br.low is None or br.high is None:
        return f"Best-response ferritin: none yet ({br.reason})."
    return (
        f"Best-response ferritin: {br.ferritin:.0f} ng/mL (range {br.low:.0f}–"
        f"{br.high:.0f}, from {words.count(br.nights_used, 'night')})"
    )


class InsightsPage(QWidget):
    """Charts and findings for the open diary; redraws when records change."""

    open_night_requested = Signal(object)  # datetime.date
    analysis_shown = Signal()  # a newly worked-out analysis is on the page

    def __init__(
        self,
        model: DiaryModel,
        parent: QWidget | None = None,
        today: Callable[[], date] | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self._today = today or (lambda: self.model.diary.today())
        self.contents: DiaryContents | None = None
        self.analysis: Analysis | None = None
        # Best-response results by the content they rest on: an edit elsewhere (a tag, a
        # note, a dose) redraws without repeating the estimate's bootstrap. Only the
        # runner's one worker thread uses it.
        self._best_response_cache: dict[str, BestResponse] = {}
        self._runner = AnalysisRunner(self)
        self._runner.ready.connect(self._show_analysis)
        self._runner.failed.connect(self._show_failure)
        self._stale = True
        self._custom_dates_set = False
        self._font_redraw_pending = False
        self._dirty: set[int] = set()
        self._whole_diary: list[str] = []
        self._period_chosen = False  # until the user picks one, the page picks a fitting one
        self.views: dict[int, ChartView] = {}

        self.period_box = QComboBox()
        self.period_box.setAccessibleName("Show")  # its visible label
        for label, _ in PERIODS:
            self.period_box.addItem(label)
        self.period_box.setCurrentIndex(DEFAULT_PERIOD)
        self.from_edit, self.to_edit = QDateEdit(), QDateEdit()
        for edit, name in ((self.from_edit, "From"), (self.to_edit, "To")):
            edit.setCalendarPopup(True)
            edit.setAccessibleName(f"{name} date")
            edit.setVisible(False)
            edit.dateChanged.connect(self._period_changed)
        self.period_box.currentIndexChanged.connect(self._period_choice)
        top = QHBoxLayout()
        top.addWidget(ScaledLabel("Insights", 1.4))
        top.addStretch(1)
        period_label = QLabel("&Show:")
        period_label.setBuddy(self.period_box)
        top.addWidget(period_label)
        top.addWidget(self.period_box)
        top.addWidget(self.from_edit)
        top.addWidget(self.to_edit)

        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.headline.setAccessibleName("Best-response ferritin")
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.headline.font()
        font.setBold(True)
        self.headline.setFont(font)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Charts")
        for _, title in CHARTS:
            holder = QWidget()
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(holder, title)
        self.tabs.currentChanged.connect(lambda _i: self._draw_current())
        self.tabs.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        self.findings = QTextBrowser()
        self.findings.setAccessibleName("Findings")
        self.findings.setOpenLinks(False)

        findings_box = QWidget()
        box = QVBoxLayout(findings_box)
        box.setContentsMargins(0, 4, 0, 0)
        box.addWidget(QLabel("What the diary shows"))
        box.addWidget(self.findings, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(findings_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([480, 200])  # charts first; the user can drag the divider
        self._fit_findings()
        self.findings.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.headline)
        layout.addWidget(self.splitter, 1)
        model.changed.connect(self._records_changed)

    # -- the page's state ------------------------------------------------------------------

    def set_read_only(self, read_only: bool) -> None:
        """Nothing here writes to the diary, so a read-only diary shows the same page."""

    def period(self) -> tuple[date, date] | None:
        """The dates shown: None for the whole diary."""
        months = PERIODS[self.period_box.currentIndex()][1]
        if months is None:
            return None
        if months < 0:
            lo, hi = _to_date(self.from_edit.date()), _to_date(self.to_edit.date())
            return (lo, hi) if lo <= hi else (hi, lo)
        end = self._today()
        return months_before(end, months), end

    def set_custom_period(self, start: date, end: date, redraw: bool = True) -> None:
        for edit, day in ((self.from_edit, start), (self.to_edit, end)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)
        if redraw:
            self._period_changed()

    def select_period(self, label: str) -> None:
        self.period_box.setCurrentIndex([p for p, _ in PERIODS].index(label))

    def chart_style(self) -> Style:
        from diary.charts.style import Style

        locale = QLocale.system()  # the user's date order (the app's default is English)
        short = QLocale.FormatType.ShortFormat
        order = locale.dateFormat(short)
        return Style(
            # A little less than the text: charts keep room for their data at 200 %.
            text_scale=max(0.8, QApplication.font().pointSizeF() / BASE_POINT_SIZE) ** 0.8,
            month_names=words.MONTHS_SHORT,  # the locale's date order, English names
            day_first=order.find("d") < order.find("M"),
        )

    # -- reacting ----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._stale and self.model.diary.damage is None:  # damaged: keep what is shown
            with keep_shown_on_damage():
                self.refresh()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        # (and their colours follow the theme: a palette change redraws them too)
        font_events = (
            QEvent.Type.ApplicationFontChange,
            QEvent.Type.FontChange,
            QEvent.Type.PaletteChange,
        )
        # Chart text follows the text-size setting; one redraw after the change settles.
        if (
            event.type() in font_events
            and self.analysis is not None
            and not self._font_redraw_pending
        ):
            self._font_redraw_pending = True
            QTimer.singleShot(0, self, self._redraw_for_font)

    def _redraw_for_font(self) -> None:
        self._font_redraw_pending = False
        self._fit_findings()
        self._redraw_all()

    def _fit_findings(self) -> None:
        """Room for the period's sentences and the first findings at any text size (the
        page scrolls rather than cut them to a few lines)."""
        lines = FINDINGS_LINES * self.findings.fontMetrics().lineSpacing()
        self.findings.setMinimumHeight(lines + 2 * self.findings.frameWidth() + 8)

    def _records_changed(self, _changed: Changed) -> None:
        if not self._stale:
            self._stale = True
            # One save announces several kinds: refresh once, after they have all arrived.
            QTimer.singleShot(0, self, self._refresh_if_visible)

    def _refresh_if_visible(self) -> None:
        if self._stale and self.isVisible():
            self.refresh()

    def _period_choice(self, index: int) -> None:
        custom = PERIODS[index][1] == -1
        if custom and not self._custom_dates_set:
            self._custom_dates_set = True  # later, keep the dates the user chose
            end = self._today()
            self.set_custom_period(months_before(end, 12), end, redraw=False)
        self.from_edit.setVisible(custom)
        self.to_edit.setVisible(custom)
        self._period_changed()

    def _period_changed(self) -> None:
        self._period_chosen = True
        if self.analysis is not None:
            self._show_findings()
            self._redraw_all()

    def refresh(self) -> None:
        """Read the diary again and work out the analysis on a worker thread; the page keeps
        what it shows (and says it is working) until the result arrives."""
        self._stale = False
        _import_charts()  # at once when preloaded; the charts need them when the result comes
        contents = self.model.diary.contents()
        self.headline.setText(WORKING)
        self._runner.request(partial(work_out, contents, self._today(), self._best_response_cache))

    def working(self) -> bool:
        """Whether an analysis is being worked out."""
        return self._runner.pending()

    def wait_for_work(self, msecs: int = -1) -> bool:
        """Block until the worker thread is idle (before the diary closes)."""
        return self._runner.wait(msecs)

    def _show_failure(self, error: str) -> None:
        self.headline.setText(f"The insights could not be worked out ({error}).")

    def _show_analysis(self, result: tuple[DiaryContents, Analysis, list[str]]) -> None:
        self.contents, self.analysis, self._whole_diary = result
        self.headline.setText(best_response_headline(self.analysis))
        if not self._period_chosen:
            self._choose_default_period()
        self._show_findings()
        self._redraw_all()
        self.analysis_shown.emit()

    def _choose_default_period(self) -> None:
        """A diary younger than a year opens on all its nights, not squeezed at one edge."""
        assert self.analysis is not None
        first = self.analysis.first_night
        if first is not None and (self._today() - first).days < 365:
            self.period_box.blockSignals(True)
            self.period_box.setCurrentIndex([m for _, m in PERIODS].index(None))
            self.period_box.blockSignals(False)

    def _show_findings(self) -> None:
        from diary.analysis.period import period_sentences

        assert self.contents is not None
        here = period_sentences(self.contents, self.period())
        self.findings.setHtml(findings_html(self._whole_diary, here))

    def _redraw_all(self) -> None:
        self._dirty = set(range(len(CHARTS)))
        self._draw_current()

    def _draw_current(self) -> None:
        index = self.tabs.currentIndex()
        if index in self._dirty and self.analysis is not None:
            self._dirty.discard(index)
            view = self.view(index)
            figure = self.build_chart(CHARTS[index][0])
            # Larger text needs a taller chart; the page scrolls rather than crowd it.
            least, power = (
                TIMELINE_MIN_HEIGHT if CHARTS[index][0] == "timeline" else (MIN_CHART_HEIGHT, 1.0)
            )
            view.setMinimumHeight(int(least * self.chart_style().text_scale ** power))
            view.set_figure(figure)

    # -- the charts --------------------------------------------------------------------------

    def view(self, index: int) -> ChartView:
        if index not in self.views:
            from diary.ui.widgets.figure_canvas import ChartView

            view = ChartView(self.describe_night)
            view.night_clicked.connect(self.open_night_requested.emit)
            holder = self.tabs.widget(index)
            layout = holder.layout() if holder is not None else None
            assert layout is not None
            layout.addWidget(view)
            self.views[index] = view
        return self.views[index]

    def build_chart(self, kind: str) -> ChartFigure:
        from diary.charts import after_infusion, ferritin_response, sleep, timeline

        assert self.analysis is not None
        assert self.contents is not None
        a, contents, period, style = self.analysis, self.contents, self.period(), self.chart_style()
        venesections = [v.date for v in contents.venesections]
        builders: dict[str, Callable[[], Any]] = {
            "timeline": lambda: timeline.build(a, contents, period, style),
            "ferritin_response": lambda: ferritin_response.build(a, period, style, venesections),
            "after_infusion": lambda: after_infusion.build(
                a, period, style, venesections=venesections
            ),
            "sleep": lambda: sleep.build(a, period, style, venesections),
        }
        return builders[kind]()

    def show_chart(self, kind: str) -> ChartView:
        index = [k for k, _ in CHARTS].index(kind)
        self.tabs.setCurrentIndex(index)
        self._draw_current()
        return self.view(index)

    def describe_night(self, day: date) -> str:
        from diary.charts.pick import night_summary

        assert self.analysis is not None
        return night_summary(
            self.analysis, day, lambda d: f"{words.WEEKDAYS[d.weekday()]} {words.day_month_year(d)}"
        )


def _to_date(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def findings_html(sentences: list[str], period: list[str] | None = None) -> str:
    """The period's own sentences first (when a period is chosen), then the whole diary's."""
    from diary import DISCLAIMER

    if not sentences:
        return ""
    head, *rest = sentences
    items = "".join(f"<li style='margin-bottom:4px'>{html.escape(s)}</li>" for s in rest)
    shown = ""
    if period:
        shown = "<p><b>This period:</b> " + " ".join(html.escape(s) for s in period) + "</p>"
        head = f"<b>The whole diary:</b> {html.escape(head)}"
    else:
        head = html.escape(head)
    return f"{shown}<p>{head}</p><ul>{items}</ul><p><i>{html.escape(DISCLAIMER)}</i></p>"
