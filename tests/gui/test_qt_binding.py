"""Guards against a Qt binding that corrupts Python's reference counts (PySide6 6.12.0).

That release drops a reference to None on every QPainter call that returns nothing. On
Python 3.11 None's count then reaches zero and the interpreter aborts ("Fatal Python error:
deallocating None"), taking the app and any unsaved text with it. So the test does what the
app does, in a fresh process: paint with calls returning None more times than None has
references, and the process must finish cleanly. (From Python 3.12 None is immortal and the
same binding is harmless; the process must still finish cleanly there.)
"""

from __future__ import annotations

import os
import subprocess
import sys

PAINT = """
import sys
from PySide6.QtGui import QGuiApplication, QImage, QPainter, QPen
app = QGuiApplication([])
image = QImage(64, 64, QImage.Format.Format_ARGB32)
painter = QPainter(image)
start = sys.getrefcount(None)
# more calls than None has references (from 3.12 its count is a fixed, immortal value)
calls = (start if sys.version_info < (3, 12) else 0) + 100_000
for _ in range(calls // 2):
    painter.setPen(QPen())
    painter.drawLine(0, 0, 10, 10)
painter.end()
print(calls, start, sys.getrefcount(None))
"""


def test_painting_does_not_drop_references_to_none() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", PAINT], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, (
        "painting crashed the interpreter: this PySide6 build drops references to None "
        f"(see pyproject.toml):\n{done.stderr[-2000:]}"
    )
    calls, before, after = (int(n) for n in done.stdout.split())
    assert calls >= 100_000, "the painting loop did not run"
    assert after >= before - 100, "references to None were lost"
