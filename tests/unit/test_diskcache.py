"""kenniscentrum.diskcache: the caches under .cache/ are written whole or not at all."""
from __future__ import annotations

import os

from kenniscentrum.diskcache import write_atomically


def test_a_file_is_written_and_replaced_whole(tmp_path):
    target = tmp_path / "new" / "folder" / "entry.json"
    assert write_atomically(target, b"first")
    assert write_atomically(target, b"second")
    assert target.read_bytes() == b"second"
    assert sorted(p.name for p in target.parent.iterdir()) == ["entry.json"]  # no scratch file left


def test_a_folder_that_cannot_be_written_is_not_an_error(tmp_path):
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):  # root ignores the mode: make the folder a file instead
            folder.chmod(0o700)
            folder.rmdir()
            folder.write_text("not a folder", encoding="utf-8")
        assert write_atomically(folder / "entry.json", b"data") is False
    finally:
        if folder.is_dir():
            folder.chmod(0o700)
    assert not (folder.is_dir() and any(folder.iterdir()))
