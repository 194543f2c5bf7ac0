"""Correctness findings of issue 19 in the real built site (one build per session, ``built_site``):

* the home page's ``<title>`` does not double the site name;
* previous/next links only where there is an order (a manual's chapters, a folder's guidance topics), never the
  theme's footer links (which jumped between unrelated pages) and no ``<link rel=prev/next>`` from the nav order;
* empty listings are neither generated nor linked: every SDG overview page lists something, and the overview index
  links exactly the SDG pages that exist;
* counts say what they count: each count on the overview index and in the home page's "browse" block names its
  noun (pages or instruments) and matches the count on the page it links to.
"""
from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

LANGS = ("nl", "en")
SITE_NAMES = {"nl": "Kenniscentrum MVO", "en": "CSR Knowledge Centre (Kenniscentrum MVO)"}
COUNT_WORDS = {"nl": ("pagina", "instrument"), "en": ("page", "instrument")}


def root(site: Path, lang: str) -> Path:
    return site if lang == "nl" else site / lang


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def content_pages(site: Path, lang: str) -> list[Path]:
    """The built HTML pages of one language (Dutch: everything outside en/)."""
    base = root(site, lang)
    pages = sorted(base.rglob("index.html"))
    if lang == "nl":
        pages = [p for p in pages if p.relative_to(site).parts[0] != "en"]
    return pages


def title_of(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


@pytest.mark.parametrize("lang", LANGS)
def test_home_title_is_the_site_name_once(built_site, lang):
    assert title_of(read(root(built_site, lang) / "index.html")) == SITE_NAMES[lang]
    glossary = title_of(read(root(built_site, lang) / "woordenlijst" / "index.html"))
    assert glossary.endswith(" - " + SITE_NAMES[lang]) and glossary.count(SITE_NAMES[lang]) == 1


@pytest.mark.parametrize("lang", LANGS)
def test_previous_next_only_in_ordered_series(built_site, lang):
    with_links, series = [], []
    for page in content_pages(built_site, lang):
        html = read(page)
        rel = page.relative_to(built_site).as_posix()
        assert "md-footer__link" not in html, f"{rel}: the theme's footer previous/next links are back"
        assert not re.search(r'<link rel="(prev|next)"', html), f"{rel}: <link rel=prev/next> from the nav order"
        if re.search(r'<a [^>]*rel="(prev|next)"', html):
            with_links.append(rel)
            assert 'class="kc-chapter-nav"' in html, f"{rel}: previous/next outside a chapter or topic series"
        if 'class="kc-chapter-nav"' in html:
            series.append(rel)
    prefix = "" if lang == "nl" else "en/"
    assert f"{prefix}handleiding-ambassadeurs/01-waarom/index.html" in with_links
    assert f"{prefix}gemeenten/opvolging/index.html" in with_links, "guidance topics are a series too"
    assert not [r for r in series if not re.search(r"(handleiding|gemeenten)", r)], series


@pytest.mark.parametrize("lang", LANGS)
def test_guidance_topic_navigation_says_where_you_are(built_site, lang):
    html = read(root(built_site, lang) / "gemeenten" / "opvolging" / "index.html")
    nav = re.search(r'<nav class="kc-chapter-nav"(.*?)</nav>', html, re.S).group(0)
    position = {"nl": r"Onderwerp 2 van \d+", "en": r"Topic 2 of \d+"}[lang]
    assert re.search(position, nav), nav
    assert "mvo-verankeren/" in nav and "interne-communicatie/" in nav, "order 1 before, order 3 after"


def listing_count(html: str) -> str | None:
    m = re.search(r'<p class="kc-listing__count">(.*?)</p>', html, re.S)
    return htmllib.unescape(m.group(1).strip()) if m else None


@pytest.mark.parametrize("lang", LANGS)
def test_no_empty_sdg_overview_is_generated_or_linked(built_site, lang):
    sdg_dir = root(built_site, lang) / "overzicht" / "sdg"
    pages = sorted(sdg_dir.glob("*/index.html"))
    assert pages, "no SDG overview page at all"
    for page in pages:
        html = read(page)
        assert 'class="kc-listing__item"' in html, f"{page.relative_to(built_site)} lists nothing"
    index = read(root(built_site, lang) / "overzicht" / "index.html")
    linked = set(re.findall(r'href="(?:\.\./)*(?:\./)?sdg/(\d\d)/"', index))
    assert linked == {p.parent.name for p in pages}


@pytest.mark.parametrize("lang", LANGS)
def test_overview_counts_name_what_they_count_and_match_the_page(built_site, lang):
    base = root(built_site, lang)
    index_file = base / "overzicht" / "index.html"
    index = read(index_file)
    entries = re.findall(r'<li><a href="([^"]+)">[^<]*</a> <span class="kc-overviews__count">\(([^)]*)\)</span>',
                         index)
    assert len(entries) > 10, "the overview index lists counts"
    for href, count in entries:
        count = htmllib.unescape(count)
        assert re.fullmatch(r"\d+ \w+('s)?", count) and any(w in count for w in COUNT_WORDS[lang]), \
            f"{href}: count {count!r} does not say what it counts"
        target = (index_file.parent / href / "index.html").resolve()
        assert listing_count(read(target)) == count, f"{href}: the index says {count!r}, the page says otherwise"


@pytest.mark.parametrize("lang", LANGS)
def test_home_audience_counts_say_pages(built_site, lang):
    html = read(root(built_site, lang) / "index.html")
    counts = [htmllib.unescape(c) for c in re.findall(r'<span class="kc-overviews__count">\(([^)]*)\)</span>', html)]
    if not counts:
        pytest.skip("the home page has no counted audience links (its layout is being redone)")
    word = COUNT_WORDS[lang][0]
    assert all(word in c for c in counts), counts
