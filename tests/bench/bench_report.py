"""Report figures: the PDF for the whole 20-year demo diary and for its last 3 months."""

from __future__ import annotations

import itertools
from datetime import timedelta

from diary.report.document import Paper, ReportDocument, default_period, write_pdf
from diary.store.gateway import Diary
from tests.bench.shared import best_of, demo_diary, work_dir


def bench() -> list[tuple[str, float, str]]:
    import os

    from PySide6.QtWidgets import QApplication

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication(["bench"])
    source = demo_diary(20)
    out = work_dir() / "report-bench"
    out.mkdir(exist_ok=True)
    runs = itertools.count()

    def report(days: int | None) -> None:
        # What `rls-diary report` does once Qt is up: read, analyse, lay out, paint, write.
        with Diary.open(source, create=False, read_only=True) as diary:
            contents = diary.contents()
            today = diary.today()
        whole = default_period(contents, today)
        start = whole.start if days is None else whole.end - timedelta(days=days - 1)
        document = ReportDocument(contents, start, whole.end, today)
        write_pdf(document, out / f"report-{next(runs)}.pdf", Paper.A4)

    whole = best_of(lambda: report(None), repeat=3)
    recent = best_of(lambda: report(91), repeat=3)
    del app
    return [
        ("report PDF, whole 20-year diary", whole, "≤ 3 s"),
        ("report PDF, last 3 months of it", recent, "≤ 1.5 s"),
    ]


if __name__ == "__main__":
    for name, seconds, target in bench():
        print(f"{name:<40} {seconds * 1000:8.0f} ms  {target}")
