"""What a reader sees of every chart, on screen and on paper, at 100 % and 150 % text: every
text inside the figure, legends and footnotes clear of the tick labels and of each other,
and on paper no text under 9 pt and no two texts overlapping. On paper, each chart at the
size the report's pages give it; on screen, at the Insights page's size in a 1024x768
window (taller at larger text, as the page makes it)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from unittest.mock import patch

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from diary.analysis import Analysis, analyse
from diary.charts import after_infusion, ferritin_response, sleep, timeline
from diary.charts.empty import too_few_nights
from diary.charts.style import Style
from diary.demo import generate_contents
from diary.records import DiaryContents, LabResult, Night, Venesection
from diary.report.document import Paper, ReportDocument, page_layout
from diary.report.figures import ChartImage, chart_image, print_figure
from diary.report.layout import Typeface
from diary.ui.insights_page import MIN_CHART_HEIGHT, TIMELINE_MIN_HEIGHT

END = date(2026, 11, 1)
SCREEN_DPI = 100.0
SCREEN_WIDTH_PX = 900  # the chart's width in a 1024x768 window
KINDS = ("timeline", "sleep", "ferritin_response", "after_infusion", "empty")


def venesection_programme() -> DiaryContents:
    """Six venesections 4 weeks apart, ferritin 600 falling to 100: no best-response level,
    so the ferritin chart carries its long note; the timeline its venesection trend."""
    start = END - timedelta(200)
    sessions = [start + timedelta(14 + 28 * k) for k in range(6)]
    return DiaryContents(
        nights=tuple(Night(start + timedelta(i), 3 + i % 4, sleep_hours=6.5) for i in range(200)),
        labs=tuple(
            LabResult(d, "ferritin", 600.0 - 100 * k, "ng/mL", canonical_value=600.0 - 100 * k)
            for k, d in enumerate(sessions)
        ),
        venesections=tuple(Venesection(d, 450.0) for d in sessions),
    )


@pytest.fixture(scope="module", params=["demo", "venesections"])
def diary(request: pytest.FixtureRequest) -> tuple[DiaryContents, Analysis]:
    if request.param == "demo":
        contents = generate_contents(seed=1, years=2, end=END)
    else:
        contents = venesection_programme()
    return contents, analyse(contents, END)


def drawn_texts(fig: Figure) -> list[Text]:
    """Every text actually drawn (tick labels outside the axes' limits are not)."""
    drawn: dict[int, Text] = {}
    original = Text.draw

    def record(self: Text, renderer: object) -> None:
        if self.get_visible() and self.get_text().strip():
            drawn[id(self)] = self
        original(self, renderer)

    with patch.object(Text, "draw", record):
        fig.canvas.draw()  # type: ignore[attr-defined]
    return list(drawn.values())


def screen_chart(kind: str, a: Analysis, contents: DiaryContents, percent: int) -> Figure:
    # As the Insights page makes them: text a little less than the application's.
    style = Style(text_scale=(percent / 100) ** 0.8)
    ven = [v.date for v in contents.venesections]
    fig = {
        "timeline": lambda: timeline.build(a, contents, None, style),
        "sleep": lambda: sleep.build(a, None, style, ven),
        "ferritin_response": lambda: ferritin_response.build(a, None, style, ven),
        "after_infusion": lambda: after_infusion.build(a, None, style, venesections=ven),
        "empty": lambda: too_few_nights(
            "timeline", timeline.HEADING, 1, style, "between 1 Jan 2026 and 1 Feb 2026"
        ),
    }[kind]()
    least, power = TIMELINE_MIN_HEIGHT if kind == "timeline" else (MIN_CHART_HEIGHT, 1.0)
    height_px = max(520, int(least * style.text_scale**power))
    FigureCanvasAgg(fig)
    fig.set_dpi(SCREEN_DPI)
    fig.set_size_inches(SCREEN_WIDTH_PX / SCREEN_DPI, height_px / SCREEN_DPI)
    return fig


@pytest.fixture(scope="module")
def printed(qapp: object) -> dict[tuple[Paper, int], list[tuple[str, Figure]]]:
    """Each chart of the 2- and 20-year demos' reports as the report prints it: the figure at
    the size its page gives it, on A4 and Letter, with the report's text at 100 % and 150 %."""
    found: dict[tuple[Paper, int], list[tuple[str, Figure]]] = {}
    for years, paper in itertools.product((2, 20), Paper):
        contents = generate_contents(seed=1, years=years, end=END)
        a = analyse(contents, END)
        for percent in (100, 150):
            made: list[tuple[str, Figure]] = []

            def keep(
                kind: str, *args: object, made: list[tuple[str, Figure]] = made, **kwargs: object
            ) -> ChartImage:
                image = chart_image(kind, *args, **kwargs)  # type: ignore[arg-type]
                analysis, diary_contents, period, w, h, style = args
                fig = print_figure(kind, analysis, diary_contents, period, w, h, style)  # type: ignore[arg-type]
                FigureCanvasAgg(fig)
                made.append((kind, fig))
                return image

            doc = ReportDocument(
                contents, contents.nights[0].date, END, END, a, face=Typeface(percent=percent)
            )
            with patch("diary.report.document.chart_image", keep):
                doc.pages_for_layout(page_layout(paper))
            found.setdefault((paper, percent), []).extend(made)
    return found


def check_what_a_reader_sees(fig: Figure, *, least_pt: float = 0.0) -> None:
    texts = drawn_texts(fig)
    assert texts, "nothing drawn"
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    edge = fig.bbox.padded(0.5)
    for t in texts:
        box = t.get_window_extent(renderer)
        where = f"{t.get_text()!r} {box}"
        assert edge.containsx(box.x0), where
        assert edge.containsx(box.x1), where
        assert edge.containsy(box.y0), where
        assert edge.containsy(box.y1), where
        assert t.get_fontsize() >= least_pt, f"{t.get_text()!r} is {t.get_fontsize()} pt"
    for ax in fig.axes:  # the data keep the room: no text pushes the axes aside
        if ax.get_visible():
            assert ax.bbox.width > 0.6 * fig.bbox.width, f"{ax.get_ylabel()!r} squeezed"
            assert ax.bbox.height > 0, f"{ax.get_ylabel()!r} has no height"
    ticks: list[tuple[str, Bbox]] = []
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        for label in [*ax.get_xticklabels(), *ax.get_yticklabels(), ax.xaxis.label]:
            if label.get_visible() and label.get_text() and label in texts:
                ticks.append((label.get_text(), label.get_window_extent(renderer)))
    bands: list[tuple[str, Bbox]] = [
        (f"legend of {ax.get_ylabel()!r}", legend.get_window_extent(renderer))
        for ax in fig.axes
        if (legend := ax.get_legend()) is not None
    ]
    footnote = getattr(fig, "footnote", None)
    if footnote is not None:
        bands.append(("footnote", footnote.get_window_extent(renderer)))
    for name, band in bands:
        for text, box in ticks:
            assert not band.overlaps(box.shrunk(0.9, 0.8)), f"{name} covers {text!r}"
    for i, (name, band) in enumerate(bands):
        for other, other_band in bands[i + 1 :]:
            assert not band.overlaps(other_band), f"{name} overlaps {other}"


@pytest.mark.parametrize("percent", [100, 150])
@pytest.mark.parametrize("kind", KINDS)
def test_on_screen_every_text_shows_and_legends_keep_clear(
    diary: tuple[DiaryContents, Analysis], kind: str, percent: int
) -> None:
    contents, a = diary
    check_what_a_reader_sees(screen_chart(kind, a, contents, percent))


@pytest.mark.parametrize("percent", [100, 150])
@pytest.mark.parametrize("paper", list(Paper))
def test_on_paper_every_text_shows_at_9_pt_or_more_and_legends_keep_clear(
    printed: dict[tuple[Paper, int], list[tuple[str, Figure]]], paper: Paper, percent: int
) -> None:
    charts = printed[paper, percent]
    assert {kind for kind, _ in charts} >= {"timeline_summary", "ferritin_response", "sleep"}
    for _, fig in charts:
        check_what_a_reader_sees(fig, least_pt=9.0)


@pytest.mark.parametrize("percent", [100, 150])
@pytest.mark.parametrize("paper", list(Paper))
def test_on_paper_no_two_texts_overlap(
    printed: dict[tuple[Paper, int], list[tuple[str, Figure]]], paper: Paper, percent: int
) -> None:
    for kind, fig in printed[paper, percent]:
        texts = drawn_texts(fig)
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        boxes = [(t.get_text(), t.get_window_extent(renderer).shrunk(0.98, 0.9)) for t in texts]
        for i, (text, box) in enumerate(boxes):
            for other, other_box in boxes[i + 1 :]:
                assert not box.overlaps(other_box), f"{kind}: {text!r} overlaps {other!r}"
