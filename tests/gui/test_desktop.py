"""Desktop identity (name, version, icon, desktop file name) and Help → Open log folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QObject, QSize, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QMenu

from diary import APP_ID, APP_NAME, __version__
from diary.paths import log_dir
from diary.ui.desktop import (
    add_log_folder_action,
    app_icon,
    apply_identity,
    icon_files,
    resources_dir,
)


class UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def handle(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def catcher():
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "handle")
    yield catcher
    QDesktopServices.unsetUrlHandler("file")


def test_identity_is_set_on_the_application(qapp: QApplication) -> None:
    apply_identity(qapp)
    assert QCoreApplication.applicationName() == APP_NAME
    assert QCoreApplication.applicationVersion() == __version__
    assert QCoreApplication.organizationName() == APP_NAME
    assert QGuiApplication.desktopFileName() == APP_ID
    assert not qapp.windowIcon().isNull()


def test_icon_has_every_size_from_the_resources(qapp: QApplication) -> None:
    files = icon_files()
    assert len(files) == 8
    assert files[-1].suffix == ".svg"
    icon = app_icon()
    for size in (16, 32, 48, 256):
        assert icon.actualSize(QSize(size, size)) == QSize(size, size)
        assert not icon.pixmap(size, size).toImage().isNull()


def test_the_scalable_icon_serves_when_the_sizes_are_missing(tmp_path: Path) -> None:
    svg = next(p for p in icon_files() if p.suffix == ".svg")
    copy = tmp_path / svg.relative_to(resources_dir())
    copy.parent.mkdir(parents=True)
    shutil.copy(svg, copy)
    icon = app_icon(tmp_path)
    assert not icon.pixmap(48, 48).toImage().isNull()


def test_a_missing_resources_folder_falls_back_to_the_theme(tmp_path: Path) -> None:
    assert icon_files(tmp_path) == []
    app_icon(tmp_path)  # no crash; the desktop theme's icon (maybe none) is used


def test_open_log_folder_opens_the_private_log_folder(
    qapp: QApplication, catcher: UrlCatcher
) -> None:
    menu = QMenu()
    action = add_log_folder_action(menu)
    assert action.text().replace("&", "") == "Open log folder"
    action.trigger()
    assert [u.toLocalFile() for u in catcher.urls] == [str(log_dir())]
    assert log_dir().is_dir()
    assert (log_dir().stat().st_mode & 0o777) == 0o700
