"""Text spacing (WCAG 1.4.12): with the spacing the criterion prescribes — line height 1.5, paragraph spacing 2×,
letter spacing 0.12×, word spacing 0.16× the font size — no text is cut off or hidden, on every template in both
languages. The spacing goes in through the CSSOM (a constructed style sheet), which the Content Security Policy
allows, the way a reader's bookmarklet or extension would add it."""
from __future__ import annotations

import pytest

from tests.browser.site_pages import page_params

pytestmark = pytest.mark.browser

APPLY_SPACING = """() => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`
    * { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
    p { margin-bottom: 2em !important; }`);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}"""

# Boxes that hide part of their own text: overflow hidden/clip and content larger than the box. Left out, each with
# its reason: screen-reader-only text (a 1 px box on purpose), and Material's header title, which ends in an ellipsis
# by design and repeats the site name and the page's <h1>, both fully visible.
CLIPPED = """() => {
  const out = [];
  for (const e of document.body.querySelectorAll('*')) {
    const s = getComputedStyle(e);
    const clips = ['hidden', 'clip'].includes(s.overflowX) || ['hidden', 'clip'].includes(s.overflowY);
    if (!clips || s.visibility === 'hidden' || s.display === 'none') continue;
    const r = e.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) continue;                       // screen-reader-only text
    if (e.closest('.md-header__title')) continue;                      // Material's ellipsis title
    if (!(e.innerText || '').trim()) continue;                         // no text to lose
    if (e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1) {
      const cls = typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : '';
      out.push(`${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${cls} "${e.innerText.trim().replace(/\\s+/g, ' ').slice(0, 40)}" `
               + `(content ${e.scrollWidth}×${e.scrollHeight}, box ${e.clientWidth}×${e.clientHeight})`);
    }
  }
  return out;
}"""


@pytest.mark.parametrize("site_page, lang", page_params())
def test_no_text_is_cut_off_with_wcag_text_spacing(page, built_site, site_page, lang):
    from tests.browser.test_axe import open_page

    open_page(page, built_site, site_page, lang)
    page.evaluate(APPLY_SPACING)
    page.wait_for_timeout(50)
    clipped = page.evaluate(CLIPPED)
    assert not clipped, f"{page.url}: text cut off with WCAG 1.4.12 spacing:\n" + "\n".join(clipped[:15])


def test_checker_catches_text_cut_off(page, fixture_url):
    page.goto(fixture_url + "clipped-text.html")
    assert page.evaluate(CLIPPED) == [], "the fixture hides nothing before the spacing is applied"
    page.evaluate(APPLY_SPACING)
    clipped = page.evaluate(CLIPPED)
    assert len(clipped) == 1 and clipped[0].startswith('p.fixed "'), clipped
