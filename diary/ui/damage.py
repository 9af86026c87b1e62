"""Damage first met while a page reads to show itself: the page keeps what it showed."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from diary.errors import DamageFound


@contextlib.contextmanager
def keep_shown_on_damage() -> Iterator[None]:
    """Run a page's reading; when it meets damage, the page keeps what it showed.

    The diary remembers the damage (`Diary.damage`), and the window greys itself out for
    writing when it next looks (`MainWindow` does after every page change), with the banner
    that says what to do, instead of an error escaping from Qt's show event as a warning
    box.
    """
    with contextlib.suppress(DamageFound):
        yield
