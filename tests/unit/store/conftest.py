"""Store-test fixtures: a new diary in tmp_path with today fixed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from diary.store.gateway import Diary
from tests.unit.store.helpers import open_diary


@pytest.fixture
def diary(tmp_path: Path) -> Iterator[Diary]:
    d = open_diary(tmp_path / "diary.sqlite")
    yield d
    d.close()
