"""A content-hash cache for generated downloads: ``<cache>/<lang>/<key>/<filename>``. A file is regenerated only
when nothing in the cache was made from the same inputs, so ``make serve`` stays fast.

The key (:func:`cache_key`) is a SHA-256 over everything that shapes the bytes: the source data, the templates,
the interface strings, the date, the renderers' own code, the Python packages they use, and for PDFs the system
libraries and font files (``environment.py``).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

from kenniscentrum.downloads import GENERATOR_VERSION
from kenniscentrum.downloads.environment import package_versions


def _describe(value):
    """JSON for values JSON does not know, never with a memory address in it (or the key would change per run)."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(map(str, value))
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__qualname__)}"
    if hasattr(value, "__fspath__"):
        return str(value)
    text = repr(value)
    return type(value).__qualname__ if " at 0x" in text else text


def _canonical(value) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_describe).encode()


@lru_cache(maxsize=1)
def generator_fingerprint() -> str:
    """The renderers' source code, :data:`GENERATOR_VERSION` and the versions of the Python packages they use
    (:data:`~kenniscentrum.downloads.environment.PACKAGES`)."""
    digest = hashlib.sha256(GENERATOR_VERSION.encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for name, version in package_versions().items():
        digest.update(f"{name}={version}\n".encode())
    return digest.hexdigest()


def files_fingerprint(directory: Path) -> str:
    """Hash of every file under ``directory`` (names and bytes), e.g. the print templates."""
    digest = hashlib.sha256()
    directory = Path(directory)
    if directory.is_dir():
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            digest.update(path.relative_to(directory).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def cache_key(*parts) -> str:
    digest = hashlib.sha256(generator_fingerprint().encode())
    for part in parts:
        digest.update(_canonical(part) + b"\x1e")
    return digest.hexdigest()


class DownloadCache:
    """Files of one language, content-addressed: ``<directory>/<lang>/<key[:24]>/<filename>``.

    Several versions of a file can live side by side, so switching between two builds that differ in one input
    (``mkdocs serve`` points "online version" links at the dev server, ``make build`` at the real site; a branch
    switch; a new commit moving ``SOURCE_DATE_EPOCH``) hits the cache both ways instead of regenerating. A file is
    written to a temporary name and renamed, so a present file is always complete.
    """

    KEY_LENGTH = 24

    def __init__(self, directory: Path, lang: str, keep_versions: int = 3):
        self.directory = Path(directory) / lang
        self.keep_versions = keep_versions

    def path(self, filename: str, key: str) -> Path:
        return self.directory / key[: self.KEY_LENGTH] / filename

    def get(self, filename: str, key: str) -> Path | None:
        path = self.path(filename, key)
        if path.is_file():
            os.utime(path.parent)  # marks the version as recently used, for prune()
            return path
        return None

    def put(self, filename: str, key: str, data: bytes) -> Path:
        path = self.path(filename, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(path, data)
        return path

    def prune(self, keep: set[str]) -> list[Path]:
        """Delete files no plan asks for any more, and all but the ``keep_versions`` most recently used versions of
        the others; returns what was removed."""
        if not self.directory.is_dir():
            return []
        versions: dict[str, list[tuple[int, Path]]] = {}
        removed: list[Path] = []
        for folder in self.directory.iterdir():
            if not folder.is_dir():
                folder.unlink()
                removed.append(folder)
                continue
            entries = list(folder.iterdir())
            for entry in entries:
                if entry.is_file() and entry.name in keep:
                    versions.setdefault(entry.name, []).append((folder.stat().st_mtime_ns, folder))
                else:
                    removed.append(folder)
        for name, found in versions.items():
            found.sort(key=lambda item: (item[0], item[1].name), reverse=True)
            removed.extend(folder for _, folder in found[self.keep_versions:])
        for folder in sorted(set(removed)):
            if folder.is_dir():
                shutil.rmtree(folder, ignore_errors=True)
        return sorted(set(removed))


def _atomic_write(path: Path, data: bytes) -> None:
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
