"""Fast and correct rebuilds for ``mkdocs serve --dirty`` (``make serve``): decide what a rebuild must re-render.

MkDocs' ``--dirty`` re-renders a page when its source is newer than its output. On this portal that is wrong in
three ways: pages that show another page's data (its translation's status, the downloads page) stay stale; pages
that are not re-read lose their title, so the navigation of the re-rendered page shows blanks; and a page that was
deleted stays in the output and in the search index. So ``hooks/preview.py`` takes the decision away from mtimes:

* **edits of existing pages** (bodies and front matter; titles, themes, audiences, ``order`` … included): re-render
  those pages, their counterparts in the other languages (translation banner), the generated pages whose template
  reads page bodies or every page's translation state (:data:`BODY_DEPENDENT_TEMPLATES`), and every page —
  generated listings, overviews and the finder included — whose output shows what changed of another page:

  - its **sidebar** (:func:`nav_views`: with ``navigation.prune`` the top level and the sections on the page's own
    path, with the titles and order of their items) differs from the one it was rendered with;
  - a **call its templates made** on ``catalog`` or ``kc_downloads`` (related items, chapter navigation,
    breadcrumbs, listings, JSON-LD, download links and sizes …), recorded while it was rendered
    (:class:`Recorded`), answers differently when made again against the new build (:func:`pages_to_render`);
    a page is its path and the digest of its front matter in what is compared.

  Every other page keeps its output, and its title and front matter are restored from the previous build so the
  navigation is whole;
* **anything else** (a page added, removed or renamed, a page drafted or published, data/, overrides/, hooks/, the
  kenniscentrum package, mkdocs.yml, a non-Markdown file under content/): empty the site directory and build
  everything, as a clean build would.

The decision compares the content model (what was actually rendered) with the previous build's, not file times, so
an edit made while a build runs is picked up by the next one. Search stays correct because Pagefind indexes the
whole output directory after every rebuild; in serve mode it runs in the background and the dev server holds every
request for ``/pagefind/…`` until the new index is written (:class:`SearchIndexer`), so a stale index is never
served. ``tests/bench/test_preview.py`` checks that an incremental rebuild writes exactly the bytes a clean build
writes.

**A preview that never hangs** (issue 14). MkDocs' dev server holds every request while a rebuild is pending and
counts a failed rebuild as still pending, so one content error made every page and stylesheet hang. Under
``make serve`` a failed build is therefore caught (:func:`guard`, installed by ``hooks/preview.py``): the server keeps
serving the last good output and every HTML page it serves carries the errors (file:line, rule, what is wrong, the
fix) at its top, rendered from ``overrides/kc/preview-errors.html`` (:func:`render_errors`, :func:`inject`); a page
the last good build does not have is answered with ``overrides/kc/preview-error-page.html``. The next good build
clears it and the browsers reload. ``mkdocs build`` is not guarded: errors still fail it.

Pure logic and a little threading; no MkDocs imports.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import enum
import hashlib
import json
import logging
import os
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from markupsafe import Markup

from kenniscentrum import speedups
from kenniscentrum.content import Page
from kenniscentrum.scratchfiles import is_scratch

log = logging.getLogger("mkdocs.hooks.preview")

#: Generated pages whose template reads page bodies or data derived from them: the translation status (hashes of
#: every page, through ``kc_editor``, which is not recorded) and the downloads page (the whole-manual PDF is made
#: from chapter bodies). Rendered again after every edit. Listings, overviews, the finder and related items read
#: other pages through ``catalog`` only, so their recorded calls decide.
BODY_DEPENDENT_TEMPLATES = frozenset({"kc/status.html", "kc/downloads.html"})

#: Paths under the project root whose change means a full build (besides the content model itself).
WATCHED = ("data", "overrides", "hooks", "kenniscentrum", "mkdocs.yml")

Key = tuple[str, str]  # (lang, rel_path)


def _digest(value) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def page_digests(pages) -> dict[Key, tuple[str, str]]:
    """``(lang, rel_path) -> (front-matter digest, body digest)`` for every page of the model (drafts included)."""
    return {(p.lang, p.rel_path): (_digest(p.meta), hashlib.sha1(p.body.encode("utf-8")).hexdigest()) for p in pages}


def files_fingerprint(root: Path, *, content_dir: str = "content") -> tuple:
    """(path, mtime, size) of every file in :data:`WATCHED` and of every non-Markdown file under ``content/``."""
    entries = []
    root = Path(root)
    for name in WATCHED:
        base = root / name
        if base.is_file():
            stat = base.stat()
            entries.append((name, stat.st_mtime_ns, stat.st_size))
            continue
        entries.extend(_walk(base, root, lambda n: not n.endswith((".pyc", ".pyo"))))
    entries.extend(_walk(root / content_dir, root, lambda n: not n.endswith(".md")))
    return tuple(entries)


def _walk(base: Path, root: Path, keep) -> list:
    out = []
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__pycache__")
        for name in sorted(filenames):
            if name.startswith(".") or is_scratch(name) or not keep(name):
                continue
            path = os.path.join(dirpath, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            out.append((os.path.relpath(path, root), stat.st_mtime_ns, stat.st_size))
    return out


@dataclass(frozen=True)
class State:
    """What one build rendered: the model's page digests and the fingerprint of everything else it depends on."""

    pages: dict[Key, tuple[str, str]]
    files: tuple
    body_dependent: frozenset[Key] = frozenset()  # generated pages whose template reads bodies
    counterparts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # rel_path -> langs having it
    drafts: frozenset[Key] = frozenset()


@dataclass(frozen=True)
class Plan:
    full: bool
    reason: str
    pages: frozenset[Key] = frozenset()  # pages to re-render at least (incremental plans only)
    front_matter: frozenset[Key] = frozenset()  # pages whose front matter changed (incremental plans only)

    def renders(self, lang: str, rel_path: str) -> bool:
        return self.full or (lang, rel_path) in self.pages


def state_of(model, root: Path) -> State:
    pages = list(model.content.pages)
    langs_of: dict[str, list[str]] = {}
    for p in pages:
        langs_of.setdefault(p.rel_path, []).append(p.lang)
    dependent = frozenset((p.lang, p.rel_path) for p in pages
                          if p.type == "generated" and p.meta.get("template") in BODY_DEPENDENT_TEMPLATES)
    return State(pages=page_digests(pages), files=files_fingerprint(root), body_dependent=dependent,
                 counterparts={rel: tuple(sorted(langs)) for rel, langs in langs_of.items()},
                 drafts=frozenset((p.lang, p.rel_path) for p in pages if p.is_draft))


def decide(previous: State | None, current: State) -> Plan:
    """The rebuild ``current`` needs after ``previous`` was rendered (see the module docstring)."""
    if previous is None:
        return Plan(True, "first build")
    if previous.files != current.files:
        changed = sorted({e[0] for e in set(previous.files) ^ set(current.files)})
        return Plan(True, f"changed: {', '.join(changed[:3])}{' …' if len(changed) > 3 else ''}")
    if previous.pages.keys() != current.pages.keys():
        gone = sorted(previous.pages.keys() - current.pages.keys())
        new = sorted(current.pages.keys() - previous.pages.keys())
        return Plan(True, f"pages added {[f'{l}/{r}' for l, r in new][:3]} / removed {[f'{l}/{r}' for l, r in gone][:3]}")
    edited = [key for key, digests in current.pages.items() if previous.pages[key] != digests]
    meta_changed = [key for key in edited if previous.pages[key][0] != current.pages[key][0]]
    flipped = [key for key in meta_changed if (key in previous.drafts) != (key in current.drafts)]
    if flipped:
        lang, rel = flipped[0]
        return Plan(True, f"draft status of content/{lang}/{rel} changed (the page list changes)")
    pages: set[Key] = set()
    for lang, rel in edited:
        pages.update((other, rel) for other in current.counterparts.get(rel, (lang,)))
    if edited:
        pages.update(current.body_dependent)
    if not edited:
        reason = "no change"
    elif meta_changed:
        reason = "front matter changed: " + ", ".join(f"content/{l}/{r}" for l, r in meta_changed[:3])
    else:
        reason = "bodies changed: " + ", ".join(f"content/{l}/{r}" for l, r in edited[:3])
    return Plan(False, reason, frozenset(pages), frozenset(meta_changed))


# --------------------------------------------------------------------------------------------------------------------
# What a page showed of other pages: recorded while it renders, checked again on the next rebuild
# --------------------------------------------------------------------------------------------------------------------
#: Template variables whose methods return data of other pages (listings, related items, chapter navigation,
#: breadcrumbs, JSON-LD, download links). Under ``make serve`` each page gets them wrapped in :class:`Recorded`.
RECORDED = ("catalog", "kc_downloads")

#: Attributes of recorded variables that hold data from data/ (a change there is a full build), not from pages.
DATA_ATTRIBUTES = frozenset({"vocab"})

#: Recorded variables made from front matter alone (``kenniscentrum/catalog.py`` reads no page body): after a
#: body-only edit their calls cannot answer differently and are not made again. The downloads are (PDF sizes).
FRONT_MATTER_ONLY = frozenset({"catalog"})

#: Calls whose answer depends only on their arguments — a page among them by its own front matter, its path and
#: whether its translations exist — and on data/ and the site's settings, never on another page's front matter.
#: Between two builds of an incremental plan the pages, data/ and settings are the same (anything else is a full
#: build), so such a call can only answer differently when a page among its arguments had its front matter
#: changed: the others are not made again (at 500 pages per language ~2 850 of ~4 800 calls per language, JSON-LD
#: included). ``tests/bench/test_preview.py`` checks the claim for every method listed on the synthetic corpus.
LOCAL_CALLS = frozenset({
    ("catalog", "path"), ("catalog", "kind_label"), ("catalog", "type_label"), ("catalog", "facet_data"),
    ("catalog", "editor_only"), ("catalog", "jsonld"), ("catalog", "label"), ("catalog", "licence_url"),
    ("catalog", "ids"), ("catalog", "facet"), ("catalog", "plural"),
})

UNREPLAYABLE = ("unreplayable",)  # the call key of a page that made a call we cannot check again: always re-render


class Unreplayable(Exception):
    """An argument or a result this module cannot encode: the page that used it is re-rendered every time."""


@dataclass(frozen=True)
class PageRef:
    lang: str
    rel_path: str


@dataclass(frozen=True)
class _Seq:
    kind: str  # "list" or "tuple"
    items: tuple


@dataclass(frozen=True)
class _Map:
    items: tuple
    original: dict | None = field(default=None, compare=False)  # the dict itself when it holds no page


@dataclass(frozen=True)
class _Markup:
    text: str


def encode_arg(value):
    """A hashable form of a template's argument from which :func:`decode_arg` makes the same argument again against
    the next build's model (a page becomes its (lang, path))."""
    if isinstance(value, Page):
        return PageRef(value.lang, value.rel_path)
    if isinstance(value, Markup):
        return _Markup(str(value))
    if value is None or type(value) in (str, int, float, bool):
        return value
    if isinstance(value, (list, tuple)):
        return _Seq("tuple" if isinstance(value, tuple) else "list", tuple(encode_arg(v) for v in value))
    if isinstance(value, dict):
        items = tuple((encode_arg(k), encode_arg(v)) for k, v in value.items())
        return _Map(items, None if _holds_page(items) else value)
    raise Unreplayable(type(value).__name__)


def _holds_page(encoded) -> bool:
    if isinstance(encoded, PageRef):
        return True
    if isinstance(encoded, tuple):
        return any(_holds_page(v) for v in encoded)
    if isinstance(encoded, _Seq):
        return _holds_page(encoded.items)
    if isinstance(encoded, _Map):
        return encoded.original is None
    return False


def decode_arg(value, page_of):
    if isinstance(value, PageRef):
        page = page_of(value.lang, value.rel_path)
        if page is None:
            raise Unreplayable(f"{value.lang}/{value.rel_path} is gone")
        return page
    if isinstance(value, _Markup):
        return Markup(value.text)
    if isinstance(value, _Seq):
        items = [decode_arg(v, page_of) for v in value.items]
        return tuple(items) if value.kind == "tuple" else items
    if isinstance(value, _Map):
        if value.original is not None:  # interface strings and the like: data/, unchanged (else a full build)
            return value.original
        return {decode_arg(k, page_of): decode_arg(v, page_of) for k, v in value.items}
    return value


def canonical(value, meta_digest):
    """What a template can read from a result, as JSON-able data: a page is its (lang, path) and the digest of its
    front matter (``meta_digest(page)``); templates read other pages' front matter, never their bodies (the pages
    that do are :data:`BODY_DEPENDENT_TEMPLATES`)."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return value if type(value) is str else [type(value).__name__, str(value)]
    if isinstance(value, Page):
        return ["page", value.lang, value.rel_path, meta_digest(value)]
    if isinstance(value, dict):
        return ["dict", [[canonical(k, meta_digest), canonical(v, meta_digest)] for k, v in value.items()]]
    if isinstance(value, (list, tuple)):
        return [canonical(v, meta_digest) for v in value]
    if isinstance(value, (set, frozenset)):
        return ["set", sorted(json.dumps(canonical(v, meta_digest), sort_keys=True) for v in value)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__qualname__,
                [[f.name, canonical(getattr(value, f.name), meta_digest)] for f in dataclasses.fields(value)]]
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, enum.Enum):
        return canonical(value.value, meta_digest)
    raise Unreplayable(type(value).__name__)


def result_digest(value, meta_digest) -> str:
    try:
        return _digest(canonical(value, meta_digest))
    except Unreplayable:
        return "unreplayable"  # never equal to a digest: the pages that read it are re-rendered


@dataclass
class Record:
    """What the pages of one language showed of other pages, from the renders that produced the current output."""

    calls: dict = field(default_factory=dict)  # (variable, name, args, kwargs) -> result digest
    pages: dict = field(default_factory=dict)  # rel_path -> set of the call keys its render made
    nav: dict = field(default_factory=dict)  # rel_path -> digest of the sidebar it shows (nav_views)
    encoded: dict = field(default_factory=dict, repr=False)  # id(dict argument) -> (it, encode_arg(it)), this build


class Recorder:
    """Notes the calls one page's templates make on the :data:`RECORDED` variables (results memoised per build)."""

    def __init__(self, record: Record, rel_path: str, meta_digest):
        self.record, self.meta_digest = record, meta_digest
        self.keys: set = set()
        record.pages[rel_path] = self.keys

    def note(self, variable: str, name: str, args=None, kwargs=None, result=None) -> None:
        try:
            key = (variable, name, None if args is None else self._encode(tuple(args)),
                   None if kwargs is None else self._encode(dict(sorted(kwargs.items()))))
        except Unreplayable:
            self.keys.add(UNREPLAYABLE)
            return
        self.keys.add(key)
        if key not in self.record.calls:
            self.record.calls[key] = result_digest(result, self.meta_digest)

    def _encode(self, args: tuple):
        """:func:`encode_arg`, once per dict argument per build (the interface strings passed on every page)."""
        if not any(isinstance(a, dict) for a in args):
            return encode_arg(args)
        items = []
        for arg in args:
            if isinstance(arg, dict):
                known = self.record.encoded.get(id(arg))
                if known is None or known[0] is not arg:
                    known = self.record.encoded[id(arg)] = (arg, encode_arg(arg))
                items.append(known[1])
            else:
                items.append(encode_arg(arg))
        return _Seq("tuple", tuple(items))


class Recorded:
    """A template variable whose attribute reads and method calls are noted by a :class:`Recorder`; it returns
    exactly what the variable returns, so the page is the same."""

    __slots__ = ("_target", "_variable", "_recorder")

    def __init__(self, target, variable: str, recorder: Recorder):
        self._target, self._variable, self._recorder = target, variable, recorder

    def __getattr__(self, name):
        value = getattr(self._target, name)
        if name in DATA_ATTRIBUTES:
            return value
        if not callable(value):
            self._recorder.note(self._variable, name, result=value)
            return value

        def call(*args, **kwargs):
            result = value(*args, **kwargs)
            self._recorder.note(self._variable, name, args, kwargs, result)
            return result

        return call

    def __bool__(self) -> bool:
        return bool(self._target)


def evaluate(key, targets: dict, page_of, meta_digest) -> str:
    """The digest the call ``key`` returns against this build's ``targets`` (variable name -> object)."""
    variable, name, args, kwargs = key
    target = targets.get(variable)
    if target is None:
        return "unreplayable"
    try:
        value = getattr(target, name)
        if args is not None:
            value = value(*decode_arg(args, page_of), **decode_arg(kwargs, page_of))
    except Exception:  # noqa: BLE001 — whatever fails to replay is treated as changed
        return "unreplayable"
    return result_digest(value, meta_digest)


def pages_to_render(plan: Plan, lang: str, rel_paths, previous: Record | None, current: Record, targets: dict,
                    page_of, meta_digest) -> set[str]:
    """The pages of ``lang`` an incremental ``plan`` must re-render: the plan's own pages, and every page whose
    output depends on what changed — its sidebar (``current.nav`` against ``previous.nav``) or any call its last
    render made on the :data:`RECORDED` variables, evaluated again against this build (related items, chapter
    navigation, breadcrumbs, listings, JSON-LD, download links). Pages without a record are rendered. ``current``
    receives the new digests and keeps the records of the pages not rendered."""
    rel_paths = list(rel_paths)
    if previous is None:
        return set(rel_paths)
    render = {rel for rel in rel_paths if (lang, rel) in plan.pages}
    changed = set()
    unchanged = frozenset() if plan.front_matter else FRONT_MATTER_ONLY
    edited = {PageRef(lang_, rel) for lang_, rel in plan.front_matter}
    for key, digest in previous.calls.items():
        if key[0] in unchanged or ((key[0], key[1]) in LOCAL_CALLS and not _refers_to(key[2:], edited)):
            now = digest
        else:
            now = evaluate(key, targets, page_of, meta_digest)
        current.calls[key] = now
        if now != digest:
            changed.add(key)
    for rel in rel_paths:
        keys = previous.pages.get(rel)
        if keys is None or UNREPLAYABLE in keys or not keys.isdisjoint(changed) \
                or previous.nav.get(rel) != current.nav.get(rel):
            render.add(rel)
    for rel in rel_paths:
        if rel not in render:
            current.pages[rel] = previous.pages[rel]
    return render


def _refers_to(encoded, pages) -> bool:
    """Whether an encoded argument (:func:`encode_arg`) holds one of ``pages`` (:class:`PageRef`)."""
    if isinstance(encoded, PageRef):
        return encoded in pages
    if isinstance(encoded, tuple):
        return any(_refers_to(v, pages) for v in encoded)
    if isinstance(encoded, _Seq):
        return _refers_to(encoded.items, pages)
    if isinstance(encoded, _Map):
        return encoded.original is None and _refers_to(encoded.items, pages)
    return False


def nav_views(items, pages, title_of) -> dict[str, str]:
    """``rel_path -> digest`` of the sidebar each page shows. With ``navigation.prune`` Material renders the
    top-level items, and expands only the sections on the page's own path (``page.parent`` …): there every child is
    listed with its title; a section off the path shows its title and a link to its first page. ``pages``:
    (rel_path, MkDocs page); ``title_of(item)``: the title the navigation shows for a page item."""
    def item_view(item, path):
        children = getattr(item, "children", None)
        if children is not None:
            if id(item) in path:
                return ["section", str(item.title), [item_view(child, path) for child in children]]
            first = item
            while getattr(first, "children", None):
                first = first.children[0]
            first_url = getattr(getattr(first, "file", None), "src_uri", None) or getattr(first, "url", None)
            return ["pruned", str(item.title), first_url if first is not item else None, len(children)]
        file = getattr(item, "file", None)
        if file is not None:
            return ["page", file.src_uri, title_of(item)]
        return ["link", str(item.title), getattr(item, "url", None)]

    by_path: dict[tuple, str] = {}
    views = {}
    for rel, page in pages:
        ancestors = []
        parent = getattr(page, "parent", None)
        while parent is not None:
            ancestors.append(id(parent))
            parent = getattr(parent, "parent", None)
        path = frozenset(ancestors)
        key = tuple(sorted(path))
        if key not in by_path:
            by_path[key] = _digest([item_view(item, path) for item in items])
        views[rel] = by_path[key]
    return views


# --------------------------------------------------------------------------------------------------------------------
# Search index in the background (serve only)
# --------------------------------------------------------------------------------------------------------------------
class SearchIndexer:
    """Runs Pagefind over the site in the background after each rebuild.

    :meth:`wait` blocks until the index on disk matches the last build: the dev server calls it before answering any
    ``/pagefind/`` request. A new build cancels a run still in progress (Pagefind must not read pages
    while they are rewritten, and its result would be stale anyway); the build then starts a fresh run, so
    readers keep waiting until the index of the newest pages is written. ``index(site_dir, register)`` replaces
    Pagefind in tests; ``register(process)`` lets :meth:`cancel` stop a child process."""

    def __init__(self, index=None):
        self._prefixes: tuple[str, ...] = ("",)  # the languages' folders: one search bundle each
        self._index = index or (lambda site_dir, register: _run_pagefind(site_dir, register, self._prefixes))
        self._thread: threading.Thread | None = None
        self._process = None
        self._cancelled = threading.Event()
        self._fresh = threading.Event()
        self._fresh.set()
        self._lock = threading.Lock()
        self._site_dir: Path | None = None
        self._interrupted = False  # the last run was stopped before it finished: the index on disk is incomplete
        self.last_seconds: float | None = None
        self.last_error: str | None = None

    def start(self, site_dir: Path, prefixes=("",)) -> None:
        self.cancel()
        self._prefixes = tuple(prefixes)
        self._site_dir, self._interrupted = Path(site_dir), False
        self._cancelled.clear()
        self._fresh.clear()
        self._thread = threading.Thread(target=self._run, args=(Path(site_dir),), name="kc-search-index", daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        """Stop a run in progress (readers stay blocked: :meth:`start` follows once the pages are written)."""
        thread = self._thread
        if thread is None or not thread.is_alive():
            return
        self._cancelled.set()
        with self._lock:
            if self._process is not None and self._process.poll() is None:
                self._process.kill()
        thread.join()
        self._interrupted = True
        self._fresh.clear()  # the index on disk is incomplete or stale until the next start()

    def _register(self, process) -> None:
        with self._lock:
            self._process = process
            if self._cancelled.is_set():
                process.kill()

    def _run(self, site_dir: Path) -> None:
        started = time.perf_counter()
        try:
            summary = self._index(site_dir, self._register)
            self.last_error = None
            if summary is not None and not self._cancelled.is_set():
                log.info("search index: %s (%.1f s, in the background)", summary, time.perf_counter() - started)
        except Exception as exc:  # reported; search then fails loudly instead of answering from a stale index
            if not self._cancelled.is_set():
                self.last_error = f"{type(exc).__name__}: {exc}"
                log.error("search index failed: %s", self.last_error)
        finally:
            with self._lock:
                self._process = None
            self.last_seconds = time.perf_counter() - started
            if not self._cancelled.is_set():
                self._fresh.set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._fresh.wait(timeout)

    def release(self) -> None:
        """A build failed after :meth:`cancel` and will not :meth:`start` a run: let readers have an index of the
        output on disk (the preview shows the error) instead of holding them until the next good build. A run that
        :meth:`cancel` stopped half-way (every build cancels at its start, before it knows whether it will fail) is
        started again, since the index it left is incomplete."""
        thread = self._thread
        if thread is not None and thread.is_alive():
            return
        if self._interrupted and self._site_dir is not None:
            self.start(self._site_dir, self._prefixes)
        else:
            self._fresh.set()

    @property
    def busy(self) -> bool:
        return not self._fresh.is_set()


def _run_pagefind(site_dir: Path, register, prefixes=("",)) -> str | None:
    """Every language's search bundle (``kenniscentrum.search.index_site``), stoppable through ``register``."""
    from kenniscentrum.search import index_site

    summaries = index_site(site_dir, prefixes, register=register)
    if summaries is None:
        return None
    return ", ".join(f"{s.pages} pages in {', '.join(s.languages) or 'no language'}" for s in summaries)


# --------------------------------------------------------------------------------------------------------------------
# The serve session: state that must outlive MkDocs reloading the config (and the hook modules) on every rebuild
# --------------------------------------------------------------------------------------------------------------------
class DirtyWarningFilter(logging.Filter):
    """Drops MkDocs' "A 'dirty' build is being performed …" warning, which would abort every build in strict mode:
    with this module deciding what to re-render, the dirty build is exact."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("A 'dirty' build is being performed")


@dataclass(frozen=True)
class Failure:
    """Why the last build failed: the content issues (``Issue`` objects) or, for any other error, its text and the
    warnings logged during the build (strict mode turns those into the error)."""

    issues: tuple = ()
    message: str = ""
    warnings: tuple[str, ...] = ()
    stats: dict = field(default_factory=dict, compare=False)  # issue path -> (mtime, size) when reported


#: File-level rules a half-written file produces (a save caught between truncating and writing the file).
HALF_WRITTEN_RULES = frozenset({"KC001", "KC002", "KC003", "KC004", "KC005"})


class WarningCollector(logging.Handler):
    """Keeps the warnings of the build in progress, for the error shown in the browser."""

    def __init__(self, limit: int = 20) -> None:
        super().__init__(logging.WARNING)
        self.limit = limit
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < self.limit:
            self.records.append(record.getMessage())


@dataclass
class Session:
    active: bool = False  # mkdocs serve --dirty
    background_search: bool = False
    previous: State | None = None
    plan: Plan | None = None
    pending: State | None = None
    page_meta: dict = field(default_factory=dict)  # (lang, src_uri) -> (meta, title) from the last render
    indexer: SearchIndexer = field(default_factory=SearchIndexer)
    collector: speedups.IdleCollector = field(default_factory=speedups.IdleCollector)  # the last build's garbage
    root: Path | None = None  # the project being served (set by each build's on_config)
    failure: Failure | None = None  # why the last build failed; None after a good build
    records: dict = field(default_factory=dict)  # lang -> Record of the output on disk
    building: dict = field(default_factory=dict)  # lang -> Record this build makes
    decided: dict = field(default_factory=dict)  # lang -> rel_paths this incremental build renders
    rendered: dict = field(default_factory=dict)  # lang -> pages the last incremental build rendered (None: all)
    published: dict = field(default_factory=dict)  # download copies in the site directory (sitecopy.copy_downloads)
    _filter: DirtyWarningFilter | None = None
    _warnings: WarningCollector = field(default_factory=WarningCollector)

    def start(self, command: str, dirty: bool, environ=os.environ) -> None:
        self.active = command == "serve" and dirty
        self.previous, self.plan, self.pending, self.failure = None, None, None, None
        self.page_meta.clear()
        self.published.clear()
        self.records, self.building = {}, {}
        self.decided.clear()
        if not self.active:
            return
        if self._filter is None:
            self._filter = DirtyWarningFilter()
            logging.getLogger("mkdocs.commands.build").addFilter(self._filter)
            logging.getLogger("mkdocs").addHandler(self._warnings)
        # Pagefind runs in the background here; hooks/discovery.py honours the switch and skips its own run.
        from kenniscentrum.search import ENV_SWITCH, enabled

        self.background_search = enabled(environ)
        environ[ENV_SWITCH] = "0"

    def begin(self, model, root: Path) -> Plan:
        """Called once per rebuild (outer build), after the model is loaded."""
        self.pending = state_of(model, root)
        self.plan = decide(self.previous, self.pending)
        self.building = {}
        self.decided.clear()
        if self.plan.full:
            self.records = {}
            self.published.clear()  # the site directory is emptied
        return self.plan

    def finish(self) -> None:
        self.previous, self.pending = self.pending, None
        self.records, self.building = self.building, {}
        self.rendered = {lang: None if pages is None else len(pages) for lang, pages in self.decided.items()}
        self.decided.clear()

    # ------------------------------------------------------------------------- what each page showed (serve)
    def recording(self, lang: str) -> Record:
        """The record this build makes for ``lang``."""
        return self.building.setdefault(lang, Record())

    def meta_digest(self, page) -> str:
        digests = self.pending.pages.get((page.lang, page.rel_path)) if self.pending is not None else None
        return digests[0] if digests is not None else _digest(page.meta)

    def renders(self, lang: str, rel_path: str) -> bool:
        """Whether this incremental build renders the page (``decided`` by ``hooks/preview.py`` in ``on_nav``)."""
        decided = self.decided.get(lang)
        return decided is None or rel_path in decided

    def fail(self) -> None:
        """A build failed. Past planning (:meth:`begin`), the output is unknown, so the next build is a full one;
        before it (a content error stops the build before anything is written) the output is still the last good
        build's, and the next build compares with that."""
        if self.pending is not None:
            self.previous = None
            self.records = {}
            self.published.clear()
        self.pending, self.plan, self.building = None, None, {}

    # ---------------------------------------------------------------------------------------- failures (serve)
    def build_started(self) -> None:
        # Pagefind still indexing the previous output would compete for both cores with this build (it was stopped
        # only once the model was loaded: ~1–3 s of an edit-to-preview right after a rebuild); its index would be
        # stale anyway. A run is started again after the build, or by record_failure (SearchIndexer.release).
        self.indexer.cancel()
        self._warnings.records.clear()
        self.failure = None  # set again by on_build_error if this build fails

    def record_failure(self, error: BaseException, issues=()) -> Failure:
        stats = {}
        for issue in issues:
            if issue.rule in HALF_WRITTEN_RULES and self.root is not None:
                stats[issue.path] = _stat(self.root / issue.path)
        message = "" if issues else (f"{type(error).__name__}: {error}" if str(error) else type(error).__name__)
        self.failure = Failure(issues=tuple(sorted(issues)), message=message,
                               warnings=tuple(self._warnings.records), stats=stats)
        self.indexer.release()
        return self.failure

    def half_written(self, quiet: float = 0.3) -> bool:
        """Whether the last failure may come from a file read while an editor was still writing it: a file-level
        error (no front matter, an unclosed block, …) in a file that changes within ``quiet`` seconds."""
        failure = self.failure
        if failure is None or not failure.stats or self.root is None:
            return False
        time.sleep(quiet)
        return any(_stat(self.root / path) != stat for path, stat in failure.stats.items())


def _stat(path: Path):
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def guard(build, get_session, *, retries: int = 2):
    """``build`` (MkDocs' ``build(config, ...)``) that never raises for a failed build while serving: the failure
    is recorded in the session (by ``hooks/preview.py``'s ``on_build_error``) and shown in the browser, and the
    dev server goes on serving the last good output instead of holding every request (issue 14)."""

    def guarded_build(config, *args, **kwargs):
        session = get_session()
        session.build_started()
        try:
            build(config, *args, **kwargs)
        except Exception as error:  # (KeyboardInterrupt and SystemExit still stop the server)
            if session.failure is None:  # an error MkDocs raised before any hook saw it
                session.record_failure(error)
            log.error("preview: the build failed; serving the last good build with the error shown in each page")

    guarded_build.kenniscentrum_guard = True
    guarded_build.__wrapped__ = build
    return guarded_build


# --------------------------------------------------------------------------------------------------------------------
# The error in the browser
# --------------------------------------------------------------------------------------------------------------------
_BODY_OPEN = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)


def inject(html: bytes, fragment: str) -> bytes:
    """``html`` with ``fragment`` first in its ``<body>`` (first in reading and keyboard order)."""
    encoded = fragment.encode("utf-8")
    match = _BODY_OPEN.search(html)
    if match is None:
        return encoded + html
    return html[: match.end()] + encoded + html[match.end():]


def page_lang(path: str, langs: tuple[str, ...], default: str) -> str:
    """The language of the page at URL ``path`` (``/en/…`` is English; everything else the default language)."""
    first = path.lstrip("/").split("/", 1)[0]
    return first if first in langs and first != default else default


def _strings(root: Path, lang: str) -> dict:
    import yaml

    try:
        data = yaml.safe_load((root / "data" / "ui" / "preview.yml").read_text(encoding="utf-8")) or {}
        return data.get(lang) or data.get("en") or {}
    except (OSError, yaml.YAMLError):  # the error page must render even when data/ is what is broken
        return {}


def render_errors(failure: Failure, lang: str, root: Path, *, page: bool = False) -> str:
    """The errors as markup, from ``overrides/kc/preview-errors.html`` (``page``: a whole page,
    ``overrides/kc/preview-error-page.html``, for a URL the last good build does not have)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(str(root / "overrides")), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    name = "kc/preview-error-page.html" if page else "kc/preview-errors.html"
    return env.get_template(name).render(failure=failure, lang=lang, t=_strings(root, lang))


session = Session()
