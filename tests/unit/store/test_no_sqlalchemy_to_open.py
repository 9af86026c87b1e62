"""Opening a diary at the current schema, reading and writing it loads neither SQLAlchemy
nor Alembic (they are for creating a diary and migrating an older one only)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from diary.records import LabResult, Night
from tests.unit.store.helpers import TODAY, open_diary

CHILD = """
import sys
from datetime import date
from diary.records import LabResult, Night
from diary.store.gateway import Diary

with Diary.open(sys.argv[1], today=lambda: date(2026, 3, 5)) as diary:
    diary.prepare_writes()
    stored = diary.add(LabResult(date(2026, 3, 2), "ferritin", 52, "ug/L"))
    diary.update(stored)
    diary.save_night(Night(date(2026, 3, 2), 3))
    print(len(diary.contents().labs), len(diary.nights()))
print(sorted({m.split(".")[0] for m in sys.modules} & {"sqlalchemy", "alembic"}))
"""


def test_opening_reading_and_writing_a_current_diary_loads_no_sqlalchemy(tmp_path: Path) -> None:
    path = tmp_path / "diary.sqlite"
    with open_diary(path, auto_backup=False) as diary:  # created here, with Alembic
        diary.add(LabResult(TODAY, "ferritin", 40, "ug/L"))
        diary.save_night(Night(TODAY, 5))
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True
    )
    assert done.stdout.split("\n")[:2] == ["2 2", "[]"]
