"""The Qt window: app start, main window, pages and dialogs (the only layer importing Qt)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from diary.ui.app import build_window, run_app

__all__ = ["build_window", "run_app"]


def __getattr__(name: str) -> Any:
    # Imported on first use, so `import diary.ui.<module>` stays light.
    if name in __all__:
        from diary.ui import app

        return getattr(app, name)
    raise AttributeError(name)
