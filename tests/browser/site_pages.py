"""One representative page per template, in both languages: what the browser tests visit.

Paths are relative to the language root (Dutch at ``/``, English at ``/en/``); folder slugs are the same in both
languages. A page whose file is not in the built site is skipped with the reason (its template is still being
built); as soon as the file exists, every test on it runs and must pass.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

LANGS = ("nl", "en")


@dataclass(frozen=True)
class SitePage:
    name: str
    path: str  # relative to the language root, with a trailing slash for directory URLs
    query: tuple[tuple[str, str], ...] = ()  # (lang, query string) pairs
    ready: str = ""  # a selector that appears once the page's script has rendered (search results, …)
    status: int = 200
    # The file that has to exist in the built site (relative to the language root); None: the path's index.html.
    file: str | None = None
    owner: str = ""

    def url(self, lang: str) -> str:
        prefix = "" if lang == "nl" else f"{lang}/"
        query = dict(self.query).get(lang, "")
        return prefix + self.path + (f"?{query}" if query else "")

    def file_in(self, site: Path, lang: str) -> Path:
        root = site if lang == "nl" else site / lang
        return root / (self.file or (self.path + "index.html" if self.path else "index.html"))

    def require(self, site: Path, lang: str) -> None:
        """Skip (with the reason) only while the page's file is absent from the built site."""
        target = self.file_in(site, lang)
        if not target.is_file():
            pytest.skip(f"{self.name}: {target.relative_to(site)} is not in the built site yet"
                        + (f" ({self.owner})" if self.owner else ""))


PAGES = [
    SitePage("home", ""),
    SitePage("overview", "instrumenten/", owner="discovery: generated overview"),
    SitePage("finder", "zoeker/", owner="discovery: instrument finder"),
    SitePage("instrument", "instrumenten/gids-starten-met-mvo/"),
    SitePage("checklist", "instrumenten/checklist-eerste-mvo-scan/"),
    SitePage("worksheet", "instrumenten/werkinstrument-communicatieplan/"),
    SitePage("scan", "instrumenten/mvo-scan-kmo/", ready=".kc-scan.kc-js"),
    SitePage("chapter", "handleiding-ambassadeurs/01-waarom/"),
    SitePage("manual", "handleiding-ambassadeurs/"),
    SitePage("guidance", "gemeenten/opvolging/"),
    SitePage("project", "projecten/csr-boosters/"),
    SitePage("theme", "themas/diversiteit/"),
    SitePage("glossary", "woordenlijst/"),
    SitePage("search", "zoeken/", query=(("nl", "q=ambassadeurs"), ("en", "q=ambassadors")),
             ready="[data-kc-search-results] li", owner="discovery: search page"),
    SitePage("downloads", "downloads/", owner="downloads: downloads page"),
    SitePage("offline", "offline/", owner="offline: the use-offline page"),
    SitePage("translations", "vertaalstatus/", owner="editor workflow: translation status page"),
    SitePage("statement", "over/toegankelijkheid/"),
    SitePage("404", "deze-pagina-bestaat-niet/", status=404, file="404.html"),
]
BY_NAME = {p.name: p for p in PAGES}


def page_params(names=None):
    """``pytest.mark.parametrize`` values: (SitePage, lang) for the named pages (all when None), both languages."""
    chosen = PAGES if names is None else [BY_NAME[n] for n in names]
    return [pytest.param(p, lang, id=f"{p.name}-{lang}") for p in chosen for lang in LANGS]
