"""Screenshots of every page of the window, at 100 % and 200 % text, light and dark.

`make screenshots` runs this offscreen on a fresh demo diary and writes
docs/screenshots/<page>-<text size>-<theme>.png (1024 x 768, compressed as far as PNG goes),
so a reader sees the window without running it.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
TODAY = date(2026, 3, 5)
SIZES = (100, 200)
SCHEMES = ("light", "dark")


def _settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def main() -> int:
    from diary.demo import write_demo
    from diary.ui.app import build_window, ensure_app
    from diary.ui.settings import AppSettings
    from diary.ui.text_size import apply_text_size
    from diary.ui.theme import apply_scheme, apply_theme

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["RLS_DIARY_HOME"] = str(folder / "home")
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
        path = folder / "demo.sqlite"
        write_demo(path, seed=3, years=2, end=TODAY - timedelta(days=1))
        app = ensure_app()
        apply_theme(app)
        # a caret that does not blink: a blinking one is in the picture or not by chance
        app.styleHints().setCursorFlashTime(0)
        window = build_window(
            path,
            settings=AppSettings.at(folder / "settings.ini"),
            today=lambda: TODAY,
            demo=True,
        )
        window.resize(1024, 768)
        written = []
        for scheme in SCHEMES:
            apply_scheme(app, scheme)
            for size in SIZES:
                apply_text_size(app, size)
                for key in window.page_keys():
                    window.show_page(key, focus=True)
                    _settle(app)
                    image = window.grab().toImage()
                    small = image.convertToFormat(QImage.Format.Format_RGB888)
                    name = OUT / f"{key}-{size}-{scheme}.png"
                    small.save(str(name), "PNG", 0)  # 0: smallest file
                    written.append(name)
        window.close()
        window.model.diary.close()
    total = sum(p.stat().st_size for p in written)
    print(f"wrote {len(written)} screenshots to {OUT} ({total // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
