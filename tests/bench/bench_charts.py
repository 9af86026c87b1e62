"""Chart figures: build and draw each chart, open the Insights page, peak memory (20-year demo)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from tests.bench.shared import BENCH_TODAY, best_of, demo_diary, work_dir

_CHILD = """
import sys, time
from datetime import date
from PySide6.QtCore import QEventLoop
from diary.ui import build_window
from diary.ui.app import ensure_app
from diary.ui.insights_page import preload_charts
from diary.ui.settings import AppSettings
app = ensure_app()
today = date.fromisoformat(sys.argv[2])
window = build_window(sys.argv[1], settings=AppSettings.at(sys.argv[3]), today=lambda: today)
app.processEvents()
assert 'matplotlib' not in sys.modules
preload_charts().join()  # as after start-up, when the window is idle
start = time.perf_counter()
page = window.show_page('insights')
loop = QEventLoop()  # the analysis is worked out on a worker thread: wait until it is shown
page.analysis_shown.connect(loop.quit)
if page.analysis is None:
    loop.exec()
page.views[0].canvas.draw()
print(time.perf_counter() - start)
window.close()
"""


def bench() -> list[tuple]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from diary.analysis import analyse
    from diary.charts import after_infusion, ferritin_response, sleep, timeline
    from diary.store.gateway import Diary

    path = demo_diary(20)
    with Diary.open(path, read_only=True) as diary:
        contents = diary.contents()
    analysis = analyse(contents, BENCH_TODAY)
    year = (BENCH_TODAY - timedelta(365), BENCH_TODAY)
    builders = {
        "timeline": lambda p: timeline.build(analysis, contents, p),
        "symptoms against ferritin": lambda p: ferritin_response.build(analysis, p),
        "after an infusion": lambda p: after_infusion.build(analysis, p),
        "sleep": lambda p: sleep.build(analysis, p),
    }
    rows: list[tuple] = []
    for name, build in builders.items():
        for label, period in (("all 20 years", None), ("last year", year)):

            def draw(build=build, period=period) -> None:
                fig = build(period)
                FigureCanvasAgg(fig)
                fig.set_size_inches(9.0, 5.2)  # the chart's size in a 1024x768 window
                fig.canvas.draw()

            rows.append((f"chart: {name}, {label} (build + draw)", best_of(draw), "≤ 150 ms"))

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "RLS_DIARY_HOME": str(work_dir())}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            _CHILD,
            str(path),
            BENCH_TODAY.isoformat(),
            str(work_dir() / "bench-settings.ini"),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    opening = float(out.stdout.strip().splitlines()[-1])
    rows.append(("open the Insights page (read, analyse, first chart)", opening, "≤ 0.5 s"))
    if peak_kib > before:  # ru_maxrss of children is the largest child so far
        rows.append(("peak memory, window with Insights open", peak_kib / 1024, "≤ 300 MiB", "MiB"))
    return rows


if __name__ == "__main__":
    start = time.perf_counter()
    for row in bench():
        print(row)
