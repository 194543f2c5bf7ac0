"""The portal's own look and routes (issue 19), at a phone width (375 px) and a desktop width (1280 px):

* the home page: search and the four audience cards with their first step, featured and new content (no legal
  pages in "new"), nothing for editors;
* the main menu on every kind of page, with aria-current on the page's section;
* WCAG 2.2 AA additions: every interactive target that is not a link inside a sentence is at least 24 x 24 CSS px
  (2.5.8), and the sticky header never covers the element that has focus (2.4.11);
* checklist pages: the action bar near the top, the contents list covering tool, plan and downloads, the compact
  print (items and filled-in plan rows only);
* the finder: collapsed groups and a sticky "show N results" on phones, chips that remove a filter, zero-count
  options disabled, Back undoing a change;
* the language switch keeping query and anchor; search results labelled by type and a misspelt word corrected.

``KC_SCREENSHOTS=1`` also writes the review screenshots in docs/screenshots/ (test_screenshots).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.browser.conftest import visit
from tests.browser.site_pages import BY_NAME, page_params
from tests.support.sitebuild import REPO

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 800}
WIDTHS = [pytest.param(PHONE, id="375"), pytest.param(DESKTOP, id="1280")]
PREFIX = {"nl": "", "en": "en/"}


def open_at(page, built_site, name, lang, viewport, path=None):
    BY_NAME[name].require(built_site, lang)
    page.set_viewport_size(viewport)
    visit(page, path or BY_NAME[name].url(lang))


# --- home ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("viewport", WIDTHS)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_home_guides_each_audience_from_the_first_screen(page, built_site, lang, viewport):
    open_at(page, built_site, "home", lang, viewport)
    search = page.locator("#kc-home-search-input")
    assert search.is_visible()
    box = search.bounding_box()
    assert box["y"] + box["height"] <= viewport["height"], "the search field is below the first screen"
    cards = page.locator(".kc-card--audience")
    assert cards.count() == 4
    ids = page.eval_on_selector_all(".kc-card--audience", "els => els.map(e => e.className)")
    for audience in ("sme", "municipality", "ambassador", "intermediary"):
        assert any(f"kc-card--{audience}" in c for c in ids), f"no card for {audience}"
    # every card has a first step, and the first card starts on the first screen
    assert page.locator(".kc-card--audience .kc-card__action").count() == 4
    assert cards.first.bounding_box()["y"] < viewport["height"] * 1.2
    sme_step = page.get_attribute(".kc-card--sme .kc-card__action", "href")
    assert "scan" in sme_step, f"the SME card's first step is not a scan: {sme_step}"
    assert "municipality" in ids[1] and "gemeente" in page.get_attribute(".kc-card--municipality .kc-card__action", "href")
    assert "handleiding-ambassadeurs" in page.get_attribute(".kc-card--ambassador .kc-card__action", "href")
    assert "doelgroep" in page.get_attribute(".kc-card--intermediary .kc-card__action", "href")
    assert page.locator(".kc-featured .kc-card").count() >= 3
    # "new" means content: never the accessibility statement or another site page first
    first_new = page.get_attribute(".kc-recent__item a >> nth=0", "href")
    assert "toegankelijkheid" not in first_new and "/over/" not in first_new
    text = page.inner_text("main")
    assert "vertaalstatus" not in page.content().split("<main", 1)[1], "editors' material on the public home page"
    assert "ordend" not in text


# --- main menu -------------------------------------------------------------------------------------------------

MENU_CASES = [("home", None), ("checklist", "instrumenten/"), ("finder", "instrumenten/"),
              ("chapter", "handleiding-ambassadeurs/"), ("guidance", "gemeenten/"), ("project", "projecten/"),
              ("statement", "over/"), ("search", None)]


@pytest.mark.parametrize("viewport", WIDTHS)
@pytest.mark.parametrize("name, section", MENU_CASES, ids=[c[0] for c in MENU_CASES])
def test_main_menu_on_every_page_marks_the_section(page, built_site, name, section, viewport):
    open_at(page, built_site, name, "nl", viewport)
    menu = page.locator("nav.kc-menu__nav")
    assert menu.count() == 1 and menu.is_visible()
    assert menu.get_attribute("aria-label")
    links = menu.locator("a")
    assert links.count() == 5
    for i in range(5):
        assert links.nth(i).is_visible(), f"menu entry {i} is hidden at {viewport['width']} px"
    current = page.eval_on_selector_all("nav.kc-menu__nav a[aria-current]",
                                        "els => els.map(e => new URL(e.href).pathname)")
    if section is None:
        assert current == []
    else:
        assert current == ["/" + section], current


def test_main_menu_section_page_is_current_page(page, built_site):
    open_at(page, built_site, "manual", "nl", DESKTOP)
    assert page.get_attribute("nav.kc-menu__nav a[aria-current]", "aria-current") == "page"


def test_main_menu_by_keyboard(page, built_site):
    open_at(page, built_site, "checklist", "nl", PHONE)
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('kc-menu__link')"):
            break
    else:
        pytest.fail("Tab does not reach the main menu")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.split("?")[0].endswith(href.replace("../", "").lstrip("."))


# --- WCAG 2.2: target size, focus not obscured -----------------------------------------------------------------

# WCAG 2.5.8: a target is at least 24 x 24 CSS px, or is "inline" (a link inside a sentence), or passes the spacing
# exception: a 24 px circle centred on it intersects no other target and no other undersized target's circle.
SMALL_TARGETS = """() => {
  const inline = el => {
    if (el.tagName !== 'A') return false;
    const block = el.parentElement.closest('p, li, dd, td, th, figcaption, h1, h2, h3, h4, label, span.kc-recent__meta');
    if (!block) return false;
    const own = el.textContent.trim().length;
    return block.textContent.replace(/\\s+/g, ' ').trim().length > own + 3;
  };
  const targets = [];
  for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')) {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    if (!r.width || !r.height || s.visibility === 'hidden' || el.closest('[hidden], .md-skip, .kc-visually-hidden')) continue;
    if (el.closest('.md-sidebar') && !el.closest('.md-sidebar').getBoundingClientRect().width) continue;
    targets.push({el, r, small: !inline(el) && (r.width < 23.5 || r.height < 23.5)});
  }
  const centre = r => [r.left + r.width / 2, r.top + r.height / 2];
  const toRect = (p, r) => Math.hypot(Math.max(r.left - p[0], 0, p[0] - r.right), Math.max(r.top - p[1], 0, p[1] - r.bottom));
  const found = [];
  for (const t of targets.filter(t => t.small)) {
    const c = centre(t.r);
    const clash = targets.find(o => o !== t && !o.el.contains(t.el) && !t.el.contains(o.el) &&
      (o.small ? Math.hypot(c[0] - centre(o.r)[0], c[1] - centre(o.r)[1]) < 24 : toRect(c, o.r) < 12));
    if (clash) {
      const name = e => `${e.tagName.toLowerCase()}.${e.className} "${(e.textContent || e.value || '').trim().slice(0, 30)}"`;
      found.push(`${name(t.el)} ${Math.round(t.r.width)}x${Math.round(t.r.height)} too close to ${name(clash.el)}`);
    }
  }
  return found;
}"""


@pytest.mark.parametrize("viewport", WIDTHS)
@pytest.mark.parametrize("name", ["home", "finder", "checklist", "chapter"])
def test_targets_at_least_24px(page, built_site, name, viewport):
    open_at(page, built_site, name, "nl", viewport)
    small = page.evaluate(SMALL_TARGETS)
    assert not small, f"targets below 24 x 24 px on {page.url} at {viewport['width']} px: {small[:15]}"


@pytest.mark.parametrize("viewport", WIDTHS)
def test_focus_not_hidden_under_sticky_header(page, built_site, viewport):
    """Tab through the checklist page: the focused element is never entirely under the sticky header."""
    open_at(page, built_site, "checklist", "nl", viewport)
    page.evaluate("window.scrollTo(0, 0)")
    covered = []
    for _ in range(80):
        page.keyboard.press("Tab")
        state = page.evaluate("""() => {
          const el = document.activeElement;
          if (!el || el === document.body || el.closest('.md-header')) return null;
          if (el.classList.contains('md-skip')) return null;  // drawn above the header while it has focus
          const r = el.getBoundingClientRect();
          const header = document.querySelector('.md-header').getBoundingClientRect();
          return {bottom: r.bottom, top: r.top, header: header.bottom, name: el.tagName + '#' + el.id + '.' + el.className + ' ' + el.textContent.trim().slice(0, 30)};
        }""")
        if state and state["bottom"] <= state["header"] and state["bottom"] > 0:
            covered.append(state["name"])
    assert not covered, f"focused elements hidden under the sticky header: {covered}"


# --- checklist pages -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("viewport", WIDTHS)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_checklist_action_bar_and_contents(page, built_site, lang, viewport):
    open_at(page, built_site, "checklist", lang, viewport)
    bar = page.locator("nav.kc-actions")
    assert bar.is_visible()
    assert bar.bounding_box()["y"] < viewport["height"], "the action bar is not on the first screen"
    hrefs = bar.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs == ["#kc-tool-title", "#kc-plan-title", "#kc-downloads-title"]
    toc = page.eval_on_selector_all("nav.md-nav--secondary a.md-nav__link", "els => els.map(e => e.getAttribute('href'))")
    for anchor in hrefs:
        assert anchor in toc, f"the contents list lacks {anchor}: {toc}"
    bar.locator("a").first.click()
    page.wait_for_function("location.hash === '#kc-tool-title'")
    top = page.evaluate("document.getElementById('kc-tool-title').getBoundingClientRect().top")
    header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    assert top >= header - 1, "the tool's heading lands under the sticky header"


VISIBLE = """selectors => Object.fromEntries(selectors.map(s => [s,
  [...document.querySelectorAll(s)].filter(e => e.getClientRects().length > 0).length]))"""


def test_checklist_prints_only_items_and_filled_plan_rows(page, built_site):
    open_at(page, built_site, "checklist", "nl", DESKTOP)
    page.wait_for_selector(".kc-tool.kc-js")
    rows = page.locator("[data-kc-plan-body] tr")
    assert rows.count() > 3, "the check is void: the plan has no open rows"
    first_owner = page.locator("[data-kc-plan-field=owner]").first
    first_owner.fill("Team onthaal")
    first_owner.dispatch_event("input")
    page.emulate_media(media="print")
    seen = page.evaluate(VISIBLE, [
        ".md-content article h1", ".kc-item", "[data-kc-plan-body] tr", ".kc-facts", "#kc-facts-title",
        ".kc-downloads", ".kc-related", ".kc-actions", ".kc-item__why", ".kc-page > p",
    ])
    assert seen[".md-content article h1"] == 1 and seen[".kc-item"] > 5
    assert seen["[data-kc-plan-body] tr"] == 1, f"empty plan rows print: {seen}"
    for gone in (".kc-facts", "#kc-facts-title", ".kc-downloads", ".kc-related", ".kc-actions", ".kc-item__why",
                 ".kc-page > p"):
        assert seen[gone] == 0, f"{gone} prints: {seen}"


# --- finder ----------------------------------------------------------------------------------------------------

def test_finder_on_a_phone(page, built_site):
    open_at(page, built_site, "finder", "nl", PHONE)
    page.wait_for_selector(".kc-finder--js")
    groups = page.locator("details.kc-finder__group")
    assert groups.count() >= 5
    assert page.eval_on_selector_all("details.kc-finder__group", "els => els.filter(e => e.open).length") == 0
    show = page.locator("[data-kc-finder-show]")
    assert show.is_visible()
    box = show.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"] + 1, "the result button is not on screen"
    groups.first.locator("summary").click()
    page.locator("details.kc-finder__group >> nth=0 >> input[value=checklist]").check()
    page.wait_for_function("document.querySelector('[data-kc-finder-show]').textContent.match(/\\d/)")
    shown = page.eval_on_selector_all("[data-kc-finder-results] > li", "els => els.filter(e => !e.hidden).length")
    assert re.search(rf"\b{shown}\b", show.inner_text())
    show.click()
    page.wait_for_function("document.activeElement && document.activeElement.id === 'kc-finder-results-title'")


@pytest.mark.parametrize("viewport", WIDTHS)
def test_finder_chips_disabled_options_and_back(page, built_site, viewport):
    open_at(page, built_site, "finder", "nl", viewport)
    page.wait_for_selector(".kc-finder--js")
    page.evaluate("document.querySelectorAll('details.kc-finder__group').forEach(d => d.open = true)")
    page.check("#kc-f-kind-checklist")
    page.wait_for_function("location.search.includes('kind=checklist')")
    assert page.locator("[data-kc-chip]").count() == 1
    assert page.locator("[data-kc-chip]").inner_text().startswith("Checklist")
    # options that would give nothing are disabled, ticked ones never are
    disabled = page.eval_on_selector_all("input[data-kc-option]:disabled", "els => els.map(e => e.id)")
    assert disabled, "no option is disabled although a filter leaves most instruments out"
    for box_id in disabled:
        count = page.inner_text(f"label[for='{box_id}'] [data-kc-count]")
        assert count == "(0)", f"{box_id} disabled with {count}"
    enabled_theme = page.eval_on_selector_all(
        "input[name=theme]:not(:disabled)", "els => els.map(e => e.id)")[0]
    page.check(f"#{enabled_theme}")
    page.wait_for_function("new URLSearchParams(location.search).getAll('theme').length === 1")
    assert page.locator("[data-kc-chip]").count() == 2
    # Back undoes the last change, Forward redoes it
    page.go_back()
    page.wait_for_function("!location.search.includes('theme=')")
    assert not page.is_checked(f"#{enabled_theme}") and page.is_checked("#kc-f-kind-checklist")
    assert "zoeker" in page.url
    page.go_forward()
    page.wait_for_function("location.search.includes('theme=')")
    assert page.is_checked(f"#{enabled_theme}")
    # a chip removes its filter
    page.locator("[data-kc-chip]").first.click()
    page.wait_for_function("!location.search.includes('kind=')")
    assert not page.is_checked("#kc-f-kind-checklist")
    assert page.locator("[data-kc-chip]").count() == 1


def test_finder_without_javascript_points_to_overviews(browser, server_url, built_site):
    BY_NAME["finder"].require(built_site, "nl")
    context = browser.new_context(base_url=server_url, java_script_enabled=False, service_workers="block")
    try:
        tab = context.new_page()
        tab.goto("zoeker/?kind=checklist")
        note = tab.locator("[data-kc-finder-nojs]")
        assert note.is_visible()
        assert "adres" in note.inner_text(), "the note does not say that the address's filters are ignored"
        hrefs = note.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert any("overzicht/soort/checklist" in h for h in hrefs), hrefs
        assert not tab.locator("[data-kc-finder-form]").is_visible()
    finally:
        context.close()


# --- language switch -------------------------------------------------------------------------------------------

def switch_language(page):
    link = page.locator("a[data-kc-language-link]").first
    with page.expect_navigation(wait_until="load"):
        link.click()
    page.wait_for_load_state("networkidle")


def test_language_switch_keeps_finder_filters(page, built_site):
    BY_NAME["finder"].require(built_site, "en")
    open_at(page, built_site, "finder", "nl", DESKTOP, path="zoeker/?kind=checklist&theme=diversity")
    page.wait_for_selector(".kc-finder--js")
    switch_language(page)
    assert page.get_attribute("html", "lang") == "en"
    assert "/en/zoeker/" in page.url and "kind=checklist" in page.url and "theme=diversity" in page.url
    page.wait_for_selector(".kc-finder--js")
    assert page.is_checked("#kc-f-kind-checklist") and page.is_checked("#kc-f-theme-diversity")


def test_language_switch_keeps_search_query(page, built_site):
    BY_NAME["search"].require(built_site, "en")
    open_at(page, built_site, "search", "nl", DESKTOP, path="zoeken/?q=ambassadeurs")
    switch_language(page)
    assert "/en/zoeken/" in page.url and "q=ambassadeurs" in page.url


def test_language_switch_keeps_anchor(page, built_site):
    BY_NAME["checklist"].require(built_site, "en")
    # a portal anchor is the same in both languages
    open_at(page, built_site, "checklist", "nl", DESKTOP, path="instrumenten/checklist-eerste-mvo-scan/#kc-downloads-title")
    switch_language(page)
    assert page.url.endswith("/en/instrumenten/checklist-eerste-mvo-scan/#kc-downloads-title")
    # a Markdown heading's id differs per language: it is mapped by position
    open_at(page, built_site, "chapter", "nl", DESKTOP)
    ids_nl = page.eval_on_selector_all(".md-content article h2[id], .md-content article h3[id]", "els => els.map(e => e.id)")
    assert len(ids_nl) >= 2
    page.evaluate("id => { location.hash = id; }", ids_nl[1])
    switch_language(page)
    ids_en = page.eval_on_selector_all(".md-content article h2[id], .md-content article h3[id]", "els => els.map(e => e.id)")
    page.wait_for_function("location.hash.length > 1 && !location.hash.startsWith('#kc-heading-')")
    assert page.evaluate("decodeURIComponent(location.hash.slice(1))") == ids_en[1]


# --- search ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, typo, word", [("nl", "ambasadeur", "ambassadeur"), ("en", "ambasador", "ambassador")])
def test_search_labels_types_and_corrects_typos(page, built_site, lang, typo, word):
    BY_NAME["search"].require(built_site, lang)
    page.set_viewport_size(PHONE)
    visit(page, f"{PREFIX[lang]}zoeken/?q={typo}")
    page.wait_for_selector("[data-kc-search-results] li", timeout=20000)
    page.wait_for_selector("[data-kc-search-suggest] a")
    assert word in page.inner_text("[data-kc-search-suggest] a")
    assert typo in page.inner_text("[data-kc-search-status]")
    types = page.eval_on_selector_all("[data-kc-search-results] .kc-search__type", "els => els.map(e => e.textContent)")
    assert types and all(types), "search results carry no type label"


# --- screenshots for review ------------------------------------------------------------------------------------

SCREENSHOTS = [("home", "home"), ("finder", "finder"), ("checklist", "checklist"), ("chapter", "manual-chapter")]


@pytest.mark.skipif(os.environ.get("KC_SCREENSHOTS") != "1", reason="set KC_SCREENSHOTS=1 to refresh docs/screenshots/")
@pytest.mark.parametrize("viewport", WIDTHS)
def test_screenshots(page, built_site, viewport):
    out = REPO / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    for name, file in SCREENSHOTS:
        open_at(page, built_site, name, "nl", viewport)
        page.evaluate("document.fonts && document.fonts.ready")
        path = out / f"{file}-{viewport['width']}.png"
        page.screenshot(path=str(path), full_page=False)
        # "Reasonably compressed": a 256-colour palette keeps text and flat colours sharp at a third of the size.
        from PIL import Image
        with Image.open(path) as shot:
            shot.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
        assert Path(path).stat().st_size > 1000
