"""The after-infusion chart on paper: each re-check label stays clear of every week line."""

from __future__ import annotations

from datetime import date

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.lines import Line2D
from matplotlib.text import Text

from diary.analysis import analyse
from diary.demo import generate_contents
from diary.report.figures import print_figure

END = date(2026, 3, 1)


@pytest.mark.parametrize("today", [END, date(2026, 6, 1)], ids=["checks-due", "checks-missed"])
@pytest.mark.parametrize(("width", "height"), [(510.2, 270.0), (527.0, 200.0)])
def test_check_labels_do_not_cross_the_week_lines(today: date, width: float, height: float) -> None:
    contents = generate_contents(seed=1, years=2, end=END)
    a = analyse(contents, today)
    fig = print_figure("after_infusion", a, contents, (contents.nights[0].date, END), width, height)
    FigureCanvasAgg(fig)
    fig.canvas.draw()  # type: ignore[attr-defined]
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    ax = fig.axes[0]
    lines = [ln for ln in ax.get_lines() if str(ln.get_gid() or "").startswith("check:")]
    labels = [t for t in ax.texts if isinstance(t, Text) and t.get_text().startswith("week ")]
    assert len(lines) == 3
    assert len(labels) == 3
    xs = [ax.transData.transform((float(ln.get_xdata()[0]), 0))[0] for ln in lines]  # type: ignore[index]
    for label in labels:
        box = label.get_window_extent(renderer)
        for x in xs:
            assert not box.x0 - 0.5 < x < box.x1 + 0.5, f"{label.get_text()!r} crosses a line"
    assert all(isinstance(ln, Line2D) for ln in lines)
