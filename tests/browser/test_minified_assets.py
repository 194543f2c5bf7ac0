"""The portal's stylesheets as served (minified at build time by kenniscentrum.minify, issue 18) mean exactly what
their readable sources in overrides/assets/ say: Chromium parses both and every rule reads the same in the CSSOM
(selectors, declarations, at-rule conditions, in order). The scripts are held to the same standard by
tests/unit/test_minify.py (same tokens, parsed by Node), and what the pages do with both by the other browser tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from kenniscentrum import minify

pytestmark = pytest.mark.browser

STYLESHEETS = sorted((Path(__file__).resolve().parents[2] / "overrides" / "assets" / "stylesheets").glob("*.css"))

CSSOM = """(text) => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(text);
  return Array.from(sheet.cssRules, (rule) => rule.cssText);
}"""


@pytest.fixture(scope="module")
def blank(browser):
    context = browser.new_context()
    tab = context.new_page()
    yield tab
    context.close()


@pytest.mark.parametrize("path", STYLESHEETS, ids=lambda p: p.name)
def test_served_stylesheet_has_the_same_rules_as_its_source(blank, path):
    source = path.read_text(encoding="utf-8")
    before = blank.evaluate(CSSOM, source)
    after = blank.evaluate(CSSOM, minify.minify_css(source))
    assert len(before) > 3
    assert after == before
