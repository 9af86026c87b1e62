"""Printed charts: night points as one image, text as text (their layout at the report's sizes:
tests/cli/test_chart_layout.py)."""

from __future__ import annotations

from datetime import date

import pytest

from diary.analysis import Analysis, analyse
from diary.demo import generate_contents
from diary.records import DiaryContents
from diary.report.figures import RASTER_DPI, print_figure, render_svg

END = date(2026, 11, 1)
# Printable width of A4 and US Letter with the report's 15 mm margins, in points.
WIDTHS = {"a4": 510.2, "letter": 527.0}


@pytest.fixture(scope="module", params=[2, 20], ids=["2-years", "20-years"])
def diary(request: pytest.FixtureRequest) -> tuple[DiaryContents, Analysis]:
    contents = generate_contents(seed=1, years=request.param, end=END)
    return contents, analyse(contents, END)


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
