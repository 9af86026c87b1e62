"""Starting at login for the reminder: the entry written, read back, and removed."""

from __future__ import annotations

import configparser
import plistlib
from pathlib import Path

import pytest

from diary import APP_ID
from diary.autostart import START_IN_TRAY_ENV, Autostart, desktop_entry, started_for_reminder


def _exec_args(entry_text: str) -> list[str]:
    """Undo the desktop entry's escaping and Exec quoting, as a launcher would."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(entry_text)
    raw = parser["Desktop Entry"]["Exec"].replace("\\\\", "\\")
    args, current, quoted, i, started = [], "", False, 0, False
    while i < len(raw):
        c = raw[i]
        if quoted and c == "\\" and i + 1 < len(raw):
            current, i = current + raw[i + 1], i + 2
            continue
        if c == '"':
            quoted, started = not quoted, True
        elif c == " " and not quoted:
            if started or current:
                args.append(current)
            current, started = "", False
        else:
            current += c
        i += 1
    if started or current:
        args.append(current)
    return [a.replace("%%", "%") for a in args]


@pytest.mark.parametrize(
    "command",
    [
        ["/usr/bin/rls-diary"],
        ["/home/ann smith/RLS Diary/rls-diary"],
        ['/opt/odd$path/with"quote`and\\backslash 100%/rls-diary'],
        ["/usr/bin/python3", "-m", "diary"],
    ],
)
def test_the_entry_starts_the_same_command_in_the_tray(command: list[str]) -> None:
    assert _exec_args(desktop_entry(command)) == ["env", f"{START_IN_TRAY_ENV}=1", *command]


def test_linux_enable_and_disable(tmp_path: Path) -> None:
    folder = tmp_path / "config" / "autostart"
    auto = Autostart(folder, command=["/usr/bin/rls-diary"], platform="linux")
    assert auto.supported
    assert not auto.is_enabled()
    path = auto.enable()
    assert path == folder / f"{APP_ID}.desktop"
    assert auto.is_enabled()
    assert "Exec=env RLS_DIARY_START_IN_TRAY=1 /usr/bin/rls-diary\n" in path.read_text()
    assert list(folder.iterdir()) == [path], "no temporary file left behind"
    auto.disable()
    assert not path.exists()
    assert not auto.is_enabled()
    auto.disable()  # turning off twice is fine


def test_linux_default_folder_follows_xdg_config_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert Autostart(platform="linux").folder == tmp_path / "cfg" / "autostart"


def test_macos_writes_a_launch_agent(tmp_path: Path) -> None:
    auto = Autostart(tmp_path, command=["/Applications/RLS Diary.app/rls-diary"], platform="darwin")
    path = auto.enable()
    assert path.name == f"{APP_ID}.plist"
    agent = plistlib.loads(path.read_bytes())
    assert agent["ProgramArguments"] == ["/Applications/RLS Diary.app/rls-diary"]
    assert agent["RunAtLoad"] is True
    assert agent["EnvironmentVariables"] == {START_IN_TRAY_ENV: "1"}


def test_windows_is_reported_unsupported() -> None:
    auto = Autostart(platform="win32")
    assert not auto.supported
    assert auto.path is None
    assert not auto.is_enabled()
    with pytest.raises(OSError, match="not supported"):
        auto.enable()


def test_started_for_reminder_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(START_IN_TRAY_ENV, raising=False)
    assert not started_for_reminder()
    monkeypatch.setenv(START_IN_TRAY_ENV, "1")
    assert started_for_reminder()
