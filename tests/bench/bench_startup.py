"""Start-up: process start to a window accepting input, bare PySide6 vs RLS Diary (20 years)."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.shared import demo_diary, work_dir

RUNS = 5
LIMIT = 3.0

# Each child prints "ready" from the first turn of its event loop: the window is shown and
# input events are being processed from then on.
_CHILD = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

app = QApplication(sys.argv[:1])
if sys.argv[1] == "bare":
    window = QMainWindow()
    window.setCentralWidget(QLabel("Hello"))
    window.show()
else:
    from diary.ui import build_window

    window = build_window(sys.argv[2])

def ready():
    loaded = "matplotlib" in sys.modules
    print("ready", "matplotlib" if loaded else "no-matplotlib", flush=True)
    app.quit()

QTimer.singleShot(0, ready)
app.exec()
window.close()
"""


def _start(mode: str, diary: Path, env: dict[str, str]) -> tuple[float, str]:
    """Seconds from spawning the process to its window accepting input."""
    begin = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", _CHILD, mode, str(diary)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - begin
    _, err = proc.communicate(timeout=60)
    if not line.startswith("ready"):
        raise RuntimeError(f"{mode} start-up failed: {err.strip()[-2000:]}")
    return elapsed, line.split()[1]


def bench() -> list[tuple[str, float, str] | tuple[str, float, str, str]]:
    diary = work_dir() / "startup.sqlite"
    shutil.copy(demo_diary(20), diary)
    home = Path(tempfile.mkdtemp(prefix="rls-startup-home-", dir=work_dir()))
    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "RLS_DIARY_HOME": str(home),  # private settings; never the user's
        "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])),
    }
    _start("bare", diary, env)  # warm-up: disk cache, and the diary's daily backup
    _start("window", diary, env)
    bare, app = [], []
    plotting = set()
    for _ in range(RUNS):  # alternated, so both see the same machine conditions
        bare.append(_start("bare", diary, env)[0])
        seconds, loaded = _start("window", diary, env)
        app.append(seconds)
        plotting.add(loaded)
    b, a = statistics.median(bare), statistics.median(app)
    ratio = a / b
    print(
        f"start-up: bare window {b * 1000:.0f} ms, RLS Diary {a * 1000:.0f} ms, "
        f"ratio {ratio:.2f} (limit {LIMIT:.0f}×); matplotlib at start-up: "
        f"{'YES' if 'matplotlib' in plotting else 'no'}"
    )
    return [
        ("start-up: bare PySide6 window (median)", b, "reference"),
        ("start-up: window on 20-year demo (median)", a, f"≤ {LIMIT:.0f}× bare"),
        ("start-up: ratio to bare window", ratio, f"≤ {LIMIT:.1f}", "×"),
    ]


if __name__ == "__main__":
    for row in bench():
        print(row)
