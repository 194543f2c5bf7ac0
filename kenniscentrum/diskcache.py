"""Writing the build's caches under ``.cache/`` (compiled templates, the content boundary's findings).

Several processes read and write these folders at once (the language builds run in parallel, and a second build
may run next to ``make serve``), so a file is written whole and renamed into place: a reader gets the old file or
the new one, never half of one. A cache that cannot be written is not an error: a read-only checkout still builds,
it only does the work again next time. (The download cache keeps its own copy of this in
``kenniscentrum/downloads/cache.py``: the source of every module there is part of the download cache's key.)
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` (creating its folder) through a scratch file renamed into place. Returns False,
    leaving no scratch file behind, when the folder cannot be written."""
    path = Path(path)
    scratch = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, scratch = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(scratch, path)
        return True
    except OSError:
        if scratch is not None and os.path.exists(scratch):
            os.unlink(scratch)
        return False
