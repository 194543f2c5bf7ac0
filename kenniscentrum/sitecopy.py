"""Publishing the download files into the built site.

Kept outside ``kenniscentrum/downloads/``: the download cache's key covers the source of every module there (the
renderers), so a change to how files are copied would make every cached file be generated again.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path


def copy_downloads(files: list, site_dir: Path, published: dict | None = None) -> int:
    """Copy ``files`` (``kenniscentrum.downloads.produce.DownloadFile``) into ``site_dir`` at their URLs, each with
    its document date as modification time (a stable Last-Modified, like the date inside the file). Returns how
    many were copied.

    ``published`` (``make serve``, where every rebuild writes into the same directory): ``target -> what was copied
    there``, kept between builds and emptied whenever the directory is (a full rebuild). A target whose source is
    the same cache file (content-addressed: its folder is the cache key), unchanged since, with the same date, and
    whose copy is still in place with that size and time, already holds those bytes and is not copied again: a
    rebuild at 500 pages per language copied ~500 files (~0.5–1.5 s on a busy disk) to change none of them."""
    copied = 0
    for file in files:
        target = Path(site_dir) / file.spec.url
        stamp = file.date.timestamp()
        source = os.stat(file.path)
        identity = (str(file.path), source.st_ino, source.st_mtime_ns, source.st_size, stamp)
        if published is not None and target in published and published[target][0] == identity:
            try:
                placed = os.stat(target)
            except OSError:
                placed = None
            if placed is not None and (placed.st_size, placed.st_mtime_ns) == published[target][1]:
                continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file.path, target)
        os.utime(target, (stamp, stamp))
        copied += 1
        if published is not None:
            placed = os.stat(target)
            published[target] = (identity, (placed.st_size, placed.st_mtime_ns))
    return copied
