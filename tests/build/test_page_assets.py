"""Only the CSS and JS a page uses, nothing render-blocking that can be deferred, every image sized (issue 18; the
Lighthouse figures are in docs/performance.md). Checked on the real built site (``built_site``, tests/conftest.py)."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.slow

STYLESHEET = re.compile(r'<link rel="stylesheet" href="(?:\.\./)*([^"]+)"')
SCRIPT = re.compile(r"<script\b[^>]*\bsrc=\"(?:\.\./)*([^\"]+)\"[^>]*>")
IMG = re.compile(r"<img\b[^>]*>")
MATERIAL_BUNDLE = re.compile(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js")

# page -> (page-specific stylesheets it must link, page-specific scripts it must load)
CHECKLIST_CSS, SCAN_CSS = "assets/stylesheets/checklist.css", "assets/stylesheets/scan.css"
HOME_CSS, FINDER_CSS, SEARCH_CSS = ("assets/stylesheets/home.css", "assets/stylesheets/finder.css",
                                    "assets/stylesheets/search.css")
CHECKLIST_JS, SCAN_JS = "assets/javascripts/checklist.js", "assets/javascripts/scan.js"
FINDER_JS, SEARCH_JS = "assets/javascripts/finder.js", "assets/javascripts/search.js"
OFFLINE_PAGE_JS = "assets/javascripts/offline-page.js"
PAGES = {
    "index.html": ({HOME_CSS}, set()),
    "en/index.html": ({HOME_CSS}, set()),
    "zoeker/index.html": ({FINDER_CSS}, {FINDER_JS}),
    "en/zoeker/index.html": ({FINDER_CSS}, {FINDER_JS}),
    "zoeken/index.html": ({SEARCH_CSS}, {SEARCH_JS, OFFLINE_PAGE_JS}),
    "offline/index.html": (set(), {OFFLINE_PAGE_JS}),
    "en/offline/index.html": (set(), {OFFLINE_PAGE_JS}),
    "overzicht/index.html": (set(), set()),
    "handleiding-ambassadeurs/02-starten/index.html": (set(), set()),
    "instrumenten/gids-starten-met-mvo/index.html": (set(), set()),
    "instrumenten/checklist-water/index.html": ({CHECKLIST_CSS}, {CHECKLIST_JS}),
    "instrumenten/mvo-scan-kmo/index.html": ({CHECKLIST_CSS, SCAN_CSS}, {CHECKLIST_JS, SCAN_JS}),
}
PAGE_STYLES = {CHECKLIST_CSS, SCAN_CSS, HOME_CSS, FINDER_CSS, SEARCH_CSS}
PAGE_SCRIPTS = {CHECKLIST_JS, SCAN_JS, FINDER_JS, SEARCH_JS, OFFLINE_PAGE_JS}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_a_page_loads_only_the_page_specific_assets_it_uses(built_site, page):
    html = (built_site / page).read_text(encoding="utf-8")
    styles, scripts = set(STYLESHEET.findall(html)), set(SCRIPT.findall(html))
    want_styles, want_scripts = PAGES[page]
    assert styles & PAGE_STYLES == want_styles
    assert scripts & PAGE_SCRIPTS == want_scripts
    for asset in styles | scripts:
        assert (built_site / asset).is_file(), f"{page} links {asset}, which the build did not write"


def test_scripts_are_deferred_and_images_sized_on_every_page(built_site):
    pages = [p for p in built_site.rglob("*.html") if p.name != "404.html"]
    assert len(pages) > 100
    for path in pages:
        html = path.read_text(encoding="utf-8")
        head = html.split("</head>", 1)[0]
        for tag in re.findall(r"<script\b[^>]*\bsrc=[^>]*>", head):
            assert " defer" in tag or " async" in tag, f"{path}: render-blocking script in <head>: {tag}"
        for tag in re.findall(r"<script\b[^>]*\bsrc=[^>]*>", html):
            # Material's bundle is at the end of <body> (not render-blocking); ours are all deferred.
            assert MATERIAL_BUNDLE.search(tag) or " defer" in tag, f"{path}: script not deferred: {tag}"
        for tag in IMG.findall(html):
            assert "width=" in tag and "height=" in tag, f"{path}: image without width/height: {tag}"
