"""The built app's entry point: `rls-diary` as usual, plus `--smoke-test` for `make dist-smoke`.

`rls-diary --smoke-test --diary PATH` opens the window on PATH, checks it is shown, closes
it and quits with 0 (1 if the window never showed). RLS_DIARY_SMOKE_TEST=1 does the same.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

SMOKE_FLAG = "--smoke-test"
SMOKE_ENV = "RLS_DIARY_SMOKE_TEST"
SMOKE_SHOWN_MS = 1500


def smoke_test(diary_path: Path) -> int:
    """Open the window on `diary_path`, close it again, and report what was shown."""
    from PySide6.QtCore import QTimer

    from diary.logs import setup_logging, stop_logging
    from diary.ui.app import build_window, ensure_app
    from diary.ui.desktop import apply_identity

    app = ensure_app()
    apply_identity(app)
    log_file = setup_logging()
    window = build_window(diary_path)
    seen: dict[str, object] = {}

    def check_and_quit() -> None:
        seen["visible"] = window.isVisible()
        seen["title"] = window.windowTitle()
        seen["nights"] = window.diary.counts()["nights"]
        window.close()
        app.quit()

    QTimer.singleShot(SMOKE_SHOWN_MS, check_and_quit)
    app.exec()
    stop_logging()
    ok = bool(seen.get("visible"))
    print(
        f"smoke-test: {'ok' if ok else 'FAILED'}: window shown={seen.get('visible')} "
        f"title={seen.get('title')!r} nights={seen.get('nights')} log={log_file}",
        flush=True,
    )
    return 0 if ok else 1


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if SMOKE_FLAG in args or os.environ.get(SMOKE_ENV) == "1":
        parser = argparse.ArgumentParser(prog="rls-diary --smoke-test")
        parser.add_argument(SMOKE_FLAG, action="store_true")
        parser.add_argument("--diary", required=True)
        smoke = parser.parse_args(args)
        return smoke_test(Path(smoke.diary).expanduser().absolute())
    from diary.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
