"""The built app's entry point, run from source: `--smoke-test` opens the window and quits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from diary.demo import write_demo

ROOT = Path(__file__).resolve().parents[2]
ENTRY = ROOT / "packaging" / "rls_diary_app.py"


def _run(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "RLS_DIARY_HOME": str(home)}
    return subprocess.run(
        [sys.executable, str(ENTRY), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )


def test_smoke_test_shows_the_demo_diary_and_quits_cleanly(tmp_path: Path) -> None:
    demo = tmp_path / "demo.sqlite"
    write_demo(demo, years=1)
    result = _run(["--smoke-test", "--diary", str(demo)], tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert "smoke-test: ok: window shown=True" in result.stdout
    assert "title='demo.sqlite — RLS Diary'" in result.stdout
    assert "Traceback" not in result.stderr
    log = (tmp_path / "home" / "logs" / "rls-diary.log").read_text(encoding="utf-8")
    assert "log started" in log
    assert "Demo Patient" not in log


def test_without_the_flag_it_is_the_normal_command_line(tmp_path: Path) -> None:
    result = _run(["--version"], tmp_path / "home")
    assert result.returncode == 0
    assert result.stdout.strip().startswith("rls-diary ")
