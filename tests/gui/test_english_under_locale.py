"""Under a German locale the app's text stays English: month and weekday names, decimals.

Qt sets the C library's locale from the environment when the application starts, so `%B`
or `calendar.month_abbr` would turn "March" into "März" in one corner of the app. The text
producers are run in a fresh process started with LC_ALL=de_DE.UTF-8, after a QApplication
exists, exactly as in the app.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

PRODUCE = """
import json, sys
from datetime import UTC, date, datetime
from pathlib import Path
from diary.ui.app import ensure_app
app = ensure_app()  # as the app makes it

from diary import words
from diary.analysis import sentences
from diary.charts.style import DateLabels, Style
from diary.errors import KnownError
from diary.night_dates import night_span
from diary.records import Night
from diary.report import text
from diary.store import backup
from diary.store.gateway import Diary
from diary.ui.diary_model import DiaryModel
from diary.ui.history_page import compact_span
from diary.ui.insights_page import InsightsPage

d = date(2026, 3, 2)
out = {"strftime": f"{d:%B %A}"}  # the locale really is German in this process
out["words"] = [words.day_month_year(d), words.weekday_short_date(d), words.number(6.45)]
out["night_dates"] = [night_span(d), words.weekday_day_month(d), compact_span(d)]
out["report"] = [text.day(d), text.short_day(d)]
out["sentences"] = [sentences._d(d)]
style = Style()
out["charts"] = [style.day(d), *DateLabels(style).format_ticks([20514.0, 20545.0, 20573.0])]
info = backup.BackupInfo(Path("x.sqlite"), datetime(2026, 3, 2, 12, tzinfo=UTC), "")
out["backup"] = [backup.when(info)]
with Diary.open(Path(sys.argv[1]), auto_backup=False, today=lambda: date(2026, 3, 5)) as diary:
    try:
        diary.delete_night(d)
    except KnownError as exc:
        out["store"] = [exc.message]
    model = DiaryModel(diary)
    model.save_night(Night(d, 4, 7.5))
    out["undo"] = [model.undo_stack.undoText()]
    page = InsightsPage(model, today=lambda: date(2026, 3, 5))
    out["insights"] = list(page.chart_style().month_names[:3])
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit
from diary.ui.widgets.date_field import DateField
field = DateField(d)
plain = QDateEdit(QDate(2026, 3, 2))  # as the report dialog's and the Insights period's
plain.setDisplayFormat("d MMM yyyy")
out["date_field"] = [field.text(), field.calendarWidget().locale().monthName(3), plain.text()]
print(json.dumps(out))
"""

GERMAN = ("März", "Montag", "Mär", "Mo ", "6,5", "Januar", "Februar")


@pytest.mark.needs_locale("de_DE.UTF-8")
def test_text_stays_english_under_a_german_locale(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "LC_ALL": "de_DE.UTF-8",
        "LANG": "de_DE.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
        "RLS_DIARY_HOME": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-c", PRODUCE, str(tmp_path / "d.sqlite")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout)
    assert out.pop("strftime") == "März Montag", "the locale was not German: nothing proved"
    assert out == {
        "words": ["2 March 2026", "Mon 2 Mar 2026", "6.5"],
        "night_dates": ["Mon 2 → Tue 3 March", "Mon 2 March", "Mon 2 → Tue 3 Mar 2026"],
        "report": ["2 Mar 2026", "2 Mar 26"],
        "sentences": ["2 March 2026"],
        "charts": out["charts"],  # checked below: their form depends on the tick spacing
        "backup": [out["backup"][0]],  # local time: checked below
        "store": ["There is no night of 2 March 2026 in the diary."],
        "undo": ["Save night of 2 Mar 2026"],
        "insights": ["Jan", "Feb", "Mar"],
        "date_field": ["2 Mar 2026", "March", "2 Mar 2026"],
    }
    assert out["charts"][0] in ("2 Mar 2026", "Mar 2, 2026")
    assert any("Mar" in label for label in out["charts"][1:])
    assert out["backup"][0].startswith("Mon 2 Mar 2026, ")
    every = json.dumps(out, ensure_ascii=False)
    assert not [word for word in GERMAN if word in every]
