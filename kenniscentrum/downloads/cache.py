"""A content-hash cache for generated downloads: ``<cache>/<lang>/<filename>`` plus a manifest of the key each
file was made from. A file is regenerated only when its key changes, so ``make serve`` stays fast.

The key (:func:`cache_key`) is a SHA-256 over everything that shapes the bytes: the source data, the templates,
the interface strings, the date, the renderers' own code and the library versions.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from kenniscentrum.downloads import GENERATOR_VERSION

_LIBRARIES = ("weasyprint", "pydyf", "python-docx", "odfpy", "openpyxl", "Markdown", "pymdown-extensions", "Jinja2")
MANIFEST = ".manifest.json"


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
    """The renderers' source code, :data:`GENERATOR_VERSION` and the versions of the libraries they use."""
    digest = hashlib.sha256(GENERATOR_VERSION.encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for name in _LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "absent"
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
    """Files of one language under ``<directory>/<lang>/``; the manifest maps filename → key."""

    def __init__(self, directory: Path, lang: str):
        self.directory = Path(directory) / lang
        self._manifest_path = self.directory / MANIFEST
        try:
            self._manifest: dict[str, str] = json.loads(self._manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self._manifest = {}

    def path(self, filename: str) -> Path:
        return self.directory / filename

    def get(self, filename: str, key: str) -> Path | None:
        path = self.path(filename)
        if self._manifest.get(filename) == key and path.is_file():
            return path
        return None

    def put(self, filename: str, key: str, data: bytes) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.path(filename)
        _atomic_write(path, data)
        self._manifest[filename] = key
        _atomic_write(self._manifest_path, _canonical(self._manifest))
        return path

    def prune(self, keep: set[str]) -> list[str]:
        """Delete files no plan asks for any more; returns their names."""
        removed = []
        if self.directory.is_dir():
            for path in sorted(self.directory.iterdir()):
                if path.is_file() and path.name != MANIFEST and path.name not in keep:
                    path.unlink()
                    removed.append(path.name)
        stale = set(self._manifest) - keep
        if stale:
            for name in stale:
                del self._manifest[name]
            _atomic_write(self._manifest_path, _canonical(self._manifest))
        return removed


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
