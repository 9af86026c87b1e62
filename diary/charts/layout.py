"""The charts' layout engine: axes placed around text measured by the renderer.

A matplotlib `LayoutEngine` that, before each draw at a new size, measures what surrounds
the stacked axes (the title, each axes' tick and axis labels, the legend above each axes,
labels beyond the right edge, the footnote) and places the axes so that none of it leaves
the figure or touches another's. Legends get as many columns as fit the width they have.
Rows keep their height ratios, but never shrink below their axis label or, for a row of
named bands, below its names. Text is wrapped by measuring it, never by counting letters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from matplotlib import rcParams
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.layout_engine import LayoutEngine
from matplotlib.legend import Legend
from matplotlib.text import Text
from matplotlib.transforms import Bbox, offset_copy

PAD_PT = 4.0  # space kept between the figure's edge and text, and between bands (points)
LEGEND_KW: dict[str, Any] = {
    "loc": "lower left",
    "bbox_to_anchor": (0.0, 1.0),
    "frameon": False,
    "borderaxespad": 0.2,
    "handlelength": 2.2,
    "columnspacing": 1.2,
}


@dataclass(slots=True)
class LegendBand:
    """A legend above `ax`, remade with fewer columns when its row would not fit."""

    ax: Axes
    handles: list[Any]
    labels: list[str]
    fontsize: float
    ncols: int = 0
    above: float = 0.0  # how far the made legend reaches above the axes (pixels)

    def make(self, ncols: int, ink: Any = None) -> Legend:
        self.ncols = ncols
        return self.ax.legend(
            self.handles,
            self.labels,
            ncols=ncols,
            fontsize=self.fontsize,
            labelcolor=ink,
            **LEGEND_KW,
        )


@dataclass(slots=True)
class Note:
    """A text wrapped by measurement to a share of its axes' width (or the figure's)."""

    text: Text
    words: str
    share: float


@dataclass(slots=True)
class Plan:
    """What the layout needs to know beyond the axes themselves."""

    legends: list[LegendBand] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    heading: Text | None = None  # the chart's title; legends take its colour (the theme's)
    footnote: Text | None = None
    footnote_words: str = ""
    # Rows (by index) whose y tick labels must each get their line (named bands).
    named_rows: set[int] = field(default_factory=set)
    # Texts where a later one is hidden if it would overlap an earlier one shown.
    thinned: list[list[Text]] = field(default_factory=list)


class TextWidths:
    """Text widths in pixels as the renderer measures them, each measured once per owner (a
    figure's layout: a redraw at another size wraps the same words), up to `KEEP` of them."""

    KEEP = 4096

    def __init__(self) -> None:
        self._known: dict[tuple[str, float, str, int], float] = {}

    def __call__(self, s: str, text: Text, renderer: Any) -> float:
        prop = text.get_fontproperties()
        key = (type(renderer).__name__, float(renderer.points_to_pixels(72.0)), s, hash(prop))
        known = self._known
        if key not in known:
            if len(known) >= self.KEEP:
                known.clear()
            known[key] = float(renderer.get_text_width_height_descent(s, prop, ismath=False)[0])
        return known[key]


def wrap_words(
    words: str, width_px: float, text: Text, renderer: Any, widths: TextWidths | None = None
) -> str:
    """`words` broken into lines no wider than `width_px` in `text`'s font, measured: each
    word and the space once, then each line as a whole (kerning across words)."""
    measure = widths or TextWidths()
    space = measure(" ", text, renderer)
    lines: list[list[str]] = []
    used = 0.0
    for word in words.split():
        w = measure(word, text, renderer)
        if lines and used + space + w <= width_px:
            lines[-1].append(word)
            used += space + w
        else:
            lines.append([word])
            used = w
    out: list[str] = []
    for line in lines:  # a line the sum of its words underrated moves its last word down
        while len(line) > 1 and measure(" ".join(line), text, renderer) > width_px:
            out.append(" ".join(line[:-1]))
            line = line[-1:]
        out.append(" ".join(line))
    return "\n".join(out)


def legend_columns(
    band: LegendBand, room: float, renderer: Any, widths: TextWidths, font: Text
) -> int:
    """The most columns whose row fits `room` pixels, from the measured label widths (in
    `font`, a text of the legend's size) and the legend's own spacings (in font sizes, as
    matplotlib lays them out: it fills the columns top to bottom)."""
    if not band.labels:
        return 1
    size = renderer.points_to_pixels(band.fontsize)
    handle = (LEGEND_KW["handlelength"] + rcParams["legend.handletextpad"]) * size
    entry = [widths(label, font, renderer) + handle for label in band.labels]
    for ncols in range(len(entry), 1, -1):
        columns = [c for c in np.array_split(np.asarray(entry), ncols) if len(c)]
        spacing = LEGEND_KW["columnspacing"] * size * (len(columns) - 1)
        if sum(max(c) for c in columns) + spacing + 2 * rcParams["legend.borderpad"] * size <= room:
            return ncols
    return 1


class ChartLayout(LayoutEngine):
    """Margins, gaps and legend columns from measured extents, redone when the size changes."""

    _adjust_compatible = False
    _colorbar_gridspec = False

    def __init__(self, plan: Plan, height_ratios: list[float]) -> None:
        super().__init__()
        self.plan = plan
        self.ratios = height_ratios
        self._laid_out_for: tuple[float, float, float] | None = None
        self._widths = TextWidths()

    def execute(self, fig: Figure) -> None:
        key = (fig.bbox.width, fig.bbox.height, fig.dpi)
        if key == self._laid_out_for:
            return
        # The renderer the figure is drawn with (as matplotlib's own layout engines get it).
        renderer = fig._get_renderer()  # type: ignore[attr-defined]
        pad = PAD_PT * fig.dpi / 72.0
        self._place_title(fig, pad)
        self._wrap_footnote(fig, renderer, pad)
        axes = [ax for ax in fig.axes if ax.get_visible()]
        if axes:
            # The charts' ticks are fixed or a fixed number, so what stands beside the axes
            # does not depend on their size: measured once, it gives the left and right.
            inside = {id(note.text) for note in self.plan.notes}  # wrapped within the axes
            sides = [_sides(ax, renderer, ax is axes[-1], inside) for ax in axes]
            self._place_across(fig, axes, max(s[0] for s in sides), max(s[1] for s in sides))
        self._fit_texts(fig, renderer, pad)
        if axes:
            self._place_down(fig, axes, renderer, pad, sides)
            self._keep_texts_in(fig, axes, renderer, pad)
        self._thin(renderer)
        self._laid_out_for = key

    # -- the parts ------------------------------------------------------------------------

    def _place_title(self, fig: Figure, pad: float) -> None:
        title = self.plan.heading
        if title is not None:
            title.set_position((pad / fig.bbox.width, 1 - pad / fig.bbox.height))
            title.set_verticalalignment("top")

    def _wrap_footnote(self, fig: Figure, renderer: Any, pad: float) -> None:
        note, words = self.plan.footnote, self.plan.footnote_words
        if note is not None:
            note.set_position((pad / fig.bbox.width, pad / fig.bbox.height))
            width = fig.bbox.width - 2 * pad
            note.set_text(wrap_words(words, width, note, renderer, self._widths))

    def _fit_texts(self, fig: Figure, renderer: Any, pad: float) -> None:
        """Notes wrapped to their width; legends with the most columns that fit."""
        for note in self.plan.notes:
            within = note.text.axes.bbox if note.text.axes is not None else fig.bbox
            room = note.share * within.width
            note.text.set_text(wrap_words(note.words, room, note.text, renderer, self._widths))
        ink = self.plan.heading.get_color() if self.plan.heading is not None else None
        for band in self.plan.legends:
            room = fig.bbox.width - band.ax.bbox.x0 - pad
            font = Text(text="", fontsize=band.fontsize, figure=fig)
            ncols = legend_columns(band, room, renderer, self._widths, font)
            legend = band.ax.get_legend()
            if legend is None or band.ncols != ncols:
                legend = band.make(ncols, ink)
            extent = legend.get_window_extent(renderer)
            while ncols > 1 and extent.width > room:
                ncols -= 1  # the sum of the parts underrated the whole
                legend = band.make(ncols, ink)
                extent = legend.get_window_extent(renderer)
            # Anchored to the axes' top: how far it reaches above holds wherever the row goes.
            band.above = max(0.0, extent.y1 - band.ax.bbox.y1)

    def _place_across(self, fig: Figure, axes: list[Axes], left: float, right: float) -> None:
        w, pad = fig.bbox.width, PAD_PT * fig.dpi / 72.0
        x0 = (left + pad) / w
        x1 = max(x0 + 0.2, 1 - (right + pad) / w)
        for ax in axes:
            pos = ax.get_position()
            ax.set_position(Bbox.from_extents(x0, pos.y0, x1, pos.y1))

    def _place_down(
        self,
        fig: Figure,
        axes: list[Axes],
        renderer: Any,
        pad: float,
        sides: list[tuple[float, float, float, float]],
    ) -> None:
        """Rows from the top: title, each legend band and row, the gaps, the footnote."""
        h = fig.bbox.height
        legends = {id(band.ax): band.above for band in self.plan.legends}
        above = [max(legends.get(id(ax), 0.0), s[2]) for ax, s in zip(axes, sides, strict=True)]
        below = [s[3] for s in sides]
        top = self._top_band(fig, renderer, pad) + above[0]
        bottom = self._bottom_band(renderer, pad) + below[-1]
        gaps = [below[i] + above[i + 1] + pad for i in range(len(axes) - 1)]
        usable = max(0.1 * h, h - top - bottom - sum(gaps))
        # A row's y label, centred beside it, may reach into the gaps above and below it
        # (beside the legends, above the last row's dates), as far as the nearer allows.
        spare = [
            2 * min(a, b) for a, b in zip([above[0], *gaps], [*gaps, bottom - pad], strict=True)
        ]
        heights = _row_heights(
            [self.ratios[i] if i < len(self.ratios) else 1.0 for i in range(len(axes))],
            [self._least_height(i, ax, renderer, spare[i]) for i, ax in enumerate(axes)],
            usable,
        )
        y = h - top
        for ax, height, gap in zip(axes, heights, [*gaps, 0.0], strict=True):
            pos = ax.get_position()
            ax.set_position(Bbox.from_extents(pos.x0, (y - height) / h, pos.x1, y / h))
            y -= height + gap

    def _keep_texts_in(self, fig: Figure, axes: list[Axes], renderer: Any, pad: float) -> None:
        """A label placed at a date (e.g. a dose step near the end) may reach past the right
        edge once the axes have their width: the axes then end that much sooner."""
        edge = fig.bbox.width - pad
        reach = max(
            (t.get_window_extent(renderer).x1 for ax in axes for t in ax.texts if t.get_visible()),
            default=0.0,
        )
        if reach > edge:
            left = axes[0].bbox.x0 - pad
            self._place_across(fig, axes, left, fig.bbox.width - axes[0].bbox.x1 + reach - edge)

    def _top_band(self, fig: Figure, renderer: Any, pad: float) -> float:
        title = self.plan.heading
        if title is None or not title.get_text():
            return pad
        return title.get_window_extent(renderer).height + 2 * pad

    def _bottom_band(self, renderer: Any, pad: float) -> float:
        note = self.plan.footnote
        if note is None or not note.get_text():
            return pad
        return note.get_window_extent(renderer).height + 2 * pad

    def _least_height(self, row: int, ax: Axes, renderer: Any, spare: float) -> float:
        """The row's y label must fit beside it (less the `spare` of the gaps it may reach
        into); a named-band row needs a line per name."""
        least = 0.0
        if ax.get_ylabel():
            least = ax.yaxis.label.get_window_extent(renderer).height - spare
        if row in self.plan.named_rows:
            labels = [t for t in ax.get_yticklabels() if t.get_text()]
            lines = sum(t.get_window_extent(renderer).height for t in labels)
            least = max(least, lines * 1.2)
        return least

    def _thin(self, renderer: Any) -> None:
        for texts in self.plan.thinned:
            shown: list[Bbox] = []
            for text in texts:
                text.set_visible(True)
                box = text.get_window_extent(renderer)
                if any(box.overlaps(other) for other in shown):
                    text.set_visible(False)
                else:
                    shown.append(box)


def _sides(
    ax: Axes, renderer: Any, last: bool, inside: set[int]
) -> tuple[float, float, float, float]:
    """How far the axes' tick and axis labels and texts reach past its left, right, top and
    bottom (pixels). Of stacked axes sharing the dates, only the last shows dates."""
    inner = ax.bbox
    _place_ylabel(ax, renderer)
    parts = [ax.yaxis.get_tightbbox(renderer, for_layout_only=True)]
    if last:
        parts.append(ax.xaxis.get_tightbbox(renderer, for_layout_only=True))
    parts += [
        t.get_window_extent(renderer) for t in ax.texts if t.get_visible() and id(t) not in inside
    ]
    boxes = [b for b in parts if b is not None and b.width > 0 and b.height > 0]
    if not boxes:
        return 0.0, 0.0, 0.0, 0.0
    outer = Bbox.union(boxes)
    return (
        max(0.0, inner.x0 - outer.x0),
        max(0.0, outer.x1 - inner.x1),
        max(0.0, outer.y1 - inner.y1),
        max(0.0, inner.y0 - outer.y0),
    )


def _place_ylabel(ax: Axes, renderer: Any) -> None:
    """The y label beside the tick labels, where matplotlib would put it, but worked out once
    per layout: left to matplotlib, each measure and draw of the axis measures its tick
    labels again. Tick labels stand a fixed distance from the axes' left edge, so the label
    keeps its distance wherever the axes go."""
    axis, label = ax.yaxis, ax.yaxis.label
    if axis.get_label_position() != "left" or not label.get_visible() or not label.get_text():
        return
    axis.set_label_coords(0.0, 0.5)  # not placed by matplotlib while measuring the ticks
    label.set_visible(False)  # the tick labels' extent alone
    ticks = axis.get_tightbbox(renderer, for_layout_only=True)
    label.set_visible(True)
    spine = ax.spines.get("left", ax)
    boxes = [spine.get_window_extent(renderer)]
    if ticks is not None and ticks.width > 0:
        boxes.append(ticks)
    left = Bbox.union(boxes).x0 - axis.labelpad * ax.figure.dpi / 72.0  # as matplotlib does
    beside = offset_copy(ax.transAxes, x=left - ax.bbox.x0, units="dots")
    axis.set_label_coords(0.0, 0.5, transform=beside)


def _row_heights(ratios: list[float], least: list[float], usable: float) -> list[float]:
    """Heights in proportion to `ratios`, except rows that would fall below their least:
    those get it, and the others share what is left. Too little room for every row's least:
    all shrink alike, so that every row stays in the figure."""
    if sum(least) >= usable:
        total = sum(least) or 1.0
        return [usable * m / total for m in least]
    fixed: dict[int, float] = {}
    while True:
        free = sum(r for i, r in enumerate(ratios) if i not in fixed) or 1.0
        rest = max(0.0, usable - sum(fixed.values()))
        heights = [fixed.get(i, rest * r / free) for i, r in enumerate(ratios)]
        short = {
            i: least[i] for i in range(len(ratios)) if i not in fixed and heights[i] < least[i]
        }
        if not short or len(fixed) + len(short) >= len(ratios):
            fixed.update(short)
            return [fixed.get(i, heights[i]) for i in range(len(ratios))]
        fixed.update(short)
