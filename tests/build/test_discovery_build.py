"""Discovery in the real built site (one build per session, ``built_site`` from tests/conftest.py): overview pages,
the finder without JavaScript, ``instruments.json``, per-language Pagefind indexes, JSON-LD, hreflang, feeds,
sitemap, related items, breadcrumbs and chapter navigation. Expectations come from the content model, so a new
instrument is checked without editing this file."""
from __future__ import annotations

import gzip
import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from kenniscentrum.catalog import FACETS, overview_slug
from kenniscentrum.site import load_site
from kenniscentrum.content import load_content
from kenniscentrum.publishing import is_editor_only
from kenniscentrum.search import index_site
from tests.support.sitebuild import REPO

pytestmark = pytest.mark.slow


def site_path(page) -> str:
    """The page's path from the site root, language prefix included (the Site computes it)."""
    return load_site(REPO).page_path(page)

LANGS = ("nl", "en")
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def model(built_site):
    content = load_content(REPO / "content", REPO / "data")
    return content


def published(model, lang, type_=None):
    return [p for p in model.by_lang(lang) if not p.is_draft and (type_ is None or p.type == type_)]


def page_file(site: Path, path: str) -> Path:
    """site path ("en/instrumenten/x/") -> the HTML file."""
    return site / path / "index.html" if path.endswith("/") or path == "" else site / path


def html_of(site: Path, page) -> str:
    return page_file(site, site_path(page)).read_text(encoding="utf-8")


class _Collector(HTMLParser):
    """Links inside elements whose class contains ``scope`` (e.g. every <a> in .kc-listing)."""

    def __init__(self, scope: str):
        super().__init__(convert_charrefs=True)
        self.scope, self.depth, self.stack, self.links, self.items = scope, 0, [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        inside = self.scope in (attrs.get("class") or "").split()
        if tag not in ("br", "img", "input", "meta", "link", "hr"):
            self.stack.append(inside)
            if inside:
                self.depth += 1
        if self.depth and tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if self.depth and tag == "li" and any(k.startswith("data-f-") for k in attrs):
            self.items.append(attrs)

    def handle_endtag(self, tag):
        if tag in ("br", "img", "input", "meta", "link", "hr") or not self.stack:
            return
        if self.stack.pop():
            self.depth -= 1


def listed_paths(html: str, page_path: str, scope: str = "kc-listing") -> set[str]:
    """Site paths ("instrumenten/x/") of the pages an element with class ``scope`` links to."""
    collector = _Collector(scope)
    collector.feed(html)
    base = "http://site/" + page_path
    return {urlsplit(urljoin(base, href)).path.lstrip("/") for href in collector.links}


# --- overview pages ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_every_instrument_is_listed_in_exactly_the_overviews_matching_its_metadata(built_site, model, lang):
    instruments = published(model, lang, "instrument")
    assert instruments, f"no published {lang} instruments"
    prefix = "" if lang == "nl" else "en/"
    vocab = model.vocab[lang]
    problems = []

    def check(page_path, wanted):
        html = page_file(built_site, page_path).read_text(encoding="utf-8")
        found = {p for p in listed_paths(html, page_path) if p.startswith(prefix + "instrumenten/")}
        found.discard(prefix + "instrumenten/")
        expected = {site_path(p) for p in wanted}
        if found != expected:
            problems.append(f"{page_path}: missing {sorted(expected - found)}, unexpected {sorted(found - expected)}")

    check(prefix + "instrumenten/", instruments)
    for facet in FACETS:
        if facet.folder is None:
            continue
        for value in vocab.ids(facet.vocabulary):
            path = f"{prefix}overzicht/{facet.folder}/{overview_slug(facet, value)}/"
            wanted = [p for p in instruments if value in (p.meta[facet.key] if isinstance(p.meta[facet.key], list)
                                                          else [p.meta[facet.key]])]
            if facet.name == "sdg" and not any(value in p.meta.get("sdgs", []) for p in published(model, lang)
                                               if p.type != "generated"):
                # Issue 19: an SDG that no page lists gets no (empty) overview page.
                if page_file(built_site, path).exists():
                    problems.append(f"{path}: an SDG overview with nothing to list was generated")
                continue
            check(path, wanted)
    for theme_page in published(model, lang, "theme"):
        theme = theme_page.meta["theme"]
        check(site_path(theme_page), [p for p in instruments if theme in p.meta["themes"]])
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_theme_pages_list_every_page_with_their_theme(built_site, model, lang):
    for theme_page in published(model, lang, "theme"):
        theme = theme_page.meta["theme"]
        wanted = {site_path(p) for p in published(model, lang)
                  if p.type not in ("generated", "theme") and theme in p.meta.get("themes", [])
                  and p.rel_path != "index.md"}
        found = listed_paths(html_of(built_site, theme_page), site_path(theme_page))
        assert found == wanted, theme_page.rel_path


@pytest.mark.parametrize("lang", LANGS)
def test_generated_pages_have_titles_in_their_language(built_site, lang):
    prefix = "" if lang == "nl" else "en/"
    expected = {"nl": {"instrumenten/": "Instrumenten", "zoeker/": "Instrumentenzoeker", "zoeken/": "Zoeken",
                       "overzicht/sdg/08/": "SDG 8: Waardig werk en economische groei"},
                "en": {"instrumenten/": "Instruments", "zoeker/": "Instrument finder", "zoeken/": "Search",
                       "overzicht/sdg/08/": "SDG 8: Decent work and economic growth"}}[lang]
    for path, title in expected.items():
        html = page_file(built_site, prefix + path).read_text(encoding="utf-8")
        assert f"<h1>{title}</h1>" in html, path
        assert f'<html lang="{lang}"' in html


# --- finder -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_finder_without_javascript_lists_every_instrument(built_site, model, lang):
    path = ("" if lang == "nl" else "en/") + "zoeker/"
    html = page_file(built_site, path).read_text(encoding="utf-8")
    instruments = published(model, lang, "instrument")
    assert listed_paths(html, path, "kc-finder__results") == {site_path(p) for p in instruments}
    # the filter form is hidden until finder.js runs; the note explaining that is visible
    assert re.search(r"<form[^>]*data-kc-finder-form[^>]*\shidden[\s>]", html)
    assert re.search(r"<div[^>]*data-kc-finder-nojs[^>]*>", html) and "data-kc-finder-nojs hidden" not in html
    # ... and it points to the overview pages that filter without a script (issue 19)
    nojs = html.split("data-kc-finder-nojs", 1)[1].split("data-kc-finder-form", 1)[0]
    assert nojs.count("/overzicht/soort/") >= 3 and "/overzicht/doelgroep/" in nojs
    # every item carries its facet ids for the script
    collector = _Collector("kc-finder__results")
    collector.feed(html)
    assert len(collector.items) == len(instruments)
    for attrs in collector.items:
        assert set(k for k in attrs if k.startswith("data-f-")) == {f"data-f-{f.name}" for f in FACETS}
    for p in instruments:
        assert f'data-f-kind="{p.meta["kind"]}"' in html
        assert f'data-f-sdg="{" ".join(map(str, p.meta["sdgs"]))}"' in html
    # real checkboxes with labels in fieldsets with legends, and a live result count
    assert html.count("<fieldset") >= 5 and html.count("<legend") == html.count("<fieldset")
    for box in re.finditer(r'<input type="checkbox" id="([^"]+)"', html):
        assert f'<label for="{box.group(1)}">' in html
    assert 'role="status" aria-live="polite" data-kc-finder-status' in html
    assert "assets/javascripts/finder.js" in html


# --- open data ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_instruments_json_has_every_instrument(built_site, model, lang):
    data = json.loads((built_site / ("" if lang == "nl" else "en") / "instruments.json").read_text(encoding="utf-8"))
    instruments = published(model, lang, "instrument")
    assert data["language"] == lang and data["count"] == len(instruments) == len(data["instruments"])
    records = {r["id"]: r for r in data["instruments"]}
    assert set(records) == {p.rel_path.removesuffix(".md") for p in instruments}
    for p in instruments:
        record = records[p.rel_path.removesuffix(".md")]
        assert record["title"] == p.meta["title"] and record["language"] == lang
        assert record["kind"]["id"] == p.meta["kind"]
        for key in ("themes", "audiences", "company_size", "sdgs", "iso26000", "pdca"):
            assert [v["id"] for v in record[key]] == p.meta[key], (p.rel_path, key)
        assert record["last_reviewed"] == p.meta["last_reviewed"].isoformat()
        assert urlsplit(record["url"]).path == "/" + site_path(p)


@pytest.mark.parametrize("lang", LANGS)
def test_feed_per_language(built_site, model, lang):
    root = ET.parse(built_site / ("" if lang == "nl" else "en") / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert entries
    by_path = {site_path(p): p for p in published(model, lang)}
    dates = []
    for entry in entries:
        path = urlsplit(entry.find(f"{ATOM}link").get("href")).path.lstrip("/")
        assert path.startswith("en/") == (lang == "en"), path
        page = by_path[path]
        assert entry.find(f"{ATOM}updated").text == page.meta["last_reviewed"].isoformat() + "T00:00:00Z"
        dates.append(entry.find(f"{ATOM}updated").text)
    assert dates == sorted(dates, reverse=True)
    assert root.find(f"{ATOM}updated").text == dates[0]


def _jsonld(html: str) -> dict:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(found) == 1, f"{len(found)} JSON-LD blocks"
    return json.loads(found[0])


@pytest.mark.parametrize("lang", LANGS)
def test_jsonld_on_every_page(built_site, model, lang):
    pages = published(model, lang)
    for page in pages:
        html = html_of(built_site, page)
        data = _jsonld(html)
        expected = {"instrument": "LearningResource", "generated": "CollectionPage"}.get(page.type, "Article")
        if page.rel_path == "index.md":
            expected = "WebSite"
        assert data["@type"] == expected, page.rel_path
        assert data["inLanguage"] == lang
        assert 'rel="alternate"' not in html.split("</head>", 1)[0], page.rel_path  # hreflang is in sitemap.xml


def test_sitemap_covers_both_languages(built_site, model):
    """Every published page of both languages, except editor-only pages (issue #14: the translation status page
    was in the sitemap)."""
    text = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    locs = {urlsplit(u).path.lstrip("/") for u in re.findall(r"<loc>([^<]+)</loc>", text)}
    for lang in LANGS:
        for page in published(model, lang):
            assert (site_path(page) in locs) != is_editor_only(page), site_path(page)


def test_sitemap_carries_the_hreflang_alternates(built_site, model):
    """The language alternates crawlers need are in sitemap.xml (not in <head>, where Material's bundle would probe
    them; docs/decisions/0006-language-alternates.md): every page with a counterpart lists both languages and
    x-default."""
    text = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    alternates = {}
    for entry in re.findall(r"<url>(.*?)</url>", text, flags=re.S):
        loc = urlsplit(re.search(r"<loc>([^<]+)</loc>", entry).group(1)).path
        links = re.findall(r'<xhtml:link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)"/>', entry)
        alternates[loc] = {lang: urlsplit(href).path for lang, href in links}
    english = {p.rel_path for p in published(model, "en")}
    for page in published(model, "nl"):
        if page.rel_path in english and not is_editor_only(page):  # editor-only pages are not in the sitemap
            assert alternates["/" + site_path(page)] == {
                "nl": "/" + site_path(page), "en": "/en/" + site_path(page), "x-default": "/" + site_path(page)}, \
                site_path(page)


# --- search index ---------------------------------------------------------------------------------------------------

def bundle_of(site: Path, lang: str) -> Path:
    """The language's own search bundle: pagefind/ for Dutch at the root, en/pagefind/ for English."""
    return site / ("pagefind" if lang == "nl" else f"{lang}/pagefind")


def fragments(site: Path) -> dict[str, list[dict]]:
    """language -> decoded Pagefind fragments (one per indexed page), from every language's bundle."""
    out: dict[str, list[dict]] = {}
    for lang in LANGS:
        bundle = bundle_of(site, lang)
        for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
            data = gzip.decompress(path.read_bytes())
            assert data.startswith(b"pagefind_dcd")
            fragment = json.loads(data[len(b"pagefind_dcd"):])
            fragment["bundle"] = lang
            out.setdefault(path.name.split("_", 1)[0], []).append(fragment)
    return out


def test_each_language_has_its_own_index_with_only_its_own_pages(built_site, model):
    found = fragments(built_site)
    for lang in LANGS:
        entry = json.loads((bundle_of(built_site, lang) / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert set(entry["languages"]) == {lang}, f"the {lang} bundle holds {sorted(entry['languages'])}"
        assert {f["bundle"] for f in found[lang]} == {lang}
        urls = {f["url"] for f in found[lang]}
        if lang == "nl":
            assert not [u for u in urls if u.startswith("/en/")], "English pages in the Dutch index"
        else:
            assert all(u.startswith("/en/") for u in urls), "non-English pages in the English index"
        expected = {"/" + site_path(p) for p in published(model, lang) if p.type != "generated"}
        assert urls == expected, f"{lang}: missing {sorted(expected - urls)}, unexpected {sorted(urls - expected)}"
        assert entry["languages"][lang]["page_count"] == len(expected)


def test_only_the_js_api_is_published(built_site):
    for lang in LANGS:
        bundle = bundle_of(built_site, lang)
        assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-worker.js").is_file()
        assert (bundle / f"wasm.{lang}.pagefind").is_file()
        assert not list(bundle.glob("pagefind-*ui*")) and not (bundle / "pagefind-highlight.js").exists()


def test_index_holds_page_text_not_chrome(built_site):
    found = {f["url"]: f for f in fragments(built_site)["nl"]}
    scan = found["/instrumenten/checklist-eerste-mvo-scan/"]
    assert scan["meta"]["title"] == "Checklist eerste MVO-scan voor je kmo"
    assert "¶" not in scan["content"]
    assert "Kruimelpad" not in scan["content"] and "Verwante pagina's" not in scan["content"]
    assert "Zoeken op deze website" not in scan["content"]


def test_search_index_is_reproducible(built_site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy, ignore=shutil.ignore_patterns("pagefind"))
    index_site(copy, ["", "en/"])
    for lang in LANGS:
        original, again = bundle_of(built_site, lang), bundle_of(copy, lang)
        first = {p.relative_to(original): p.read_bytes() for p in original.rglob("*") if p.is_file()}
        second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
        assert sorted(first) == sorted(second)
        assert [k for k in first if first[k] != second[k]] == []


# --- on content pages -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_chapters_have_previous_and_next_by_order(built_site, model, lang):
    chapters = sorted((p for p in published(model, lang, "chapter") if p.meta["manual"] == "csr-ambassadors"),
                      key=lambda p: p.meta["order"])
    assert len(chapters) >= 3
    for i, chapter in enumerate(chapters):
        html = html_of(built_site, chapter)
        nav = listed_paths(html, site_path(chapter), "kc-chapter-nav")
        expected = {site_path(c) for c in (chapters[i - 1] if i else None, chapters[i + 1] if i + 1 < len(chapters)
                                           else None) if c is not None}
        assert nav == expected, chapter.rel_path
        if i:
            assert 'rel="prev"' in html
        if i + 1 < len(chapters):
            assert 'rel="next"' in html


@pytest.mark.parametrize("lang", LANGS)
def test_related_items_and_breadcrumbs(built_site, model, lang):
    instruments = published(model, lang, "instrument")
    prefix = "" if lang == "nl" else "en/"
    for page in instruments:
        html = html_of(built_site, page)
        related = listed_paths(html, site_path(page), "kc-related")
        assert 1 <= len(related) <= 5, page.rel_path
        assert site_path(page) not in related
        assert all(p.startswith(prefix) for p in related)
        crumbs = listed_paths(html, site_path(page), "kc-breadcrumbs")
        assert crumbs == {prefix, prefix + "instrumenten/"}, page.rel_path


def test_discovery_pages_add_no_inline_javascript(built_site):
    for path in ("zoeker/", "en/zoeker/", "zoeken/", "en/zoeken/", "instrumenten/", "index.html"):
        html = page_file(built_site, path).read_text(encoding="utf-8")
        for block in ("kc-finder", "kc-search", "kc-listing"):
            start = html.find(f'class="{block}')
            if start < 0:
                continue
            segment = html[start:html.find("</article>", start)]
            for attrs in re.findall(r"<script([^>]*)>", segment):
                assert 'type="application/json"' in attrs, (path, attrs)
        assert ' style="' not in html.split("<article", 1)[1].split("</article>", 1)[0], path


def _target_exists(site: Path, path: str) -> bool:
    path = path.lstrip("/")
    candidate = site / path
    return (candidate / "index.html").is_file() if path.endswith("/") or path == "" else candidate.is_file()


@pytest.mark.parametrize("lang", LANGS)
def test_links_on_generated_and_listing_pages_resolve(built_site, model, lang):
    """Generated pages pass the same link check as hand-written ones: every local link in their article (and in the
    listings, facts and navigation discovery adds to content pages) points at a file of the built site."""
    pages = [p for p in published(model, lang) if p.type in ("generated", "theme", "instrument", "chapter")]
    broken = []
    for page in pages:
        html = html_of(built_site, page)
        article = html.split("<article", 1)[1].split("</article>", 1)[0]
        base = "http://site/" + site_path(page)
        for href in re.findall(r'<a [^>]*href="([^"#]+)[^"]*"', article):
            target = urlsplit(urljoin(base, href))
            if target.netloc != "site":
                continue
            if not _target_exists(built_site, target.path):
                broken.append(f"{site_path(page)} -> {href}")
    assert not broken, "\n".join(broken[:40])
