"""Privacy: no module opens a socket when imported; logs never carry the patient's data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# Run in a fresh interpreter: every diary module is imported with socket creation and
# name lookups recorded (and refused), then the list of attempts is printed as JSON.
_IMPORT_ALL = r"""
import json, pkgutil, socket, sys, importlib
attempts = []
class Guard(socket.socket):
    def __init__(self, family=-1, *a, **k):
        attempts.append(("socket", str(family)))
        raise OSError("network blocked by the privacy test")
def lookup(*a, **k):
    attempts.append(("lookup", str(a[:1])))
    raise OSError("network blocked by the privacy test")
socket.socket = Guard
socket.create_connection = lookup
socket.getaddrinfo = lookup
import diary
names = [m.name for m in pkgutil.walk_packages(diary.__path__, "diary.")
         if not m.name.endswith(("__main__", "migrations.env"))]  # app start; alembic-only
failed = []
for name in names:
    try:
        importlib.import_module(name)
    except Exception as exc:
        failed.append(f"{name}: {type(exc).__name__}: {exc}")
print(json.dumps({"modules": names, "attempts": attempts, "failed": failed}))
"""


def import_everything() -> dict[str, list]:
    """Import every diary module in a child process; what it tried on the network."""
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_ALL],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]
