"""Smoke-test the built app: a demo diary, the window offscreen, a clean exit, the folder size.

    python packaging/smoke_test.py dist/rls-diary

Everything runs inside a temporary folder (RLS_DIARY_HOME), so no real diary, setting or log
is touched. Exits non-zero if any step fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

TIMEOUT_S = 180


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def executable(folder: Path) -> Path:
    for name in ("rls-diary", "rls-diary.exe"):
        if (folder / name).is_file():
            return folder / name
    raise SystemExit(f"no rls-diary executable in {folder}; run `make dist` first")


def run(cmd: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    print("$", " ".join(cmd), flush=True)
    result = subprocess.run(
        cmd, env=env, capture_output=True, text=True, timeout=TIMEOUT_S, check=False
    )
    if result.stdout.strip():
        print(result.stdout.rstrip())
    problems = [
        line
        for line in result.stderr.splitlines()
        if "Traceback" in line or "Error" in line or "QObject::" in line
    ]
    if result.returncode != 0 or problems:
        print(result.stderr, file=sys.stderr)
        raise SystemExit(f"FAILED (exit {result.returncode}): {' '.join(cmd)}")
    return result


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        raise SystemExit(__doc__)
    folder = Path(argv[0]).absolute()
    app = str(executable(folder))
    with tempfile.TemporaryDirectory(prefix="rls-diary-smoke-") as tmp:
        home = Path(tmp) / "home"
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "RLS_DIARY_HOME": str(home),
            "XDG_CONFIG_HOME": str(Path(tmp) / "config"),
        }
        env.pop("RLS_DIARY_SMOKE_TEST", None)
        version = run([app, "--version"], env).stdout.strip()
        demo = Path(tmp) / "demo.sqlite"
        run([app, "demo", str(demo)], env)
        shown = run([app, "--smoke-test", "--diary", str(demo)], env).stdout
        if "smoke-test: ok" not in shown:
            raise SystemExit("FAILED: the window was not shown")
        log = home / "logs" / "rls-diary.log"
        if not log.is_file():
            raise SystemExit(f"FAILED: no log file at {log}")
        if "Demo Patient" in log.read_text(encoding="utf-8"):
            raise SystemExit("FAILED: the log holds the patient's name")
    size = folder_size(folder)
    print(f"{version}: started offscreen on a demo diary and quit cleanly.")
    print(f"Folder size of {folder}: {size / 1e6:.0f} MB ({size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
