"""The catalogue of one language: facets, listings, related items, chapter order, open data. Pure: no MkDocs, no I/O.

Everything discovery shows is derived here from the validated pages (``kenniscentrum.content.Page``) and the shared
vocabularies, so an editor only writes front matter and the page appears in every overview, the finder, the feeds,
``instruments.json`` and the related items of other pages. Templates reach it as ``catalog`` (see
``hooks/discovery.py``); markup stays in ``overrides/``.

Ordering is deterministic everywhere (vocabulary order, then a casefolded, accent-free title, then the path), so two
builds of the same tree are byte-identical.
"""
from __future__ import annotations

import datetime as _dt
import posixpath
import heapq
import unicodedata
from functools import lru_cache
from typing import Iterable

from kenniscentrum.model import FACETS, Facet
from kenniscentrum.publishing import is_editor_only, published_address
from kenniscentrum.site import Site, bare_site
from kenniscentrum.search import suggestion_terms


#: ``FACETS`` (the finder's facets, in order) come from the `Facet` declared on the instrument fields
#: (kenniscentrum/model/instrument.py): a new facet is a field there plus its interface strings.
FACET_BY_NAME = {f.name: f for f in FACETS}
OVERVIEW_FOLDER = "overzicht"

#: Order of content types in mixed listings (theme, audience, SDG pages).
TYPE_ORDER = ("instrument", "chapter", "guidance", "project", "theme", "page", "glossary")
#: Types that never appear in listings, related items or feeds.
UNLISTED_TYPES = ("generated",)

LICENCE_URLS = {
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
}

#: Weights of shared facets when ranking related pages.
RELATED_WEIGHTS = (("themes", 3), ("sdgs", 2), ("audiences", 1))


# --------------------------------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------------------------------
def values(page, key: str) -> list:
    """The front-matter value of ``key`` as a list (a single ``kind`` becomes ``[kind]``, missing becomes ``[]``)."""
    value = page.meta.get(key)
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def facet_values(page, facet: Facet | str) -> list:
    facet = FACET_BY_NAME[facet] if isinstance(facet, str) else facet
    return values(page, facet.key)


@lru_cache(maxsize=65536)  # called for every candidate of every sort; titles repeat (bench: 273 580 calls at 500/lang)
def title_key(text: str) -> str:
    """A sort key for titles: accents stripped, case folded ("Één" sorts with "een")."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def add_months(day: _dt.date, months: int) -> _dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    last = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return _dt.date(year, month, min(day.day, last))


def next_review(page) -> _dt.date | None:
    if page.meta.get("next_review"):
        return page.meta["next_review"]
    last, every = page.meta.get("last_reviewed"), page.meta.get("review_every")
    return add_months(last, every) if last and every else None


def absolute_url(site_url: str, path: str) -> str:
    base = (site_url or "/").rstrip("/") + "/"
    return base + path.lstrip("/")


def iso_duration(minutes: int | None) -> str | None:
    """schema.org ``timeRequired``: 90 -> "PT1H30M"."""
    if not minutes:
        return None
    hours, rest = divmod(int(minutes), 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")


def is_listed(page) -> bool:
    return not page.is_draft and page.type not in UNLISTED_TYPES


def is_home(page) -> bool:
    return page.rel_path == "index.md"


def matches(page, selection: dict[str, Iterable]) -> bool:
    """AND across facets, OR within a facet; an empty selection for a facet does not filter."""
    for name, wanted in selection.items():
        wanted = set(wanted)
        if wanted and not wanted.intersection(facet_values(page, name)):
            return False
    return True


def facet_counts(pages: list, facet: Facet | str, ids: list, selection: dict[str, Iterable] | None = None) -> dict:
    """``id -> number of pages with that id`` among pages matching ``selection`` on every *other* facet.

    This is the usual disjunctive count: within a facet options are OR-ed, so an option's count does not depend on
    which other options of the same facet are ticked."""
    facet = FACET_BY_NAME[facet] if isinstance(facet, str) else facet
    others = {k: v for k, v in (selection or {}).items() if k != facet.name}
    counts = {i: 0 for i in ids}
    for page in pages:
        if not matches(page, others):
            continue
        for value in facet_values(page, facet):
            if value in counts:
                counts[value] += 1
    return counts


def type_rank(page) -> int:
    return TYPE_ORDER.index(page.type) if page.type in TYPE_ORDER else len(TYPE_ORDER)


def sort_pages(pages: Iterable, kind_ids: list | None = None) -> list:
    """Listing order: by type; instruments by title; chapters and guidance by ``order``; the rest by title."""
    def key(page):
        ordered = page.type in ("chapter", "guidance")
        return (type_rank(page), page.meta.get("order", 0) if ordered else 0, title_key(page.meta.get("title", "")),
                page.rel_path)
    return sorted(pages, key=key)


def group_by_type(pages: Iterable) -> list[tuple[str, list]]:
    groups: dict[str, list] = {}
    for page in sort_pages(pages):
        groups.setdefault(page.type, []).append(page)
    return list(groups.items())


def related(page, candidates: Iterable, limit: int = 5) -> list:
    """Pages sharing themes, SDGs or audiences with ``page``, best first (weights in ``RELATED_WEIGHTS``)."""
    mine = {key: set(values(page, key)) for key, _ in RELATED_WEIGHTS}
    if not any(mine.values()):
        return []
    scored = []
    for other in candidates:
        if other is page or other.rel_path == page.rel_path or other.lang != page.lang or not is_listed(other):
            continue
        if is_home(other):
            continue
        score = sum(weight * len(mine[key].intersection(values(other, key))) for key, weight in RELATED_WEIGHTS)
        if score:
            scored.append((-score, 0 if other.type == page.type else 1, title_key(other.meta.get("title", "")),
                           other.rel_path, other))
    scored.sort(key=lambda row: row[:4])
    return [row[-1] for row in scored[:limit]]


#: What a reader calls "new": instruments and the content around them — not the site's own pages (about, the
#: accessibility statement), themes or the glossary, whose review dates say nothing about new material.
CONTENT_TYPES = ("instrument", "chapter", "guidance", "project")


def recent(pages: Iterable, limit: int = 6, types: Iterable[str] | None = None) -> list:
    """New and updated pages: latest ``last_reviewed`` first (then title), the home page left out; only ``types``
    when given."""
    listed = [p for p in pages if is_listed(p) and not is_home(p) and p.meta.get("last_reviewed")
              and (types is None or p.type in types)]
    listed.sort(key=lambda p: (title_key(p.meta.get("title", "")), p.rel_path))
    listed.sort(key=lambda p: p.meta["last_reviewed"], reverse=True)
    return listed[:limit]


def chapters(pages: Iterable, manual: str) -> list:
    return sorted((p for p in pages if p.type == "chapter" and is_listed(p) and p.meta.get("manual") == manual),
                  key=lambda p: (p.meta.get("order", 0), p.rel_path))


def guidance_topics(pages: Iterable, folder: str) -> list:
    """The guidance topics of one folder (``gemeenten/``), by ``order``: a series like a manual's chapters."""
    return sorted((p for p in pages if p.type == "guidance" and is_listed(p)
                   and posixpath.dirname(p.rel_path) == folder),
                  key=lambda p: (p.meta.get("order", 0), p.rel_path))


def _series_key(page) -> tuple[str, str] | None:
    if page.type == "chapter":
        return ("chapter", page.meta.get("manual"))
    if page.type == "guidance":
        return ("guidance", posixpath.dirname(page.rel_path))
    return None


def series(page, pages: Iterable, memo: dict | None = None) -> list:
    """The ordered series ``page`` belongs to: its manual's chapters or its folder's guidance topics; [] for any
    other page. Only these get previous/next links (issue 19: elsewhere the theme's footer links jumped between
    unrelated pages). ``memo`` (a dict kept by the caller for one set of ``pages``) keeps each series found."""
    key = _series_key(page)
    if key is None:
        return []
    if memo is not None and key in memo:
        return memo[key]
    found = chapters(pages, key[1]) if key[0] == "chapter" else guidance_topics(pages, key[1])
    if memo is not None:
        memo[key] = found
    return found


def chapter_neighbours(page, pages: Iterable, memo: dict | None = None) -> dict | None:
    """``{previous, next, position, total}`` of a manual chapter or guidance topic in its series (``series``), by
    ``order``; None for other pages."""
    ordered = series(page, pages, memo)
    if page not in ordered:
        return None
    i = ordered.index(page)
    return {
        "previous": ordered[i - 1] if i > 0 else None,
        "next": ordered[i + 1] if i + 1 < len(ordered) else None,
        "position": i + 1,
        "total": len(ordered),
        "order": page.meta.get("order"),
    }


def ancestors(rel_path: str, lookup) -> list:
    """The index pages above ``rel_path`` that exist (``lookup(rel) -> page | None``), home page first."""
    parts = posixpath.dirname(rel_path).split("/") if posixpath.dirname(rel_path) else []
    if posixpath.basename(rel_path) == "index.md" and parts:
        parts = parts[:-1]
    elif rel_path == "index.md":
        return []
    trail = []
    for depth in range(len(parts) + 1):
        rel = "/".join(parts[:depth] + ["index.md"])
        found = lookup(rel)
        if found is not None and found.rel_path != rel_path:
            trail.append(found)
    return trail


# --------------------------------------------------------------------------------------------------------------------
# The catalogue of one language
# --------------------------------------------------------------------------------------------------------------------
class Catalog:
    """All listings of one language. ``pages``: every page of the site (any language); ``vocab``: language -> the
    :class:`~kenniscentrum.model.vocabularies.Vocabulary`; ``site``: the languages and their URL prefixes (a bare
    tree's when not given)."""

    def __init__(self, pages: Iterable, vocab: dict, lang: str, *, site_url: str = "", site_name: str = "",
                 site: Site | None = None):
        self.site = site or bare_site()
        self.lang = lang
        self.vocab = vocab[lang]
        # Empty when the public address is unknown (no SITE_URL): see kenniscentrum.publishing.
        self.site_url = published_address(site_url) or ""
        self.site_name = site_name
        self.all_pages = [p for p in pages if not p.is_draft]
        self._index = {(p.lang, p.rel_path): p for p in self.all_pages}
        self.pages = [p for p in self.all_pages if p.lang == lang]
        self.listed = [p for p in self.pages if is_listed(p)]
        self.instruments = sort_pages(p for p in self.listed if p.type == "instrument")
        self._theme_pages = {}
        for page in sort_pages(p for p in self.listed if p.type == "theme"):
            self._theme_pages.setdefault(page.meta.get("theme"), page)
        # chapter navigation: each series found once, not once per chapter (quadratic in a large manual)
        self._series: dict[tuple[str, str], list] = {}

    # --- lookup -------------------------------------------------------------------------------------------------
    def get(self, rel_path: str, lang: str | None = None):
        return self._index.get((lang or self.lang, rel_path))

    def counterpart(self, page, lang: str):
        return self._index.get((lang, page.rel_path))

    def label(self, vocabulary: str, item_id) -> str:
        return self.vocab.label(vocabulary, item_id, default=str(item_id))

    def facet(self, name: str) -> Facet:
        return FACET_BY_NAME[name]

    def ids(self, name: str) -> list:
        return self.vocab.ids(FACET_BY_NAME[name].vocabulary)

    def theme_page(self, theme_id):
        return self._theme_pages.get(theme_id)

    def overview_rel(self, facet_name: str, value) -> str | None:
        """The generated overview page of a facet value ("overzicht/soort/checklist.md"), or the theme page."""
        facet = FACET_BY_NAME[facet_name]
        if facet.name == "theme":
            page = self.theme_page(value)
            return page.rel_path if page else None
        if facet.folder is None:
            return None
        return f"{OVERVIEW_FOLDER}/{facet.folder}/{overview_slug(facet, value)}.md"

    def overview_page(self, facet_name: str, value):
        rel = self.overview_rel(facet_name, value)
        return self.get(rel) if rel else None

    # --- listings -----------------------------------------------------------------------------------------------
    def with_facet(self, facet_name: str, value, *, instruments_only: bool = False) -> list:
        """Listed pages carrying ``value`` for the facet (any content type unless ``instruments_only``)."""
        facet = FACET_BY_NAME[facet_name]
        pool = self.instruments if instruments_only else self.listed
        found = [p for p in pool if value in values(p, facet.key)
                 and not (p.type == "theme" and facet.name == "theme")]
        return sort_pages(found)

    def listing_for(self, page) -> list:
        """What a page lists below its body: a theme page everything with its theme, an overview page its facet."""
        if page is None:
            return []
        if page.type == "theme":
            return self.with_facet("theme", page.meta.get("theme"))
        if page.type == "generated":
            facet, value = page.meta.get("facet"), page.meta.get("value")
            if facet == "instruments":
                return list(self.instruments)
            if facet in FACET_BY_NAME and value is not None:
                if facet == "sdg":
                    value = int(value)
                return self.with_facet(facet, value, instruments_only=facet in ("kind", "pdca"))
        return []

    def plural(self, kind_id) -> str:
        for item in self.vocab.items("kinds"):
            if item["id"] == kind_id:
                return item.get("plural", item["label"])
        return str(kind_id)

    def listing_groups(self, page, strings: dict) -> list[dict]:
        """The listing of ``page`` in groups ``[{heading, anchor, pages}]``: all instruments and PDCA phases by
        kind (vocabulary order), one kind as a single list, themes, audiences and SDGs by content type.
        ``strings``: the page language's ``data/ui/discovery.yml``."""
        pages = self.listing_for(page)
        if not pages:
            return []
        facet = "theme" if page.type == "theme" else page.meta.get("facet")
        if facet == "kind":
            return [{"heading": None, "anchor": None, "pages": pages}]
        if facet in ("instruments", "pdca"):
            out = []
            for kind in self.vocab.ids("kinds"):
                found = [p for p in pages if p.meta.get("kind") == kind]
                if found:
                    out.append({"heading": self.plural(kind), "anchor": f"kc-{kind}", "pages": found})
            return out
        return [{"heading": strings["type_headings"].get(type_, type_), "anchor": f"kc-{type_}", "pages": found}
                for type_, found in group_by_type(pages)]

    def facet_options(self, name: str, pages: list | None = None) -> list[dict]:
        """Every option of a facet in vocabulary order with its label and count among ``pages`` (default: all
        instruments)."""
        ids = self.ids(name)
        counts = facet_counts(self.instruments if pages is None else pages, name, ids)
        return [{"id": i, "label": self.label(FACET_BY_NAME[name].vocabulary, i), "count": counts[i]} for i in ids]

    def facet_data(self, page) -> dict[str, str]:
        """``facet name -> space-separated ids``: the finder's data attributes."""
        return {f.name: " ".join(str(v) for v in facet_values(page, f)) for f in FACETS}

    def related(self, page, limit: int = 5) -> list:
        """Same result as :func:`related` over ``self.listed``, from an inverted index (facet value -> pages) built
        once per catalogue: scoring every listed page for every page was quadratic (bench: 49 s of CPU at 500 pages
        per language, 4x more per page at 2 000)."""
        if page is None or not is_listed(page) or is_home(page):
            return []
        if page.lang != self.lang:
            return related(page, self.listed, limit)
        postings = self._related_postings()
        scores: dict = {}
        for key, weight in RELATED_WEIGHTS:
            for value in set(values(page, key)):
                for other in postings.get((key, value), ()):
                    scores[other] = scores.get(other, 0) + weight
        if limit <= 0:
            return []
        # Only the best scores can make the list: pages by score, then the full sort key for the top buckets alone
        # (the same result as ranking every scored page: score comes first in the key).
        by_score: dict = {}
        for other, score in scores.items():
            if other is not page and other.rel_path != page.rel_path:
                by_score.setdefault(score, []).append(other)
        chosen: list = []
        for score in sorted(by_score, reverse=True):
            chosen.extend(by_score[score])
            if len(chosen) >= limit:
                break
        rows = ((-scores[other], 0 if other.type == page.type else 1, title_key(other.meta.get("title", "")),
                 other.rel_path, other) for other in chosen)
        return [row[-1] for row in heapq.nsmallest(limit, rows, key=lambda row: row[:4])]

    def _related_postings(self) -> dict:
        if getattr(self, "_postings", None) is None:
            postings: dict = {}
            for other in self.listed:
                if is_home(other):
                    continue
                for key, _ in RELATED_WEIGHTS:
                    for value in set(values(other, key)):
                        postings.setdefault((key, value), []).append(other)
            self._postings = postings
        return self._postings

    def search_terms(self) -> list[str]:
        """Words the search page suggests for a misspelt query (kenniscentrum.search.suggestion_terms)."""
        return suggestion_terms(self.listed)

    def type_label(self, page, strings: dict) -> str:
        """What a search result or listing is: the instrument's kind ("Checklist"), else its content type
        ("Hoofdstuk"). ``strings``: the page language's data/ui/discovery.yml."""
        return self.kind_label(page) or strings["type_labels"].get(page.type, "")

    def recent(self, limit: int = 6, content_only: bool = False) -> list:
        """``content_only``: instruments, chapters, guidance and projects (the home page's "new" list)."""
        return recent(self.listed, limit, CONTENT_TYPES if content_only else None)

    def first_with(self, rel_paths: Iterable[str], *, kind=None, audience=None):
        """The first instrument of ``kind`` (for ``audience`` when given), else the first of ``rel_paths`` that
        exists in this language: a home-page card names its first step by kind, so a new instrument of that kind
        (the SME scan) takes the card over once it is published, and the card falls back while there is none."""
        if kind is not None:
            for page in self.with_facet("kind", kind, instruments_only=True):
                if audience is None or audience in values(page, "audiences"):
                    return page
        for rel in rel_paths:
            page = self.get(rel)
            if page is not None and is_listed(page):
                return page
        return None

    def chapter_nav(self, page) -> dict | None:
        return chapter_neighbours(page, self.listed, self._series) if page is not None else None

    def breadcrumbs(self, page) -> list:
        if page is None:
            return []
        return ancestors(page.rel_path, self.get)

    def overview_links(self, facet_name: str) -> list[dict]:
        """``[{id, label, page, count}]`` of a facet's overview pages that exist (for "browse by" lists)."""
        out = []
        pool = self.listed if facet_name in ("theme", "audience", "sdg") else None  # kind, pdca: instruments only
        for option in self.facet_options(facet_name, pool):
            target = self.overview_page(facet_name, option["id"])
            if target is not None:
                out.append({**option, "page": target})
        return out

    def licence_url(self, licence_id) -> str | None:
        return LICENCE_URLS.get(licence_id)

    def kind_label(self, page) -> str:
        if page.type == "instrument":
            return self.label("kinds", page.meta.get("kind"))
        return ""

    # --- URLs and open data -------------------------------------------------------------------------------------
    def path(self, page) -> str:
        return self.site.page_path(page)

    def absolute(self, page) -> str:
        return absolute_url(self.site_url, self.site.page_path(page))

    @staticmethod
    def editor_only(page) -> bool:
        """Pages for editors, not readers (``kenniscentrum.publishing.is_editor_only``)."""
        return is_editor_only(page)

    @property
    def published(self) -> bool:
        """True when the build knows the public address: only then are ``sitemap.xml`` and ``feed.xml`` written
        (both need absolute URLs) and linked."""
        return bool(self.site_url)

    def sitemap(self, updated_on=None) -> list[dict]:
        """``sitemap.xml`` entries for every published page of every language (the same list whichever language is
        being built; editor-only pages left out): ``loc``, ``lastmod`` (``updated_on(page)`` as an ISO date, or None) and ``alternates`` (hreflang
        for each language the page exists in, plus x-default = Dutch, when there is more than one). Default language
        first, then by path: two builds of the same tree give the same file."""
        entries = []
        default_lang = self.site.default_lang
        public = [p for p in self.all_pages if not is_editor_only(p)]
        for page in sorted(public, key=lambda p: (p.lang != default_lang, p.lang, self.site.page_path(p))):
            versions = [(lang, self.counterpart(page, lang)) for lang in self.site.langs]
            versions = [(lang, other) for lang, other in versions if other is not None]
            alternates = []
            if len(versions) > 1:
                alternates = [{"hreflang": lang, "href": self.absolute(other)} for lang, other in versions]
                default = self.counterpart(page, default_lang)
                if default is not None:
                    alternates.append({"hreflang": "x-default", "href": self.absolute(default)})
            updated = updated_on(page) if updated_on else None
            entries.append({"loc": self.absolute(page), "lastmod": updated.isoformat() if updated else None,
                            "alternates": alternates})
        return entries

    def labelled(self, vocabulary: str, ids: Iterable) -> list[dict]:
        return [{"id": i, "label": self.label(vocabulary, i)} for i in ids]

    def instrument_record(self, page) -> dict:
        """One entry of ``instruments.json`` (schema: docs/open-data.md)."""
        meta = page.meta
        origin = meta.get("origin") or {}
        record = {
            "id": posixpath.splitext(page.rel_path)[0],
            "url": self.absolute(page),
            "language": page.lang,
            "title": meta.get("title"),
            "summary": meta.get("summary"),
            **{facet.key: (self.labelled(facet.vocabulary, values(page, facet.key)) if facet.multiple else
                           {"id": meta.get(facet.key), "label": self.label(facet.vocabulary, meta.get(facet.key))})
               for facet in FACETS},
            "time_minutes": meta.get("time_minutes"),
            "time_note": meta.get("time_note"),
            "origin": {"by": origin.get("by"), "year": origin.get("year"), "based_on": origin.get("based_on")},
            "licence": {"id": meta.get("licence"), "label": self.label("licences", meta.get("licence")),
                        "url": LICENCE_URLS.get(meta.get("licence"))},
            "owner": meta.get("owner"),
            "last_reviewed": _iso(meta.get("last_reviewed")),
            "next_review": _iso(next_review(page)),
            "awaiting_translation": bool(meta.get("awaiting_translation", False)),
            "translations": {lang: self.absolute(other) for lang in self.site.langs if lang != page.lang
                             for other in [self.counterpart(page, lang)] if other is not None},
        }
        if meta.get("checklist"):
            record["checklist_items"] = sum(len(s.get("items", [])) for s in meta["checklist"].get("sections", []))
        if meta.get("worksheet"):
            record["worksheet_fields"] = sum(len(s.get("fields", [])) for s in meta["worksheet"].get("sections", []))
        return record

    def instruments_document(self) -> dict:
        """The whole ``instruments.json`` of this language. Dated by content only: builds stay byte-identical."""
        updated = max((p.meta["last_reviewed"] for p in self.instruments if p.meta.get("last_reviewed")),
                      default=None)
        return {
            "format": "kenniscentrum-mvo/instruments",
            "version": 1,
            "language": self.lang,
            "title": self.site_name,
            "url": absolute_url(self.site_url, self.site.prefix(self.lang)),
            "licence": {"id": "CC-BY-4.0", "url": LICENCE_URLS["CC-BY-4.0"]},
            "updated": _iso(updated),
            "count": len(self.instruments),
            "instruments": [self.instrument_record(p) for p in self.instruments],
        }

    def feed_entries(self, limit: int = 50) -> list[dict]:
        """Atom entries of new and revised pages, newest first, dated by ``last_reviewed`` (deterministic)."""
        entries = []
        for page in recent(self.listed, limit):
            entries.append({
                "id": self.absolute(page),
                "url": self.absolute(page),
                "title": page.meta.get("title"),
                "summary": page.meta.get("summary"),
                "updated": _atom_date(page.meta["last_reviewed"]),
                "category": page.type,
                "kind": self.kind_label(page),
            })
        return entries

    def feed(self, title: str, limit: int = 50) -> dict:
        entries = self.feed_entries(limit)
        home = absolute_url(self.site_url, self.site.prefix(self.lang))
        return {
            "id": home,
            "title": title,
            "home": home,
            "self": absolute_url(self.site_url, self.site.prefix(self.lang) + "feed.xml"),
            "lang": self.lang,
            "updated": entries[0]["updated"] if entries else _atom_date(_dt.date(2000, 1, 1)),
            "author": self.site_name,
            "entries": entries,
        }

    def jsonld(self, page) -> dict | None:
        """schema.org metadata of a page: ``LearningResource`` for instruments, ``Article`` for other content,
        ``CollectionPage`` for generated listings, ``WebSite`` for the home page."""
        if page is None or page.is_draft:
            return None
        meta = page.meta
        home = absolute_url(self.site_url, self.site.prefix(self.lang))
        website = {"@type": "WebSite", "name": self.site_name, "url": home, "inLanguage": self.lang}
        if is_home(page):
            return {"@context": "https://schema.org", **website, "description": meta.get("summary")}
        data: dict = {
            "@context": "https://schema.org",
            "@type": {"instrument": "LearningResource", "generated": "CollectionPage"}.get(page.type, "Article"),
            "url": self.absolute(page),
            "inLanguage": self.lang,
            "isPartOf": website,
            "publisher": {"@type": "Organization", "name": self.site_name, "url": home},
        }
        data["name" if page.type in ("instrument", "generated") else "headline"] = meta.get("title")
        if meta.get("summary"):
            data["description"] = meta["summary"]
        if meta.get("last_reviewed"):
            data["dateModified"] = _iso(meta["last_reviewed"])
        about = [{"@type": "Thing", "name": self.label("themes", t)} for t in values(page, "themes")]
        about += [{"@type": "Thing", "name": f"SDG {n}: {self.label('sdgs', n)}"} for n in values(page, "sdgs")]
        if about:
            data["about"] = about
        audiences = values(page, "audiences")
        if audiences:
            data["audience"] = [{"@type": "Audience", "audienceType": self.label("audiences", a)} for a in audiences]
        for lang in self.site.langs:
            other = self.counterpart(page, lang) if lang != page.lang else None
            if other is not None:
                data.setdefault("workTranslation" if page.lang == self.site.default_lang else "translationOfWork",
                                {"@type": "CreativeWork", "url": self.absolute(other), "inLanguage": lang})
        if page.type == "instrument":
            origin = meta.get("origin") or {}
            data["learningResourceType"] = self.label("kinds", meta.get("kind"))
            if meta.get("time_minutes"):
                data["timeRequired"] = iso_duration(meta["time_minutes"])
            if meta.get("licence") in LICENCE_URLS:
                data["license"] = LICENCE_URLS[meta["licence"]]
            if origin.get("by"):
                data["creator"] = {"@type": "Organization", "name": origin["by"]}
            if origin.get("year"):
                data["dateCreated"] = str(origin["year"])
            data["educationalUse"] = [self.label("pdca", p) for p in values(page, "pdca")]
            data["keywords"] = [self.label("iso26000", i) for i in values(page, "iso26000")]
        return data


def overview_slug(facet: Facet, value) -> str:
    """File name (without .md) of an overview page: SDGs zero-padded so the navigation sorts 1…17."""
    return f"{int(value):02d}" if facet.name == "sdg" else str(value)


def _iso(day) -> str | None:
    return day.isoformat() if isinstance(day, _dt.date) else None


def _atom_date(day: _dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"
