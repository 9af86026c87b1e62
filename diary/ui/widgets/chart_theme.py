"""Charts on screen follow the window's theme: in a dark theme the chart's paper, frames and
text take the window's colours (the data colours stay). Printed charts are built apart and
stay on white paper."""

from __future__ import annotations

from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.text import Text
from PySide6.QtGui import QPalette


def _dark(colour: object) -> bool:
    try:
        r, g, b = to_rgb(colour)  # type: ignore[arg-type]
    except ValueError:
        return False
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5


def follow_palette(figure: Figure, palette: QPalette) -> None:
    """Recolour `figure` for a dark `palette` (does nothing for a light one)."""
    window = palette.color(QPalette.ColorRole.Window)
    if window.lightness() >= 128:
        return
    ground = window.name()
    ink = palette.color(QPalette.ColorRole.WindowText).name()
    (ir, ig, ib), (gr, gg, gb) = to_rgb(ink), to_rgb(ground)
    soft = to_hex((0.6 * ir + 0.4 * gr, 0.6 * ig + 0.4 * gg, 0.6 * ib + 0.4 * gb))
    figure.patch.set_facecolor(ground)
    for text in figure.findobj(Text):
        if _dark(text.get_color()):
            text.set_color(ink)
    for ax in figure.axes:
        ax.patch.set_facecolor(ground)
        for spine in ax.spines.values():
            spine.set_edgecolor(soft)
        ax.tick_params(colors=soft, labelcolor=ink)
        legend = ax.get_legend()
        if legend is not None:
            legend.get_frame().set_facecolor(ground)
            legend.get_frame().set_edgecolor(soft)
        for line in ax.get_xgridlines() + ax.get_ygridlines():
            line.set_color(soft)
            line.set_alpha(0.3)
