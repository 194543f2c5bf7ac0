"""One build, start to finish, without MkDocs: load and validate content, write generated pages, and hand the
templates a read-only model of the site.

``hooks/content.py`` calls :func:`prepare` once per language build (mkdocs-static-i18n builds the site once per
language). The result is cached on a fingerprint of every file under ``content/`` and ``data/``, so the second
language build of the same run reuses it and a changed file always invalidates it: never stale, never shared
between two different trees.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kenniscentrum.content import ContentSet, Page, load_content
from kenniscentrum.generators import run_generators, write_generated
from kenniscentrum.ui import load_ui_strings

LANGS = ("nl", "en")
DEFAULT_LANG = "nl"


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
    entries = []
    for base in dirs:
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            for name in sorted(filenames):
                stat = os.stat(os.path.join(dirpath, name))
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
    content = load_content(content_dir, data_dir, LANGS)
    if write_generated(content_dir, run_generators(content, root)):
        # Stubs changed on disk: read again so links to generated pages are checked against what will be built.
        content = load_content(content_dir, data_dir, LANGS)
    model = SiteModel(root=root, content=content, ui=load_ui_strings(data_dir, LANGS))
    _cache[root] = (_fingerprint(content_dir, data_dir), model)
    return model
