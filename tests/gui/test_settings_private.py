"""The app's settings file names recent diaries: only its owner may read it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from diary.ui.settings import AppSettings


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_settings_ini_is_readable_by_its_owner_only(tmp_path: Path, qapp) -> None:
    os.umask(0o022)
    path = tmp_path / "home" / "settings.ini"
    settings = AppSettings.at(path)
    settings.add_recent(tmp_path / "my diary.sqlite")
    assert _mode(path) == 0o600
    AppSettings.at(path).set_reminder_enabled(True)  # another writer of the same file
    settings.set_text_size(150)
    assert _mode(path) == 0o600
    assert AppSettings.at(path).recent_diaries() == [tmp_path / "my diary.sqlite"]


def test_an_existing_readable_settings_file_is_made_private(tmp_path: Path, qapp) -> None:
    path = tmp_path / "settings.ini"
    path.write_text("[view]\ntext_size=125\n", encoding="utf-8")
    path.chmod(0o644)
    assert AppSettings.at(path).text_size() == 125
    assert _mode(path) == 0o600
