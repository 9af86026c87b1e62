"""Which night is under the pointer, and its values in words (for hover and click; no Qt)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np

from diary.analysis import Analysis
from diary.charts.base import ChartFigure

PICK_RADIUS_PX = 8.0


def night_at(
    fig: ChartFigure, x_px: float, y_px: float, radius: float = PICK_RADIUS_PX
) -> date | None:
    """The night whose point is nearest the display position (pixels from the bottom left).

    On time axes any height counts (the night nearest the pointer's date, within `radius`
    pixels of it); elsewhere the point itself must be within `radius` pixels."""
    best: tuple[float, date] | None = None
    for layer in fig.night_layers:
        ax = layer.points.axes
        if ax is None or not ax.bbox.contains(x_px, y_px):
            continue
        offsets = np.asarray(layer.points.get_offsets(), dtype=np.float64)
        if len(offsets) == 0:
            continue
        xy = layer.points.get_offset_transform().transform(offsets)
        dx = xy[:, 0] - x_px
        dist = np.abs(dx) if layer.by_x else np.hypot(dx, xy[:, 1] - y_px)
        i = int(np.argmin(dist))
        if dist[i] <= radius and (best is None or dist[i] < best[0]):
            best = (float(dist[i]), date.fromisoformat(str(layer.dates[i])))
    return None if best is None else best[1]


def group_at(
    fig: ChartFigure, x_px: float, y_px: float, radius: float = PICK_RADIUS_PX
) -> str | None:
    """The words for the group marker (e.g. a ferritin group's mean) under the pointer."""
    marks = fig.group_marks
    if marks is None or marks.axes is None or not fig.group_texts:
        return None
    xy = marks.get_transform().transform(np.asarray(marks.get_xydata(), dtype=np.float64))
    if len(xy) == 0:
        return None
    dist = np.hypot(xy[:, 0] - x_px, xy[:, 1] - y_px)
    i = int(np.argmin(dist))
    return fig.group_texts[i] if dist[i] <= radius else None


def night_summary(analysis: Analysis, day: date, format_date: Callable[[date], str]) -> str:
    """The night's values in a line or two, e.g. for a tooltip."""
    s = analysis.series
    i = int(np.searchsorted(s.dates, np.datetime64(day, "D")))
    if i >= len(s.dates) or s.dates[i] != np.datetime64(day, "D"):
        return f"{format_date(day)}: no night logged"
    parts = [f"RLS severity {s.severity[i]:.0f} of 10"]
    if not np.isnan(s.sleep_hours[i]):
        parts.append(f"{s.sleep_hours[i]:.1f} h asleep")
    if not np.isnan(s.sleep_efficiency[i]):
        parts.append(f"sleep efficiency {s.sleep_efficiency[i]:.0f} %")
    lines = [format_date(day), ", ".join(parts)]
    if not np.isnan(s.ferritin[i]):
        ferritin = f"ferritin ≈ {s.ferritin[i]:.0f} ng/mL ({s.basis(i)})"
        if s.in_response_window[i]:
            ferritin += "; during an infusion course or the 6 weeks after it"
        lines.append(ferritin)
    lines.append("Click to open this night")
    return "\n".join(lines)
