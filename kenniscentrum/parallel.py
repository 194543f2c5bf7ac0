"""Build the languages at the same time, one process per language, on every core (issue 18).

mkdocs-static-i18n builds the site once per language in one process, one language after the other: the default
language first, then ``build()`` again for each further language from its ``on_post_build``. Once the content model
is loaded and validated (``prepare()``, the part every language shares), the languages are independent: each renders
its own pages from the same model. So the default-language build forks one child process per further language right
after the model is loaded (:meth:`LanguageBuilds.start`); the child builds its language exactly as the nested build
would, but into a scratch directory next to the site directory, while the parent builds the default language. When
static-i18n then asks for the nested build of that language, the parent waits for the child instead and moves its
output into place (:meth:`LanguageBuilds.finish`, :func:`merge_tree`): later languages overwrite what they share with
earlier ones (the theme's assets, identical bytes), as the one-after-the-other build does. Each language's process
also runs Pagefind over its own pages (``kenniscentrum.search``), so the search index is off the critical path.

The result is byte-identical to the one-after-the-other build (``tests/build/test_parallel_build.py`` builds both
and compares every file). What a child logs goes to the same terminal; a child that fails (a strict-mode warning, an
exception) fails the build with its language named. ``KC_PARALLEL=0`` builds one language after the other, and so do
``mkdocs serve`` (its rebuilds are incremental: ``kenniscentrum.preview``), ``--dirty`` builds, one-core machines and
platforms without ``fork``.

Pure: no MkDocs import; the MkDocs side is ``hooks/parallel.py``.
"""
from __future__ import annotations

import gc
import logging
import os
import pickle
import shutil
import sys
import tempfile
import threading
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

log = logging.getLogger("mkdocs.hooks.parallel")

#: Set to "0" to build one language after the other.
ENV_SWITCH = "KC_PARALLEL"

#: Scratch directories are created next to the site directory (same file system: moving the output is a rename)
#: under this prefix; ``make clean`` removes any a killed build left behind.
SCRATCH_PREFIX = ".kc-language-build-"


class LanguageBuildError(RuntimeError):
    """A language's build process failed; its own messages are in the log above."""


def wanted(*, command: str | None, dirty: bool, languages: int, environ=os.environ, cpus: int | None = None) -> bool:
    """Whether this build builds its further languages in child processes."""
    if environ.get(ENV_SWITCH, "1") == "0":
        return False
    if command != "build" or dirty or languages < 2 or not hasattr(os, "fork"):
        return False
    available = cpus if cpus is not None else len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") \
        else (os.cpu_count() or 1)
    return available >= 2


# --- one job's work dealt over the cores ---------------------------------------------------------------------------
#: ``KC_BUILD_WORKERS=1`` keeps every job in this process (a number caps the processes).
WORKERS_ENV = "KC_BUILD_WORKERS"
#: Never more processes than this for one job (the work is a few seconds at most; forking is not free).
MAX_WORKERS = 4


def workers_for(items: int, *, min_per_worker: int, environ=os.environ) -> int:
    """How many processes share ``items`` pieces of work: 1 unless each gets at least ``min_per_worker``, there is
    more than one core, and forking is safe — no other thread in this process (a forked child inherits the locks
    held by threads that do not exist in it: ``mkdocs serve``'s dev server)."""
    if items < 2 * min_per_worker or not hasattr(os, "fork") or sys.platform != "linux":
        return 1
    if threading.active_count() != 1:
        return 1
    cores = len(os.sched_getaffinity(0))
    limit = environ.get(WORKERS_ENV, "").strip()
    if limit.isdigit() and int(limit) > 0:
        cores = min(cores, int(limit))
    return max(1, min(cores, MAX_WORKERS, items // min_per_worker))


def split_work(items: list, parts: int) -> list[list]:
    """``items`` dealt round-robin into ``parts`` lists (neighbouring items are often alike in size)."""
    return [items[i::parts] for i in range(parts)]


_FAILED = object()


def fork_map(function: Callable[[list], object], items: list, *, workers: int, fallback: bool = True) -> list:
    """``[function(share) for share in split_work(items, workers)]``, the shares after the first computed in forked
    worker processes while this process computes the first. Results come back pickled through a pipe, in share
    order. A share whose worker failed (or could not start) is computed here when ``fallback``, else its result is
    None (the caller computes it later, its own way)."""
    shares = split_work(list(items), max(1, workers))
    children = []
    for share in shares[1:]:
        try:
            read_end, write_end = os.pipe()
        except OSError:  # out of file descriptors
            children.append((None, None, share))
            continue
        try:
            pid = os.fork()
        except OSError:  # out of processes or memory
            os.close(read_end)
            os.close(write_end)
            children.append((None, None, share))
            continue
        if pid == 0:  # the worker: no collector passes over the inherited heap, no exit handlers of the parent
            status = 1
            try:
                os.close(read_end)
                gc.disable()
                data = pickle.dumps(function(share), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as out:
                    out.write(data)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        children.append((pid, read_end, share))
    results = [function(shares[0])]
    for pid, read_end, share in children:
        result = _FAILED
        if pid is not None:
            with os.fdopen(read_end, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(pid, 0)
            if status == 0:
                try:
                    result = pickle.loads(data)
                except Exception:  # noqa: BLE001 — a truncated answer: computed again below
                    result = _FAILED
        if result is _FAILED:
            result = function(share) if fallback else None
        results.append(result)
    return results


#: The builds with children running in this process: :func:`close_all` stops them when a build fails (MkDocs'
#: ``on_build_error`` gets no config to find them by).
_RUNNING: list["LanguageBuilds"] = []


def close_all() -> None:
    for builds in list(_RUNNING):
        builds.close()


@dataclass
class _Child:
    lang: str
    pid: int
    scratch: Path


@dataclass
class LanguageBuilds:
    """The child processes of one build, by language."""

    children: dict[str, _Child] = field(default_factory=dict)
    clearing: threading.Thread | None = None  # deleting the previous build's output (:func:`clear_in_background`)

    def __contains__(self, lang: str) -> bool:
        return lang in self.children

    def start(self, langs, site_dir: Path, build_one: Callable[[str, Path], None]) -> None:
        """Fork one child per language in ``langs``; each calls ``build_one(lang, scratch_dir)`` and exits (status 0
        when it returned, 1 when it raised)."""
        site_dir = Path(site_dir)
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        for lang in langs:
            scratch = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{lang}-", dir=site_dir.parent))
            _flush_output()  # a buffered line would otherwise be printed by parent and child alike
            pid = os.fork()
            if pid == 0:  # the child: build, then leave without returning into the parent's build
                _RUNNING.clear()  # its siblings are the parent's to stop, not this child's
                os._exit(_run_child(lang, scratch, build_one))
            self.children[lang] = _Child(lang, pid, scratch)
            if self not in _RUNNING:
                _RUNNING.append(self)

    def finish(self, lang: str, site_dir: Path) -> None:
        """Wait for ``lang``'s child and move its output into ``site_dir``."""
        child = self.children.pop(lang)
        if not self.children and self in _RUNNING:
            _RUNNING.remove(self)
        try:
            _, status = os.waitpid(child.pid, 0)
            code = os.waitstatus_to_exitcode(status)
            if code != 0:
                how = f"was stopped by signal {-code}" if code < 0 else "failed"
                raise LanguageBuildError(f"the '{lang}' build {how}; its messages are above")
            merge_tree(child.scratch, Path(site_dir))
        finally:
            shutil.rmtree(child.scratch, ignore_errors=True)

    def close(self) -> None:
        """At the end of the build: stop any child still running (the parent's build failed) and remove its scratch
        directory, and wait until the previous build's output is deleted."""
        if self.clearing is not None:
            self.clearing.join()
            self.clearing = None
        for child in self.children.values():
            try:
                os.kill(child.pid, 15)
                os.waitpid(child.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            shutil.rmtree(child.scratch, ignore_errors=True)
        self.children.clear()
        if self in _RUNNING:
            _RUNNING.remove(self)


def clear_in_background(site_dir: Path) -> threading.Thread | None:
    """Empty ``site_dir`` the way MkDocs' clean does (hidden entries such as ``.git`` stay), but off the critical
    path: the entries are moved into a trash folder next to it at once (renames), and a thread deletes that folder
    while the build renders. Join the thread before the process ends. None when there was nothing to clear."""
    site_dir = Path(site_dir)
    if not site_dir.is_dir():
        return None
    entries = [entry for entry in site_dir.iterdir() if not entry.name.startswith(".")]
    if not entries:
        return None
    trash = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}old-", dir=site_dir.parent))
    for entry in entries:
        os.replace(entry, trash / entry.name)
    thread = threading.Thread(target=shutil.rmtree, args=(trash,), kwargs={"ignore_errors": True},
                              name="kc-clear-site", daemon=False)
    thread.start()
    return thread


def _flush_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, ValueError):
            pass
    for handler in logging.getLogger().handlers + logging.getLogger("mkdocs").handlers:
        try:
            handler.flush()
        except Exception:  # noqa: BLE001 — a handler that cannot flush has nothing buffered to lose
            pass


def _run_child(lang: str, scratch: Path, build_one: Callable[[str, Path], None]) -> int:
    code = 1
    try:
        build_one(lang, scratch)
        code = 0
    except SystemExit as exc:  # click's Abort and friends end up here with a message already logged
        code = exc.code if isinstance(exc.code, int) and exc.code else 1
    except BaseException as exc:  # noqa: BLE001 — the child must never return into the parent's build
        message = str(exc) or type(exc).__name__
        if type(exc).__module__.startswith(("mkdocs", "click")):
            log.error("the '%s' build: %s", lang, message)
        else:
            log.error("the '%s' build failed:\n%s", lang, "".join(traceback.format_exception(exc)).rstrip())
    finally:
        _flush_output()
    return code


def merge_tree(source: Path, target: Path) -> None:
    """Move everything under ``source`` into ``target``, replacing files that are there already. A directory that
    ``target`` does not have yet moves in one rename (a language's own folder, on a clean build)."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in sorted(source.iterdir()):
        destination = target / entry.name
        if entry.is_dir() and not entry.is_symlink():
            if destination.is_dir() and not destination.is_symlink():
                merge_tree(entry, destination)
                continue
            if destination.exists() or destination.is_symlink():
                _remove(destination)
            os.replace(entry, destination)
        else:
            if destination.is_dir() and not destination.is_symlink():
                shutil.rmtree(destination)
            os.replace(entry, destination)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()
