"""Exact, faster stand-ins for hot spots in pinned third-party code, found with ``python -m bench.profile``.

* Python's cyclic garbage collector: a full collection walks every live object, and a build keeps a large, long-lived
  heap (the content model, MkDocs' files, pages and navigation, compiled templates). :func:`freeze_heap` moves what
  exists after the model is loaded into the permanent generation, so later collections skip it (measured at 500
  pages per language: GC was 12 % of the build's CPU). :func:`thaw_heap` undoes it before the next ``mkdocs serve``
  rebuild loads a new model, and collects at once: by then the previous build's model, pages and templates are
  cyclic garbage, and without a full collection between thawing and the next freeze that garbage was frozen again
  with the new heap and never freed (``make serve`` grew ~7.6 MB per rebuild; issue 14, ``tests/serve/``).
* ``mkdocs_static_i18n.is_relative_to`` builds two ``PurePath`` objects per call, and the plugin calls it several
  times for every file of the site (theme files included) in every language build: 0.3 s per language at 500 pages
  per language, 20 % of a ``make serve`` rebuild. :func:`is_relative_to` answers from the strings when both are plain
  normalised paths (no empty or ``.`` parts) and asks ``PurePath`` otherwise, so the answer is always the same
  (``tests/bench/test_speedups.py`` checks that on generated paths).

* Jinja2 compiles every template from source in every new environment, and MkDocs makes a new one for each language
  build and each ``mkdocs serve`` rebuild (~100 templates: 0.6 s of a 2.7 s body-edit rebuild at 500 pages per
  language). :data:`TEMPLATE_BYTECODE` keeps the compiled code in memory for the life of the process; Jinja checks
  each entry against a checksum of the template's current source, so an edited template is always recompiled.
  With a directory (:func:`tune_environment`: ``.cache/templates/`` of the project) it is also kept on disk, so a
  new ``mkdocs build`` process (every build, and each forked language build) skips compiling too: ~110 templates,
  0.3 s of sampled CPU per process at 500 pages per language. The directory is named after the Jinja and Python
  versions, whose compiled code it holds; Jinja's own header checks the Python version and the source checksum.
* Jinja2's template cache is an LRU list: every ``{% include %}`` and ``{% import %}`` looks its template up and moves
  it to the front of a deque (``deque.remove``, linear in ~150 templates: ~3.5 µs a lookup, ~60 lookups per page).
  :func:`tune_environment` gives the environment a plain dict instead (0.25 µs): MkDocs makes a new environment
  for each language build and each serve rebuild, so nothing is ever evicted within its life anyway.

:func:`install` patches only the version it was written for; on any other version it does nothing.
"""
from __future__ import annotations

import gc
import os
import re
import sys
import threading
from pathlib import Path, PurePath

import jinja2
from jinja2 import BytecodeCache
from jinja2.utils import LRUCache

from kenniscentrum.diskcache import write_atomically

STATIC_I18N_VERSION = "1.3.1"

# An empty or "." path component: "a//b", "./a", "a/.", "a/", "" — PurePath normalises these, so ask it.
_UNUSUAL = re.compile(r"(?:^|/)\.?(?:/|$)")


def _pure_is_relative_to(src_path, dest_path) -> bool:
    return PurePath(src_path).is_relative_to(dest_path)


def is_relative_to(src_path, dest_path) -> bool:
    """``PurePath(src_path).is_relative_to(dest_path)``, POSIX paths."""
    src, dest = os.fspath(src_path), os.fspath(dest_path)
    if _UNUSUAL.search(src) or _UNUSUAL.search(dest):
        return _pure_is_relative_to(src, dest)
    return src == dest or src.startswith(dest + "/")


def install() -> bool:
    """Patch mkdocs-static-i18n (only the pinned version, only on POSIX); returns whether it did. Also keeps the
    theme's file list between builds (:class:`ThemeFiles`, pinned MkDocs only)."""
    install_theme_files()
    if os.sep != "/":
        return False
    try:
        import mkdocs_static_i18n
        from mkdocs_static_i18n import folder, reconfigure
    except ImportError:
        return False
    if getattr(mkdocs_static_i18n, "version", None) != STATIC_I18N_VERSION:
        return False
    for module in (folder, reconfigure):
        if hasattr(module, "is_relative_to"):
            module.is_relative_to = is_relative_to
    return True


MKDOCS_VERSION = "1.6.1"


class ThemeFiles:
    """MkDocs' ``Files.add_files_from_theme`` lists every file of the theme folders (Material: ~14 500, its icons
    included) and matches each name against ~20 patterns to find the few static files the theme adds to the site:
    ~0.08 s in every language build and every ``make serve`` rebuild, for a list that does not change while the
    folders do not. Here the list is kept, per theme folders and patterns (``static_templates``), with the
    modification time of every folder under the theme folders: a file added, removed or renamed anywhere changes
    its folder's time, so the kept list is used only while every folder's time is unchanged (the file list is all
    MkDocs reads here; file contents are read later, at copy time). Each build still checks each kept file against
    its own documentation files (a page of the site overrides a theme file of the same name), in MkDocs' order.
    ``tests/bench/test_speedups.py`` compares with MkDocs' own result and checks each invalidation."""

    def __init__(self, original) -> None:
        self.original = original
        self._kept: dict[tuple, tuple[dict, list]] = {}

    def add_files_from_theme(self, files, env, config) -> None:
        from mkdocs.structure.files import File, Files

        dirs = tuple(config.theme.dirs)
        loader = env.loader
        if type(loader) is not jinja2.FileSystemLoader or tuple(loader.searchpath) != dirs or loader.followlinks:
            return self.original(files, env, config)
        from mkdocs import utils

        key = (dirs, tuple(sorted(config.theme.static_templates)), tuple(utils.markdown_extensions))
        times = _folder_times(dirs)  # before listing: a change during the listing shows next time
        kept = self._kept.get(key)
        if kept is None or kept[0] != times:
            scratch = Files([])
            self.original(scratch, env, config)  # MkDocs' own list, with no documentation file in the way
            kept = self._kept[key] = (times, [(file.src_uri, file.src_dir) for file in scratch])
        for path, directory in kept[1]:
            if files.get_file_from_path(path) is None:
                files.append(File(path, directory, config.site_dir, config.use_directory_urls))


def _folder_times(dirs) -> dict[str, int]:
    """Every folder under ``dirs`` (as Jinja's loader walks them: no links followed) -> its modification time."""
    times = {}
    for base in dirs:
        for dirpath, _dirnames, _filenames in os.walk(base):
            try:
                times[dirpath] = os.stat(dirpath).st_mtime_ns
            except OSError:
                times[dirpath] = None
    return times


def install_theme_files() -> bool:
    """Patch MkDocs' ``Files.add_files_from_theme`` with :class:`ThemeFiles` (only the pinned version)."""
    try:
        import mkdocs
        from mkdocs.structure.files import Files
    except ImportError:
        return False
    if getattr(mkdocs, "__version__", None) != MKDOCS_VERSION:
        return False
    if hasattr(Files.add_files_from_theme, "theme_files"):
        return True
    theme_files = ThemeFiles(Files.add_files_from_theme)

    def add_files_from_theme(self, env, config):
        return theme_files.add_files_from_theme(self, env, config)

    add_files_from_theme.theme_files = theme_files
    Files.add_files_from_theme = add_files_from_theme
    return True


class FileMemo:
    """What a function read from a file, kept while the file is unchanged: the same inode, size, modification time and
    change time (the change time moves on every write and every ``utime`` and cannot be set back), and the same
    ``key`` for whatever else shaped the answer. ``make serve`` rewrites a few of the site's ~3 300 files per rebuild,
    and two steps after the build read every one of them again: the service worker's version and offline sections
    (``kenniscentrum.offline``) and the CSP scan for ``_headers`` (``hooks/security.py``); with this they read only
    the files written since (~0.1 s each at 500 pages per language). Nothing is kept for a call that raises, so an
    error is found again on every build. :meth:`only` drops the files a walk no longer found."""

    def __init__(self) -> None:
        self._held: dict[str, tuple] = {}

    def get(self, path, key, compute):
        name = os.fspath(path)
        stat = os.stat(name)  # before reading: a file changed meanwhile differs next time, never the other way
        identity = (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
        held = self._held.get(name)
        if held is not None and held[0] == identity and held[1] == key:
            return held[2]
        value = compute(path)
        self._held[name] = (identity, key, value)
        return value

    def only(self, paths) -> None:
        names = {os.fspath(path) for path in paths}
        for name in [n for n in self._held if n not in names]:
            del self._held[name]


def freeze_heap() -> None:
    gc.freeze()


def thaw_heap() -> None:
    gc.unfreeze()
    gc.collect()  # before the next freeze_heap(): what the last build left behind must not be frozen with the new heap


class IdleCollector:
    """``make serve``: :func:`thaw_heap` while the dev server is idle instead of at the start of the next rebuild.

    The full collection costs ~0.3 s at 500 pages per language — on the path from an editor's save to the preview when
    it runs at the start of a rebuild. After a build the previous build's objects are garbage as soon as MkDocs'
    builder returns, so :meth:`schedule` (called at the end of a serve build) collects them ``delay`` seconds later
    in a timer thread. A save within ``delay`` of the last build (or after a failed one) finds that not done yet:
    :meth:`before_build` then leaves the collection to the idle time after *this* build, once — the frozen heap
    keeps the last build's cyclic garbage out of the collector's way meanwhile, and it is freed by the next thaw —
    and collects at once only when the build before it deferred too, so that saves back to back never hold more
    than one build's garbage (``tests/serve/test_memory.py``: flat either way)."""

    def __init__(self, delay: float = 1.0) -> None:
        self.delay = delay
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._collected = False
        self._deferred = False  # the last build started without collecting what the build before it left

    def schedule(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._collected = False
            self._timer = threading.Timer(self.delay, self._collect)
            self._timer.daemon = True
            self._timer.start()

    def _collect(self) -> None:
        with self._lock:
            if self._timer is None or threading.current_thread() is not self._timer:
                return  # cancelled by a build that started meanwhile
            thaw_heap()
            self._collected, self._deferred, self._timer = True, False, None

    def before_build(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            collected, self._collected = self._collected, False
            if collected:
                return
            if not self._deferred:
                self._deferred = True  # collected in the idle time after this build, or by the next build
                return
            self._deferred = False
        thaw_heap()

    @property
    def collected(self) -> bool:
        return self._collected


class InMemoryBytecodeCache(BytecodeCache):
    """Compiled templates, kept for the life of the process and, once :attr:`directory` is set, on disk (see the
    module docstring)."""

    def __init__(self, directory: Path | None = None) -> None:
        self._store: dict[str, bytes] = {}
        self.directory = directory

    def _file(self, key: str) -> Path | None:
        return self.directory / f"{key}.cache" if self.directory is not None else None

    def load_bytecode(self, bucket) -> None:
        data = self._store.get(bucket.key)
        if data is None and (path := self._file(bucket.key)) is not None:
            try:
                data = path.read_bytes()
            except OSError:
                return
            self._store[bucket.key] = data
        if data is not None:
            bucket.bytecode_from_string(data)  # Jinja discards it if the source checksum or Python version differs

    def dump_bytecode(self, bucket) -> None:
        data = bucket.bytecode_to_string()
        self._store[bucket.key] = data
        if (path := self._file(bucket.key)) is not None:
            write_atomically(path, data)  # a read-only checkout still builds; it only compiles again next time

    def clear(self) -> None:
        self._store.clear()


TEMPLATE_BYTECODE = InMemoryBytecodeCache()


def template_cache_dir(root: Path) -> Path:
    """Where compiled templates of the project at ``root`` are kept: one folder per Jinja and Python version."""
    version = f"jinja2-{jinja2.__version__}-py{sys.version_info[0]}.{sys.version_info[1]}"
    return Path(root) / ".cache" / "templates" / version


def tune_environment(env, root: Path | None = None):
    """Give a new Jinja environment the process's compiled templates (on disk under ``root`` when given) and a plain
    dict as its template cache (see the module docstring). Returns ``env``."""
    if root is not None:
        TEMPLATE_BYTECODE.directory = template_cache_dir(root)
    env.bytecode_cache = TEMPLATE_BYTECODE
    if isinstance(env.cache, LRUCache):
        env.cache = dict(env.cache.items())
    return env
