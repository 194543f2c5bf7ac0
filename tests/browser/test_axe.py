"""axe-core (WCAG 2.0 and 2.1, levels A and AA): zero violations on every template, in both languages.

axe-core comes from the pinned ``axe-playwright-python`` package (it ships ``axe.min.js``); we inject that file and
call ``axe.run`` ourselves, so the version is the one in ``requirements.txt``. Automated rules find only part of
the problems: keyboard paths are in ``test_keyboard.py``, the rest is listed in the accessibility statement.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import axe_playwright_python
import pytest

from tests.browser.conftest import visit
from tests.browser.test_label_in_name import assert_names_start_with_visible_text
from tests.browser.site_pages import PAGES, page_params

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Rules switched off, each with the reason. Every entry here is a known gap in the accessibility statement's sense:
# add one only with a written justification that a reviewer can check, and remove it when the cause is gone.
EXCLUDED_RULES: dict[str, str] = {}


@lru_cache(maxsize=1)
def axe_source() -> str:
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


# CSS transitions (Material's buttons fade colours over 0.125-0.25 s) caught half-way give axe colours that never stay
# on screen. Let pending scroll/focus handlers start their transitions (two frames), then wait until every finite
# animation has finished and none has started since (at most 2 s); infinite ones are left alone.
SETTLE = """async () => {
  const frames = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const deadline = performance.now() + 2000;
  const running = () => document.getAnimations().filter(a =>
    a.playState !== 'finished' && a.effect && a.effect.getComputedTiming().endTime !== Infinity);
  await frames();
  while (performance.now() < deadline) {
    const now = running();
    if (!now.length) { await frames(); if (!running().length) return; continue; }
    await Promise.race([
      Promise.all(now.map(a => a.finished.catch(() => null))),
      new Promise(r => setTimeout(r, Math.max(0, deadline - performance.now()))),
    ]);
  }
}"""


def axe_violations(page, *, tags=WCAG_TAGS, excluded=EXCLUDED_RULES) -> list[dict]:
    """Run axe-core on the page as it is now (once animations have settled); return its violations (rule id,
    impact, help, failing nodes)."""
    page.evaluate(SETTLE)
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    options = {
        "runOnly": {"type": "tag", "values": list(tags)},
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": False} for rule in excluded},
    }
    results = page.evaluate("options => axe.run(document, options)", options)
    return results["violations"]


def describe(violations: list[dict], url: str) -> str:
    lines = [f"{len(violations)} axe violation(s) on {url}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']} — {v['helpUrl']}")
        for node in v["nodes"][:5]:
            lines.append(f"    at {json.dumps(node['target'])}: {node.get('failureSummary', '').strip()}")
            lines.append(f"       {node.get('html', '')[:200]}")
        if len(v["nodes"]) > 5:
            lines.append(f"    … and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


def assert_no_violations(page) -> None:
    violations = axe_violations(page)
    assert not violations, describe(violations, page.url)


def open_page(page, built_site, site_page, lang):
    site_page.require(built_site, lang)
    visit(page, site_page.url(lang), status=site_page.status)
    if site_page.ready:
        page.wait_for_selector(site_page.ready, timeout=20000)
    assert page.get_attribute("html", "lang") == lang, f"{page.url}: <html lang> is not {lang!r}"


@pytest.mark.parametrize("site_page, lang", page_params())
def test_no_axe_violations(page, built_site, site_page, lang):
    open_page(page, built_site, site_page, lang)
    assert_no_violations(page)
    # WCAG 2.5.3 label in name, which axe checks only loosely (test_label_in_name.py); the page is loaded already.
    assert_names_start_with_visible_text(page)


@pytest.mark.parametrize("site_page, lang", page_params(["checklist"]))
def test_no_axe_violations_after_ticking(page, built_site, site_page, lang):
    """The interactive checklist once it is in use: items ticked, one marked not applicable, a note written."""
    open_page(page, built_site, site_page, lang)
    done = page.locator("input[data-kc-done]")
    assert done.count() >= 3, "the checklist has no tickable items"
    done.nth(0).check()
    done.nth(1).check()
    page.locator("input[data-kc-na]").nth(2).check()
    page.locator("textarea[data-kc-note]").nth(0).fill("Besproken op het teamoverleg.")
    page.wait_for_timeout(200)  # let the script update progress and the action plan
    assert_no_violations(page)


def test_every_template_is_listed():
    """The page list covers every template named in issue 10 (both languages are added by page_params)."""
    required = {"home", "overview", "finder", "instrument", "checklist", "chapter", "guidance", "project", "glossary",
                "search", "downloads", "translations", "404"}
    assert required <= {p.name for p in PAGES}


# --- the checker itself, on a deliberately broken fixture ------------------------------------------------------

def test_checker_catches_missing_alt(page, fixture_url):
    page.goto(fixture_url + "missing-alt.html")
    violations = axe_violations(page)
    assert "image-alt" in {v["id"] for v in violations}, describe(violations, page.url)
    with pytest.raises(AssertionError, match="image-alt"):
        assert_no_violations(page)
