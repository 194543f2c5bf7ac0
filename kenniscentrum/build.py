"""One build, start to finish, without MkDocs: load and validate content, write generated pages, and hand the
templates a read-only model of the site.

``hooks/content.py`` calls :func:`prepare` once per language build (mkdocs-static-i18n builds the site once per
language). The result is cached on a fingerprint of every file under ``content/`` and ``data/``, so the second
language build of the same run reuses it and a changed file always invalidates it: never stale, never shared
between two different trees.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from kenniscentrum.content import ContentSet, Page, load_content
from kenniscentrum.generators import run_generators, write_generated
from kenniscentrum.scratchfiles import is_scratch
from kenniscentrum.ui import load_ui_strings

LANGS = ("nl", "en")
DEFAULT_LANG = "nl"
READ_ATTEMPTS = 5  # reads of the whole tree while files keep changing under it, before the last read is used
SETTLE_SECONDS = 0.1


@dataclass
class SiteModel:
    root: Path
    content: ContentSet
    ui: dict[str, dict[str, dict]]
    _index: dict[tuple[str, str], Page] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._index = {(p.lang, p.rel_path): p for p in self.content.pages}

    @property
    def issues(self):
        return self.content.issues

    def page(self, lang: str, rel_path: str) -> Page | None:
        return self._index.get((lang, rel_path))

    def pages(self, lang: str, *, type: str | None = None, include_drafts: bool = False) -> list[Page]:
        return [
            p
            for p in self.content.by_lang(lang)
            if (include_drafts or not p.is_draft) and (type is None or p.type == type)
        ]

    def counterpart(self, page: Page, lang: str) -> Page | None:
        return self.page(lang, page.rel_path)

    def drafts(self) -> list[Page]:
        return [p for p in self.content.pages if p.is_draft]


def _fingerprint(*dirs: Path) -> tuple:
    """(folder, name, mtime, size) of every file; editors' scratch files are left out, and a file that vanishes
    between listing and ``stat`` (a temporary file renamed over the real one, an Emacs lock symlink) is skipped."""
    entries = []
    for base in dirs:
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            for name in sorted(filenames):
                if is_scratch(name):
                    continue
                try:
                    stat = os.stat(os.path.join(dirpath, name))
                except OSError:
                    continue
                entries.append((dirpath, name, stat.st_mtime_ns, stat.st_size))
    return tuple(entries)


_cache: dict[Path, tuple[tuple, SiteModel]] = {}


def prepare(root: Path) -> SiteModel:
    """Load, generate and validate the whole tree under ``root`` (both languages)."""
    root = root.resolve()
    content_dir, data_dir = root / "content", root / "data"
    key = _fingerprint(content_dir, data_dir)
    cached = _cache.get(root)
    if cached and cached[0] == key:
        return cached[1]
    for attempt in range(READ_ATTEMPTS):
        if attempt:
            # A file changed while it was read (an editor still saving under `make serve`): what was read may be half
            # written, so read everything again rather than report it, or cache it under the newer fingerprint.
            time.sleep(SETTLE_SECONDS)
            key = _fingerprint(content_dir, data_dir)
        content = load_content(content_dir, data_dir, LANGS)
        if write_generated(content_dir, run_generators(content, root)):
            # Stubs changed on disk: read again so links to generated pages are checked against what will be built.
            key = _fingerprint(content_dir, data_dir)
            content = load_content(content_dir, data_dir, LANGS)
        if _fingerprint(content_dir, data_dir) == key:
            break
    # The model is cached under the fingerprint taken *before* it was read: a later change always invalidates it.
    model = SiteModel(root=root, content=content, ui=load_ui_strings(data_dir, LANGS))
    _cache[root] = (key, model)
    return model
