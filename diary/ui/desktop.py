"""Desktop integration: the app's name, version and icon, and Help → "Open log folder"."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtGui import QAction, QGuiApplication, QIcon
from PySide6.QtWidgets import QMenu

from diary import APP_ID, APP_NAME, __version__
from diary.paths import ensure_private_dir, log_dir

ORGANIZATION_NAME = APP_NAME
ORGANIZATION_DOMAIN = "rlsdiary.org"
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)


def resources_dir() -> Path:
    """`resources/` of a source checkout, or the copy a PyInstaller build bundles."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def icon_files(root: Path | None = None) -> list[Path]:
    """The icon's PNG sizes then its SVG, as far as they exist."""
    hicolor = (root or resources_dir()) / "icons" / "hicolor"
    pngs = [hicolor / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in ICON_SIZES]
    svg = hicolor / "scalable" / "apps" / f"{APP_ID}.svg"
    return [p for p in (*pngs, svg) if p.exists()]


def app_icon(root: Path | None = None) -> QIcon:
    """The app icon with every size; the desktop's themed icon when the files are missing."""
    icon = QIcon()
    files = icon_files(root)
    # The PNGs (16 to 512 px) cover every size a desktop draws the icon at; the SVG is used
    # only without them (it loads Qt's SVG engine, a noticeable part of start-up).
    for path in [p for p in files if p.suffix == ".png"] or files:
        # each PNG's size from its folder ("48x48"): Qt then reads no file until it draws
        side, _, _ = path.parent.parent.name.partition("x")
        size = QSize(int(side), int(side)) if side.isdigit() else QSize()
        icon.addFile(str(path), size)
    if icon.isNull():
        icon = QIcon.fromTheme(APP_ID)
    return icon


def apply_identity(app: QGuiApplication) -> None:
    """Name, organisation, version, icon and desktop file name, set on the application.

    Call right after the QApplication is created, before any QSettings is made.
    """
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setOrganizationName(ORGANIZATION_NAME)
    QCoreApplication.setOrganizationDomain(ORGANIZATION_DOMAIN)
    QCoreApplication.setApplicationVersion(__version__)
    QGuiApplication.setApplicationDisplayName(APP_NAME)
    # matches resources/org.rlsdiary.RLSDiary.desktop, so the desktop groups our windows
    QGuiApplication.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())


def open_log_folder(folder: Path | None = None) -> bool:
    """Show the support log's folder in the file manager; False if that could not be done."""
    folder = Path(folder) if folder is not None else log_dir()
    ensure_private_dir(folder)
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def add_log_folder_action(menu: QMenu, folder: Path | None = None) -> QAction:
    """Add Help → "Open log folder" to `menu`."""
    action = menu.addAction("Open &log folder")
    action.setStatusTip("Show the folder of the support log (it holds no health data)")
    action.triggered.connect(lambda: open_log_folder(folder))
    return action
