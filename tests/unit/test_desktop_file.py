"""The freedesktop files: the .desktop entry validates, names the app id, and its icon exists."""

from __future__ import annotations

import configparser
import subprocess
from pathlib import Path

import pytest

from diary import APP_ID, APP_NAME
from diary.autostart import desktop_entry

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
DESKTOP = RESOURCES / f"{APP_ID}.desktop"
METAINFO = RESOURCES / f"{APP_ID}.metainfo.xml"
HICOLOR = RESOURCES / "icons" / "hicolor"

needs_validator = pytest.mark.needs_tool("desktop-file-validate")


def _validate(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["desktop-file-validate", str(path)], capture_output=True, text=True, check=False
    )


def _entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


@needs_validator
def test_desktop_file_passes_desktop_file_validate() -> None:
    result = _validate(DESKTOP)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower()


@needs_validator
def test_the_validator_does_catch_a_broken_entry(tmp_path: Path) -> None:
    broken = tmp_path / f"{APP_ID}.desktop"
    broken.write_text(DESKTOP.read_text().replace("Type=Application\n", ""), encoding="utf-8")
    assert _validate(broken).returncode != 0


def test_desktop_file_names_the_app_and_its_icon() -> None:
    entry = _entry(DESKTOP)
    assert DESKTOP.name == f"{APP_ID}.desktop"
    assert entry["Name"] == APP_NAME
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].split()[0] == "rls-diary"
    assert entry["Terminal"] == "false"


def test_icon_exists_as_svg_and_every_png_size() -> None:
    from PIL import Image

    assert (HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    for size in (16, 32, 48, 64, 128, 256, 512):
        with Image.open(HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png") as png:
            assert png.size == (size, size)
            assert png.mode == "RGBA"
            # transparent corners (rounded square), an opaque middle
            assert png.getpixel((0, 0))[3] == 0
            assert png.getpixel((size // 2, size // 2))[3] == 255


@pytest.mark.needs_tool("appstreamcli")
def test_metainfo_validates() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f'<launchable type="desktop-id">{DESKTOP.name}</launchable>' in METAINFO.read_text()


@needs_validator
@pytest.mark.parametrize(
    "command",
    [
        ["/usr/bin/rls-diary"],
        ["/home/ann smith/My Apps/RLS Diary/rls-diary"],
        ['/opt/odd$path/with"quote`and\\backslash 100%/rls-diary'],
        ["/usr/bin/python3", "-m", "diary"],
    ],
)
def test_autostart_entry_validates_for_awkward_paths(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / f"{APP_ID}.desktop"
    path.write_text(desktop_entry(command), encoding="utf-8")
    result = _validate(path)
    assert result.returncode == 0, result.stdout + result.stderr
