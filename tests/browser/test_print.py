"""Print: content pages print without navigation chrome (header, tabs, side navigation, search, footer, buttons),
and the content itself stays visible."""
from __future__ import annotations

import pytest

from tests.browser.conftest import visit
from tests.browser.site_pages import page_params

pytestmark = pytest.mark.browser

CHROME = [
    ".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-top",
    ".md-content__button", ".kc-search-header", ".md-skip",
]
# For every selector: is any matching element rendered (has a box, is not hidden or fully transparent)?
RENDERED = """selectors => Object.fromEntries(selectors.map(s => [s,
  [...document.querySelectorAll(s)].some(e => e.getClientRects().length > 0
    && getComputedStyle(e).visibility !== "hidden" && getComputedStyle(e).opacity !== "0")
]))"""


@pytest.mark.parametrize("site_page, lang", page_params(["instrument", "checklist", "chapter", "guidance", "project",
                                                          "glossary", "statement"]))
def test_content_pages_print_without_navigation(page, built_site, site_page, lang):
    site_page.require(built_site, lang)
    visit(page, site_page.url(lang))
    on_screen = page.evaluate(RENDERED, CHROME)
    assert on_screen[".md-header"], "the check is void: the header is not rendered on screen either"
    page.emulate_media(media="print")
    printed = page.evaluate(RENDERED, CHROME)
    shown = [selector for selector, visible in printed.items() if visible]
    assert not shown, f"navigation chrome in the printed page {page.url}: {shown}"
    body = page.evaluate(RENDERED, [".md-content article h1", ".md-content article"])
    assert all(body.values()), f"the content itself does not print on {page.url}: {body}"
