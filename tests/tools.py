"""The system tools and locales some tests need, and one way to ask for them.

A missing tool skips the test with the line that installs it; with RLS_DIARY_REQUIRE_TOOLS=1
(set by `.ci/run`) it fails instead, so a run without them can never look green.
"""

from __future__ import annotations

import locale
import os
import shutil

import pytest

REQUIRE_VARIABLE = "RLS_DIARY_REQUIRE_TOOLS"

# tool -> the Debian/Ubuntu package that has it
PACKAGES = {
    "pdftotext": "poppler-utils",
    "pdfinfo": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "desktop-file-validate": "desktop-file-utils",
    "appstreamcli": "appstream",
}


def required() -> bool:
    return os.environ.get(REQUIRE_VARIABLE, "") not in ("", "0")


def _missing(message: str) -> None:
    if required():
        pytest.fail(f"{message} ({REQUIRE_VARIABLE} is set, so this fails)", pytrace=False)
    pytest.skip(message)


def require_tool(*names: str) -> None:
    """Skip (or fail, when tools are required) unless every named program is installed."""
    missing = [n for n in names if shutil.which(n) is None]
    if missing:
        packages = " ".join(sorted({PACKAGES.get(n, n) for n in missing}))
        _missing(f"{', '.join(missing)} not installed: sudo apt-get install {packages}")


def locale_available(name: str) -> bool:
    before = locale.setlocale(locale.LC_TIME)
    try:
        locale.setlocale(locale.LC_TIME, name)
    except locale.Error:
        return False
    finally:
        locale.setlocale(locale.LC_TIME, before)
    return True


def require_locale(name: str) -> None:
    """Skip (or fail, when tools are required) unless the locale `name` is generated."""
    if not locale_available(name):
        lang = name.split(".")[0]
        _missing(
            f"the locale {name} is not generated: sudo apt-get install locales && "
            f"sudo sed -i 's/^# *{lang}.UTF-8/{lang}.UTF-8/' /etc/locale.gen && sudo locale-gen"
        )
