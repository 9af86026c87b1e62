"""Printed charts: every text at least 9 pt on paper and inside its box, on A4 and US Letter."""

from __future__ import annotations

from datetime import date
from unittest.mock import patch

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from diary.analysis import Analysis, analyse
from diary.demo import generate_contents
from diary.records import DiaryContents
from diary.report.figures import BUILDERS, RASTER_DPI, print_figure, render_svg

END = date(2026, 11, 1)
# Printable width of A4 and US Letter with the report's 15 mm margins, in points.
WIDTHS = {"a4": 510.2, "letter": 527.0}
# Chart heights in points as pages.py lays them out for the 20-year demo (page 1's two
# charts share what the key numbers leave; Letter is the shorter page).
HEIGHTS = {
    "a4": {"timeline_summary": 226.9, "ferritin_response": 185.6},
    "letter": {"timeline_summary": 199.4, "ferritin_response": 163.1},
}
DETAIL_HEIGHTS = {"timeline": 470.0, "after_infusion": 270.0 * 1.45, "sleep": 270.0}


def height(paper: str, kind: str) -> float:
    return HEIGHTS[paper].get(kind) or DETAIL_HEIGHTS[kind]


@pytest.fixture(scope="module", params=[2, 20], ids=["2-years", "20-years"])
def diary(request: pytest.FixtureRequest) -> tuple[DiaryContents, Analysis]:
    contents = generate_contents(seed=1, years=request.param, end=END)
    return contents, analyse(contents, END)


def drawn_texts(fig: Figure) -> list[Text]:
    """Every text actually drawn (tick labels outside the axes' limits are not)."""
    drawn: dict[int, Text] = {}
    original = Text.draw

    def record(self: Text, renderer: object) -> None:
        if self.get_visible() and self.get_text().strip():
            drawn[id(self)] = self
        original(self, renderer)

    FigureCanvasAgg(fig)
    with patch.object(Text, "draw", record):
        fig.canvas.draw()  # type: ignore[attr-defined]
    return list(drawn.values())


@pytest.mark.parametrize("paper", sorted(WIDTHS))
@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_every_text_is_9_pt_or_more_and_inside_the_figure(
    diary: tuple[DiaryContents, Analysis], kind: str, paper: str
) -> None:
    contents, a = diary
    period = (contents.nights[0].date, END)
    fig = print_figure(kind, a, contents, period, WIDTHS[paper], height(paper, kind))
    texts = drawn_texts(fig)
    assert len(texts) > 5
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    edge = fig.bbox
    for t in texts:
        assert t.get_fontsize() >= 9.0, f"{t.get_text()!r} is {t.get_fontsize()} pt"
        box = t.get_window_extent(renderer)
        inside = (
            box.x0 >= edge.x0 - 0.5
            and box.y0 >= edge.y0 - 0.5
            and box.x1 <= edge.x1 + 0.5
            and box.y1 <= edge.y1 + 0.5
        )
        assert inside, f"{t.get_text()!r} at {box} runs off the {edge}"


@pytest.mark.parametrize("paper", sorted(WIDTHS))
@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_no_two_texts_overlap(diary: tuple[DiaryContents, Analysis], kind: str, paper: str) -> None:
    contents, a = diary
    period = (contents.nights[0].date, END)
    fig = print_figure(kind, a, contents, period, WIDTHS[paper], height(paper, kind))
    texts = drawn_texts(fig)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    boxes = [(t.get_text(), t.get_window_extent(renderer).shrunk(0.98, 0.9)) for t in texts]
    for i, (text, box) in enumerate(boxes):
        for other, other_box in boxes[i + 1 :]:
            assert not box.overlaps(other_box), f"{text!r} overlaps {other!r}"


def test_night_points_print_as_one_image_and_text_stays_vector(
    diary: tuple[DiaryContents, Analysis],
) -> None:
    contents, a = diary
    period = (contents.nights[0].date, END)
    fig = print_figure("timeline_summary", a, contents, period, WIDTHS["a4"], 214.5)
    svg = render_svg(fig, WIDTHS["a4"], 214.5).decode()
    assert svg.count("<image") == 1  # the severity points: one raster layer
    assert RASTER_DPI >= 150
    assert svg.count("<text") > 20  # tick labels and legends: text, not pixels
