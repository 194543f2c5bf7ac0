"""Reflow (WCAG 1.4.10): at 320 CSS pixels wide — a 1280-pixel window zoomed to 400 % — every template reads without
scrolling sideways. Data tables may scroll inside their own box (the criterion's exception for two-dimensional
content); the page itself may not."""
from __future__ import annotations

import pytest

from tests.browser.site_pages import page_params

pytestmark = pytest.mark.browser

# Material sets `html { overflow-x: hidden }`, so a too-wide element does not make the page scroll: it is cut off,
# which is worse. So the check is per element: visible content whose right edge lies beyond the viewport, unless a
# box between it and the page scrolls horizontally (a table's scroll wrapper) or clips it inside the viewport (an
# ellipsis). Invisible elements (opacity 0, e.g. Material's second header title waiting to slide in) do not count.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const invisible = e => {
    for (let p = e; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.opacity === '0' || s.visibility === 'hidden') return true;
    }
    return false;
  };
  const contained = e => {
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll') return true;
      if ((o === 'hidden' || o === 'clip') && p.getBoundingClientRect().right <= width + 1) return true;
    }
    return false;
  };
  const out = [];
  for (const e of document.body.querySelectorAll('*')) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= width + 1) continue;
    if (invisible(e) || contained(e)) continue;
    const cls = typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : '';
    const text = (e.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    out.push(`${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${cls} "${text}" (right edge ${Math.round(r.right)} px)`);
  }
  return {width, offenders: out};
}"""


@pytest.mark.parametrize("site_page, lang", page_params())
def test_reads_at_320_css_pixels_without_sideways_scrolling(page, built_site, site_page, lang):
    from tests.browser.test_axe import open_page

    page.set_viewport_size({"width": 320, "height": 256})
    open_page(page, built_site, site_page, lang)
    result = page.evaluate(OVERFLOW)
    offenders = result["offenders"]
    assert not offenders, (f"{page.url}: {len(offenders)} element(s) cut off at a {result['width']} px viewport:\n"
                           + "\n".join(offenders[:15]))


def test_checker_catches_content_cut_off(page, fixture_url):
    page.set_viewport_size({"width": 320, "height": 256})
    page.goto(fixture_url + "too-wide.html")
    offenders = page.evaluate(OVERFLOW)["offenders"]
    assert offenders and all(o.startswith('div.fixed "') for o in offenders), offenders
