"""Fitting a table to its width by wrapping text between words (rows grow), never eliding."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTableView

_TALL = 100_000
_WRAP = Qt.TextFlag.TextWordWrap


def share_out(
    natural: Sequence[int], floor: Sequence[int], shrinkable: Sequence[int], available: int
) -> list[int]:
    """Widths: `natural`, with the `shrinkable` columns giving way in proportion to what
    they can give (down to `floor`) until the sum fits in `available`, if it can."""
    widths = list(natural)
    excess = sum(natural) - available
    give = {c: max(0, natural[c] - floor[c]) for c in shrinkable}
    total = sum(give.values())
    if excess > 0 and total > 0:
        share = min(1.0, excess / total)
        for c, room in give.items():
            widths[c] = natural[c] - int(room * share + 0.999)
    return widths


def widest(metrics: QFontMetrics, texts: Sequence[str]) -> int:
    return max((metrics.horizontalAdvance(t) for t in set(texts)), default=0)


def widest_word(metrics: QFontMetrics, texts: Sequence[str]) -> int:
    return widest(metrics, [word for text in set(texts) for word in text.split()])


def wrap_at_spaces(metrics: QFontMetrics, text: str, width: int) -> list[str]:
    """`text` in lines no wider than `width`, broken only between words ("µg/dL" and
    "iron-binding" stay whole); a word wider than `width` gets a line of its own."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if line and metrics.horizontalAdvance(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line]


def header_lines(metrics: QFontMetrics, text: str, width: int) -> int:
    """How many lines a header's `text` takes, wrapped as the header draws it."""
    if not text:
        return 1
    height = metrics.boundingRect(QRect(0, 0, max(1, width), _TALL), _WRAP, text).height()
    return max(1, round(height / metrics.lineSpacing()))


class WrapAtSpaces(QStyledItemDelegate):
    """Draws a cell's text in as many lines as its column's width needs, broken between
    words only (Qt's own wrapping would also break after a '/', as in "µg/" "dL")."""

    _measuring = False

    def sizeHint(  # noqa: N802 (Qt override)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """The size on one line: what the column would need to show it unwrapped."""
        self._measuring = True
        try:
            return super().sizeHint(option, index)
        finally:
            self._measuring = False

    def initStyleOption(  # noqa: N802 (Qt override)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        if self._measuring:
            return
        width = option.rect.width() - text_margins(option.widget)
        if option.text and width > 0 and option.fontMetrics.horizontalAdvance(option.text) > width:
            option.text = "\u2028".join(wrap_at_spaces(option.fontMetrics, option.text, width))


def text_margins(table: object) -> int:
    """The room a cell's box leaves around its text (the delegate's margins), and 2 pixels
    for rounding: Qt lays text out in fractions of a pixel."""
    if not isinstance(table, QTableView):
        return 0
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table)
    return 2 * (margin + 1) + 2


def fit_wrapping(table: QTableView, order: Sequence[Sequence[int]]) -> None:
    """Columns as wide as their contents on one line; when that is wider than the table, the
    text of the columns in `order[0]` wraps between words, then (if still too wide) that of
    `order[1]` too, and so on. No word is ever cut: rows and the header grow to hold the
    lines. Only words wider than the table's share leave a sideways scroll bar."""
    header = table.horizontalHeader()
    model = table.model()
    if model is None or header.count() == 0:
        return
    count, rows = header.count(), model.rowCount()
    metrics = table.fontMetrics()
    cell_pad = text_margins(table) + 1  # a section is its cell's box and a grid line
    head_margin = table.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    heads = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(count)]
    texts = [[str(model.index(r, c).data() or "") for r in range(rows)] for c in range(count)]
    head_pad = [2 * head_margin + 2] * count
    # Measured on every row (Qt's sizeHintForColumn sees only the rows in view, which change
    # as rows grow taller).
    content = [widest(metrics, texts[c]) + cell_pad for c in range(count)]
    natural = [max(header.sectionSizeHint(c), content[c]) for c in range(count)]
    least = [
        max(
            widest_word(metrics, [heads[c]]) + head_pad[c],
            widest_word(metrics, texts[c]) + cell_pad,
        )
        for c in range(count)
    ]
    bar = table.verticalScrollBar()
    available = table.viewport().width() - (0 if bar.isVisible() else bar.sizeHint().width())
    widths = list(natural)
    for group in order:
        if sum(widths) <= available:
            break
        # The columns of earlier groups are at their least already; this group gives way.
        columns = [c for c in group if c < count]
        floor = [min(widths[c], least[c]) if c in columns else widths[c] for c in range(count)]
        widths = share_out(widths, floor, columns, available)
    for c in range(count):
        header.setSectionResizeMode(c, header.ResizeMode.Interactive)
        header.resizeSection(c, widths[c])
    shown = [header.sectionSize(c) for c in range(count)]  # the last may stretch
    _grow_header(table, heads, head_pad, shown, metrics)
    _grow_rows(table, texts, shown, content, cell_pad, metrics)


def _grow_header(
    table: QTableView,
    heads: list[str],
    pads: list[int],
    widths: list[int],
    metrics: QFontMetrics,
) -> None:
    header = table.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | _WRAP)
    lines = max(
        header_lines(metrics, h, w - p) for h, p, w in zip(heads, pads, widths, strict=True)
    )
    header.setMinimumHeight(0)
    one_line = header.sizeHint().height()
    header.setMinimumHeight(one_line + (lines - 1) * metrics.lineSpacing())


def _grow_rows(
    table: QTableView,
    texts: list[list[str]],
    widths: list[int],
    content: list[int],
    pad: int,
    metrics: QFontMetrics,
) -> None:
    rows = table.verticalHeader()
    # The header's default height does not follow the text size; a line of text needs this.
    one_line = max(rows.defaultSectionSize(), metrics.lineSpacing() + 4)
    wrapped = [c for c in range(len(widths)) if widths[c] < content[c]]
    known: dict[tuple[str, int], int] = {}
    for r in range(table.model().rowCount()):
        lines = 1
        for c in wrapped:
            key = (texts[c][r], widths[c] - pad)
            if key not in known:
                known[key] = len(wrap_at_spaces(metrics, *key))
            lines = max(lines, known[key])
        height = one_line + (lines - 1) * metrics.lineSpacing()
        if rows.sectionSize(r) != height:
            rows.resizeSection(r, height)
