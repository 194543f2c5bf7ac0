"""Content can never run code or phone home (issue #14), proven in chromium on a built fixture site.

The fixture site (tests/fixtures/site) is built with the look-alikes that the content check lets through
(tests/support/boundary.py: scripts in code spans, fences, escapes and quoted link titles; titles with quotes, `&` and
YAML 1.1 look-alikes). On every such page, in both languages: no dialog opens, nothing is requested off the machine,
the Content-Security-Policy reports no violation and no script error occurs, and the <h1> and the tab title read
exactly as the validated title. Every other attack fails the build instead (tests/unit/test_validation_boundary.py,
tests/build/test_content_boundary.py).

And the policy itself comes from the templates: a script that reaches a built page after the fact (what the old
"hash whatever is in the output" policy would have allowed) is blocked.
"""
from __future__ import annotations

import pytest

from tests.browser.conftest import served, visit
from tests.support.boundary import build_inert_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def inert_site(tmp_path_factory):
    return build_inert_site(tmp_path_factory.mktemp("inert-browser"))


@pytest.fixture(scope="module")
def server_url(inert_site):
    """Overrides the harness's server: the `page` fixture then browses the inert fixture site."""
    site, _ = inert_site
    with served(site) as url:
        yield url


def open_and_watch(page, path: str) -> list[str]:
    dialogs: list[str] = []

    def on_dialog(dialog):
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    visit(page, path)
    # Scripts that would run on interaction: hover and focus everything that can take it.
    visible = [e for e in page.locator("article a, article abbr, article img, article p, article code").all()
               if e.is_visible()]
    for element in visible[:60]:
        element.hover(timeout=5000)
    page.wait_for_load_state("networkidle")
    page.remove_listener("dialog", on_dialog)
    return dialogs


@pytest.mark.parametrize("lang", ["", "en/"])
def test_inert_look_alikes_stay_inert(page, inert_site, lang):
    _, pages = inert_site
    for path, title in pages:
        dialogs = open_and_watch(page, lang + path)
        assert not dialogs, f"{lang}{path}: dialogs opened: {dialogs}"
        assert page.locator("h1").first.inner_text().strip() == title, f"{lang}{path}: <h1>"
        assert page.title().startswith(title + " - "), f"{lang}{path}: <title> {page.title()!r}"
        assert page.evaluate("() => window.__md_get !== undefined"), "the theme's reviewed inline script did not run"
    log = page.kc
    assert not log.third_party(), f"requests that left the machine: {log.third_party()}"
    assert not log.csp_violations, f"CSP violations: {log.csp_violations}"
    assert not log.page_errors, f"script errors: {log.page_errors}"
    assert not [r for r in log.failed_responses if "tracker" in r or "example" in r], log.failed_responses


def test_a_script_added_to_a_built_page_is_blocked(page, inert_site):
    """What slipped into a page after validation (or past it) is not in the policy: it does not run."""
    site, pages = inert_site
    path = site / pages[0][0] / "index.html"
    original = path.read_text(encoding="utf-8")
    injected = original.replace("</article>", "<script>window.kcInjected = true; alert('injected')</script></article>", 1)
    assert injected != original
    path.write_text(injected, encoding="utf-8")
    page.add_init_script("window.__kcViolations = 0; document.addEventListener('securitypolicyviolation', "
                         "() => { window.__kcViolations += 1; }, true);")
    try:
        dialogs = open_and_watch(page, pages[0][0])
        page.wait_for_function("() => window.__kcViolations > 0")  # the browser reported the blocked script
        assert page.evaluate("() => window.kcInjected === undefined"), "the injected inline script ran"
        assert not dialogs
        # The harness's own report reaches Python through a binding: wait for that state too (bounded).
        for _ in range(250):
            if page.kc.csp_violations:
                break
            page.wait_for_timeout(20)
        assert any(v["directive"].startswith("script-src") for v in page.kc.csp_violations), page.kc.csp_violations
        page.kc.clear()  # the violation was the point of this test
    finally:
        path.write_text(original, encoding="utf-8")
