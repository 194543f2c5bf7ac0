"""Label in name (WCAG 2.5.3): every control whose accessible name is set with aria-label or aria-labelledby has a
name that starts with its visible text, so a speech-input user who says what they see ("click Terugkommoment
toevoegen") hits it. Lighthouse flagged the checklist's check-in buttons (issue 19): visible "Moment toevoegen",
name "Terugkommoment toevoegen voor: …". axe-core only checks that the text is *contained* (an experimental rule),
so this is our own check. It runs on every template in both languages inside test_axe.py's page sweep (the page
is loaded there already), and here on the checklist with plan rows in use and on a deliberately broken button.
"""
from __future__ import annotations

import pytest

from tests.browser.conftest import visit
from tests.browser.site_pages import BY_NAME

pytestmark = pytest.mark.browser

CONTROLS = ("a, button, summary, input, select, textarea, [role=button], [role=link], [role=checkbox], [role=tab], "
            "[role=menuitem], [role=switch], [role=radio], [role=option]")

MISMATCHES = """selector => {
  // Punctuation is not spoken: "Vorige Zoeken" shown and "Vorige: Zoeken" as the name match (Understanding 2.5.3).
  const norm = s => (s || "").replace(/[\\p{P}\\p{S}]/gu, " ").replace(/\\s+/g, " ").trim().toLowerCase();
  const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const found = [];
  for (const el of document.querySelectorAll(selector)) {
    if (!el.hasAttribute("aria-label") && !el.hasAttribute("aria-labelledby")) continue;
    if (!shown(el)) continue;
    const name = el.hasAttribute("aria-labelledby")
      ? el.getAttribute("aria-labelledby").split(/\\s+/).map(id => document.getElementById(id))
          .filter(Boolean).map(n => n.textContent).join(" ")
      : el.getAttribute("aria-label");
    // A form field's visible text is its <label>; anything else's is the text it shows.
    const text = el.matches("input, select, textarea")
      ? Array.from(el.labels || []).filter(shown).map(l => l.innerText).join(" ")
      : el.innerText;
    if (norm(text) && !norm(name).startsWith(norm(text))) {
      found.push({ text: norm(text), name: norm(name), html: el.outerHTML.slice(0, 200) });
    }
  }
  return found;
}"""


def mismatches(page) -> list[dict]:
    return page.evaluate(MISMATCHES, CONTROLS)


def assert_names_start_with_visible_text(page) -> None:
    found = mismatches(page)
    assert not found, describe(found, page.url)


def describe(found: list[dict], url: str) -> str:
    return f"{len(found)} control(s) on {url} whose accessible name does not start with the visible text:\n" + "\n".join(
        f"- shows {f['text']!r}, is named {f['name']!r}: {f['html']}" for f in found)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_checklist_plan_buttons_start_with_their_text(page, built_site, lang):
    """The action plan's rows, buttons and check-in fields only exist once the tool runs and a check-in is added."""
    checklist = BY_NAME["checklist"]
    checklist.require(built_site, lang)
    visit(page, checklist.url(lang))
    add = page.locator('[data-kc-action="checkin-add"]').first
    add.click()
    page.wait_for_selector('[data-kc-action="checkin-remove"]')
    assert_names_start_with_visible_text(page)


def test_check_catches_a_mismatch(page, fixture_url):
    page.goto(fixture_url + "missing-alt.html")
    page.evaluate("""() => {
      const b = document.createElement("button");
      b.textContent = "Moment toevoegen";
      b.setAttribute("aria-label", "Terugkommoment toevoegen voor: taak");
      document.querySelector("main").append(b);
    }""")
    found = mismatches(page)
    assert [f["text"] for f in found] == ["moment toevoegen"]
