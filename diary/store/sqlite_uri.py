"""Read-only SQLite URIs that name exactly the given file, whatever its path holds."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote


def ro_uri(path: Path | str) -> str:
    """`file:` URI opening `path` read-only; use with `sqlite3.connect(..., uri=True)`.

    The path is percent-encoded: a folder named `Diary #2` or `100%` would otherwise open
    some other file. On read-only media (a folder that cannot be written) with no -wal
    beside the file, it is opened immutable, because SQLite could not create the -shm it
    needs there and the file cannot change while it is read.
    """
    path = Path(path).absolute()
    uri = f"file:{quote(str(path))}?mode=ro"
    wal = path.with_name(path.name + "-wal")
    if not os.access(path.parent, os.W_OK) and not wal.exists():
        uri += "&immutable=1"
    return uri
