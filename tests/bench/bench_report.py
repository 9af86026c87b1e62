"""Report figures: the PDF for the whole 20-year demo diary and for its last 3 months.

Besides the totals it prints where the time goes in the fastest run of each: reading the
diary, analysis and content, each chart, the layout, and painting (and writing) each page.
"""

from __future__ import annotations

import itertools
import time
from datetime import timedelta

from diary.report.document import Paper, ReportDocument, default_period, write_pdf
from diary.store.gateway import Diary
from tests.bench.shared import demo_diary, work_dir


def bench() -> list[tuple[str, float, str]]:
    import os

    from PySide6.QtWidgets import QApplication

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication(["bench"])
    source = demo_diary(20)
    out = work_dir() / "report-bench"
    out.mkdir(exist_ok=True)
    runs = itertools.count()

    def report(days: int | None) -> tuple[float, float, dict[str, float]]:
        # What `rls-diary report` does once Qt is up: read, analyse, lay out, paint, write.
        cpu = time.process_time()
        began = time.perf_counter()
        with Diary.open(source, create=False, read_only=True) as diary:
            contents = diary.contents()
            today = diary.today()
        read = time.perf_counter() - began
        whole = default_period(contents, today)
        start = whole.start if days is None else whole.end - timedelta(days=days - 1)
        document = ReportDocument(contents, start, whole.end, today)
        write_pdf(document, out / f"report-{next(runs)}.pdf", Paper.A4)
        wall = time.perf_counter() - began
        return wall, time.process_time() - cpu, {"read the diary": read, **document.timings}

    rows = []
    for name, days, target in (
        ("whole 20-year diary", None, "≤ 2.5 s"),
        ("last 3 months of it", 91, "≤ 1 s"),
    ):
        total, cpu, parts = min((report(days) for _ in range(3)), key=lambda r: r[0])
        # CPU time too: on a shared machine the wall clock also counts other programs.
        print(f"report PDF, {name}: {total * 1000:.0f} ms ({cpu * 1000:.0f} ms CPU), of which")
        for what, seconds in parts.items():
            print(f"    {what:<28} {seconds * 1000:7.0f} ms")
        rows.append((f"report PDF, {name}", total, target))
    del app
    return rows


if __name__ == "__main__":
    for name, seconds, target in bench():
        print(f"{name:<40} {seconds * 1000:8.0f} ms  {target}")
