"""Starting RLS Diary at login, for the evening reminder: Linux and macOS (not Windows yet).

Linux: a freedesktop autostart entry `~/.config/autostart/org.rlsdiary.RLSDiary.desktop`
(XDG autostart spec). macOS: a LaunchAgent `~/Library/LaunchAgents/org.rlsdiary.RLSDiary.plist`
with RunAtLoad. Both start the app with RLS_DIARY_START_IN_TRAY=1 so that it can start in
the tray instead of opening its window. Windows: not done (it would be a value under
HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run); `supported` is False there.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from diary import APP_ID, APP_NAME
from diary.paths import atomic_file

START_IN_TRAY_ENV = "RLS_DIARY_START_IN_TRAY"


def started_for_reminder() -> bool:
    """True when this process was started at login for the reminder (start in the tray)."""
    return os.environ.get(START_IN_TRAY_ENV) == "1"


def launch_command() -> list[str]:
    """How to start this same app again: the frozen executable, the script, or `-m diary`."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    script = shutil.which("rls-diary")
    if script:
        return [script]
    return [sys.executable, "-m", "diary"]


def _exec_quote(arg: str) -> str:
    """Quote one argument of a desktop entry's Exec key (Desktop Entry spec, "Exec key")."""
    arg = arg.replace("%", "%%")  # field codes start with %
    if arg and not any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`"):
        return arg
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    return f'"{escaped}"'


def desktop_entry(command: list[str]) -> str:
    """The autostart entry's text."""
    exec_line = " ".join(_exec_quote(a) for a in ["env", f"{START_IN_TRAY_ENV}=1", *command])
    # the file's own string escaping comes on top of the Exec quoting: \\ for each \
    exec_line = exec_line.replace("\\", "\\\\")
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        f"Name={APP_NAME} reminder\n"
        "Comment=Starts RLS Diary in the system tray for the evening reminder\n"
        f"Exec={exec_line}\n"
        f"Icon={APP_ID}\n"
        "Terminal=false\n"
        "NoDisplay=true\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def launch_agent(command: list[str]) -> bytes:
    """The macOS LaunchAgent's plist."""
    import plistlib  # here: every start imports this module, few need a plist

    return plistlib.dumps(
        {
            "Label": APP_ID,
            "ProgramArguments": command,
            "EnvironmentVariables": {START_IN_TRAY_ENV: "1"},
            "RunAtLoad": True,
            "ProcessType": "Interactive",
        }
    )


def _default_folder(platform: str) -> Path | None:
    if platform.startswith("linux") or platform.startswith("freebsd"):
        config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
        return Path(config) / "autostart"
    if platform == "darwin":
        return Path.home() / "Library" / "LaunchAgents"
    return None


class Autostart:
    """Writes or removes the at-login entry; `folder` and `command` are injectable for tests."""

    def __init__(
        self,
        folder: Path | None = None,
        command: list[str] | None = None,
        platform: str = sys.platform,
    ) -> None:
        self.platform = platform
        self.folder = folder if folder is not None else _default_folder(platform)
        self.command = command
        self.is_mac = platform == "darwin"

    @property
    def supported(self) -> bool:
        return self.folder is not None

    @property
    def path(self) -> Path | None:
        if self.folder is None:
            return None
        return self.folder / (f"{APP_ID}.plist" if self.is_mac else f"{APP_ID}.desktop")

    def is_enabled(self) -> bool:
        return self.path is not None and self.path.exists()

    def enable(self) -> Path:
        if self.path is None:
            raise OSError(f"Starting at login is not supported on {self.platform}.")
        command = self.command or launch_command()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_file(self.path) as tmp:
            if self.is_mac:
                tmp.write_bytes(launch_agent(command))
            else:
                tmp.write_text(desktop_entry(command), encoding="utf-8")
        return self.path

    def disable(self) -> None:
        if self.path is not None:
            self.path.unlink(missing_ok=True)
