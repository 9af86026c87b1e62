"""Render the app icon's PNGs from its SVG with QSvgRenderer: `python resources/make_icons.py`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ICON_NAME = "org.rlsdiary.RLSDiary"
SIZES = (16, 32, 48, 64, 128, 256, 512)
HICOLOR = Path(__file__).resolve().parent / "icons" / "hicolor"
SVG = HICOLOR / "scalable" / "apps" / f"{ICON_NAME}.svg"


def png_path(size: int, root: Path = HICOLOR) -> Path:
    return root / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"


def render(svg: Path = SVG, root: Path = HICOLOR, sizes: tuple[int, ...] = SIZES) -> list[Path]:
    """Write one PNG per size under `root` in the freedesktop hicolor layout."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])  # QPainter needs one
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not a valid SVG")
    written = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        out = png_path(size, root)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(out), "PNG"):
            raise SystemExit(f"could not write {out}")
        written.append(out)
    return written


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for path in render():
        print(path.relative_to(HICOLOR.parent.parent))
    sys.exit(0)
