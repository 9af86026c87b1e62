"""A best-response cache kept in a small private JSON file, so `analyze` skips the bootstrap
when the diary's content has not changed since the last run (keyed by content: any edit
misses it, and the analysis itself stays free of files)."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator, MutableMapping
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from diary import __version__
from diary.analysis.best_response import BestResponse, FerritinGroup
from diary.paths import cache_dir, ensure_private_dir

FILE_NAME = "best-response.json"
FORMAT = 1


def _from_dict(raw: dict[str, Any]) -> BestResponse:
    names = {f.name for f in fields(BestResponse)}
    if set(raw) != names:
        raise ValueError("fields differ")
    groups = tuple(FerritinGroup(**g) for g in raw["groups"])
    return BestResponse(**{**raw, "groups": groups})


class FileCache(MutableMapping[str, BestResponse]):
    """Results by content key, read from `path` at the start and written back by `save()`.

    A cache only saves time: a file that cannot be read, or is from another version, is
    treated as empty, and one that cannot be written is left as it was."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else cache_dir() / FILE_NAME
        self._data: dict[str, BestResponse] = {}
        self._changed = False
        with contextlib.suppress(OSError, ValueError, TypeError, KeyError):
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            if raw.get("format") == FORMAT and raw.get("version") == __version__:
                self._data = {k: _from_dict(v) for k, v in raw["results"].items()}

    def __getitem__(self, key: str) -> BestResponse:
        return self._data[key]

    def __setitem__(self, key: str, value: BestResponse) -> None:
        self._data[key] = value
        self._changed = True

    def __delitem__(self, key: str) -> None:
        del self._data[key]
        self._changed = True

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def save(self) -> None:
        if not self._changed:
            return
        body = {
            "format": FORMAT,
            "version": __version__,
            "results": {k: asdict(v) for k, v in self._data.items()},
        }
        with contextlib.suppress(OSError):
            ensure_private_dir(self.path.parent)
            handle, name = tempfile.mkstemp(prefix=".best-response.", dir=self.path.parent)
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as f:
                    json.dump(body, f)
                os.replace(name, self.path)
            finally:
                with contextlib.suppress(OSError):
                    os.unlink(name)
        self._changed = False
