"""A chart-sized figure with a helpful message, for when there is not enough to draw."""

from __future__ import annotations

from diary.charts.base import FIGSIZE, ChartFigure
from diary.charts.layout import ChartLayout
from diary.charts.style import GREY, Style


def message_figure(
    kind: str, heading: str, message: str, style: Style | None = None
) -> ChartFigure:
    """A figure with a heading and a plain explanation in place of the chart."""
    style = style or Style()
    fig = ChartFigure(figsize=FIGSIZE, message=message)
    fig.chart_kind = kind
    # No chart: an empty, hidden axes only so that the layout runs and wraps the text.
    fig.add_axes((0.0, 0.0, 1.0, 1.0), visible=False)
    fig.set_layout_engine(ChartLayout(fig.plan, [1.0]))
    head = fig.text(
        0.5,
        0.58,
        heading,
        ha="center",
        va="bottom",
        fontsize=style.title,
        fontweight="bold",
    )
    words = fig.text(
        0.5,
        0.54,
        message,
        ha="center",
        va="top",
        fontsize=style.label,
        color=GREY,
        linespacing=1.5,
    )
    fig.add_note(head, 0.9)  # both wrapped to a readable width when drawn
    fig.add_note(words, 0.6)
    return fig


def too_few_nights(
    kind: str, heading: str, nights: int, style: Style | None = None, period_text: str = ""
) -> ChartFigure:
    """The message for a diary (or a period) with fewer than two nights."""
    where = f" {period_text}" if period_text else ""
    style = style or Style()
    if style.for_print:  # paper carries no instructions for using the app
        text = (
            f"No nights are logged{where}."
            if nights == 0
            else f"Only one night is logged{where}: too few to draw."
        )
        return message_figure(kind, heading, text, style)
    if nights == 0:
        text = (
            f"There are no nights logged{where} yet. Log a night on the Night entry "
            "page (severity and sleep); the chart fills in as nights are added."
        )
    else:
        text = (
            f"Only one night is logged{where} so far. The chart starts to show a "
            "pattern once there are a few nights; keep logging each evening."
        )
    if period_text:
        text += " A longer period may show more."
    return message_figure(kind, heading, text, style)
