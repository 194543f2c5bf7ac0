"""Keyboard paths (WCAG 2.1.1, 2.4.3, 2.4.7): with Tab alone a visitor reaches search, the language switch, the
finder's filters and the checklist's controls, can operate them, and always sees where the focus is."""
from __future__ import annotations

import pytest

from tests.browser.conftest import visit
from tests.browser.site_pages import BY_NAME, page_params

pytestmark = pytest.mark.browser

# What the focused element looks like: enough to name it in a failure and to judge whether focus is visible.
FOCUS_STATE = """() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  const s = getComputedStyle(e);
  const r = e.getBoundingClientRect();
  const label = (e.getAttribute("aria-label") || e.textContent || e.value || "").trim().replace(/\\s+/g, " ");
  return {
    tag: e.tagName.toLowerCase(), id: e.id, type: e.getAttribute("type") || "",
    cls: typeof e.className === "string" ? e.className : "", href: e.getAttribute("href") || "",
    hreflang: e.getAttribute("hreflang") || "", label: label.slice(0, 60),
    outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0, outlineColor: s.outlineColor,
    boxShadow: s.boxShadow, width: r.width, height: r.height,
    inContent: !!e.closest(".md-content"), inForm: !!e.closest("form"),
    search: e.matches("input[type=search], [role=search] input, input[name=q], form[role=search] input"),
  };
}"""

TRANSPARENT = {"transparent", "rgba(0, 0, 0, 0)"}


def focus_is_visible(state: dict) -> bool:
    """An outline (non-zero, not transparent) or a box shadow: what WCAG 2.4.7 asks for, in computed styles."""
    outline = (state["outlineStyle"] not in {"none", "hidden"} and state["outlineWidth"] >= 1
               and state["outlineColor"] not in TRANSPARENT)
    shadow = state["boxShadow"] not in {"", "none"}
    return (outline or shadow) and state["width"] > 0 and state["height"] > 0


def describe(state: dict) -> str:
    return (f"<{state['tag']}{' id=' + state['id'] if state['id'] else ''} class='{state['cls']}'"
            f"{' href=' + state['href'] if state['href'] else ''}> {state['label']!r} [outline {state['outlineStyle']}"
            f" {state['outlineWidth']}px {state['outlineColor']}, box-shadow {state['boxShadow']},"
            f" {state['width']:.0f}x{state['height']:.0f}px]")


def tab_until(page, matches, *, limit: int, check_focus: bool = True, reverse: bool = False) -> tuple[dict, list]:
    """Press Tab until ``matches(state)``; every element passed on the way must show visible focus."""
    path = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if reverse else "Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None:
            continue
        path.append(state)
        if check_focus:
            assert focus_is_visible(state), f"no visible focus on {describe(state)} ({page.url})"
        if matches(state):
            return state, path
    stops = "\n".join(describe(s) for s in path[-40:])
    pytest.fail(f"not reached with {limit} Tab presses on {page.url}; the last stops were:\n{stops}")


def test_focus_check_rejects_invisible_focus():
    """The visibility check itself: an element whose focus style was removed fails it."""
    base = {"outlineStyle": "solid", "outlineWidth": 3.0, "outlineColor": "rgb(11, 83, 148)", "boxShadow": "none",
            "width": 40, "height": 20}
    assert focus_is_visible(base)
    assert not focus_is_visible(base | {"outlineStyle": "none"})
    assert not focus_is_visible(base | {"outlineColor": "rgba(0, 0, 0, 0)"})
    assert not focus_is_visible(base | {"outlineWidth": 0.0})
    assert focus_is_visible(base | {"outlineStyle": "none", "boxShadow": "rgb(0, 0, 0) 0px 0px 0px 2px"})


@pytest.mark.parametrize("lang, other", [("nl", "en"), ("en", "nl")])
def test_tab_reaches_language_switch(page, built_site, lang, other):
    site_page = BY_NAME["instrument"]
    site_page.require(built_site, lang)
    visit(page, site_page.url(lang))
    tab_until(page, lambda s: s["tag"] == "a" and s["hreflang"] == other, limit=40)
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    assert page.get_attribute("html", "lang") == other
    assert page.url.rstrip("/").endswith(site_page.path.rstrip("/")), "the switch must lead to the same page"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_tab_reaches_search(page, built_site, lang):
    BY_NAME["search"].require(built_site, lang)
    visit(page, BY_NAME["home"].url(lang))
    state, _ = tab_until(page, lambda s: s["search"], limit=40)
    page.keyboard.type("ambassadeur" if lang == "nl" else "ambassador")
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    expected = BY_NAME["search"].url(lang).split("?")[0]
    assert page.url.split("?")[0].endswith("/" + expected), f"Enter in the search field did not open {expected} ({page.url})"


@pytest.mark.parametrize("site_page, lang", page_params(["finder"]))
def test_tab_reaches_finder_filters(page, built_site, site_page, lang):
    site_page.require(built_site, lang)
    visit(page, site_page.url(lang))
    state, _ = tab_until(page, lambda s: s["inContent"] and s["tag"] in {"input", "select"} and not s["search"]
                         and s["type"] in {"checkbox", "radio", ""}, limit=150)
    selector = f"#{state['id']}" if state["id"] else None
    if state["tag"] == "input" and selector:
        before = page.is_checked(selector)
        page.keyboard.press("Space")
        assert page.is_checked(selector) != before, f"Space did not toggle the filter {describe(state)}"


@pytest.mark.parametrize("site_page, lang", page_params(["checklist"]))
def test_tab_reaches_checklist_controls(page, built_site, site_page, lang):
    site_page.require(built_site, lang)
    visit(page, site_page.url(lang))
    state, _ = tab_until(page, lambda s: s["tag"] == "input" and s["id"].startswith("kc-done-"), limit=150)
    page.keyboard.press("Space")
    assert page.is_checked(f"#{state['id']}"), "Space did not tick the checklist item"
    page.wait_for_timeout(100)
    progress = page.locator("#kc-progress-total")
    assert progress.get_attribute("value") not in {None, "0"}, "ticking by keyboard did not update the progress"
    # The tool's own buttons (sessions, export, plan) are reachable too.
    tab_until(page, lambda s: s["tag"] == "button" and s["inContent"], limit=150)


@pytest.mark.parametrize("site_page, lang", page_params(["home", "instrument", "checklist", "chapter", "finder",
                                                          "search", "glossary", "404"]))
def test_focus_always_visible(page, built_site, site_page, lang):
    """The first 60 Tab stops of each kind of page all show a visible focus indicator."""
    site_page.require(built_site, lang)
    visit(page, site_page.url(lang), status=site_page.status)
    seen = 0
    for _ in range(60):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None:
            continue
        seen += 1
        assert focus_is_visible(state), f"no visible focus on {describe(state)} ({page.url})"
    assert seen > 3, f"hardly anything on {page.url} can be reached with Tab"
