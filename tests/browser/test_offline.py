"""Offline use and installation (issue 20), in Debian's chromium with the service worker allowed.

Covers: the manifest passes Chromium's own installability check; after visiting home, a checklist and the scan,
each reloads offline with its content and the tool still saves; an unvisited page shows the offline page in the
reader's language (axe-clean); "keep for offline use" saves a whole section; a rebuilt site with a changed page
offers the update and, once it is activated, serves the new copy, not the old one. See docs/offline.md.

The shared ``page`` fixture blocks service workers (so no other test depends on one); these tests open their own
contexts with workers allowed, without request routing (Playwright's routing bypasses service workers).
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jinja2
import pytest
from playwright.sync_api import expect

from kenniscentrum import offline
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, CSP_LISTENER, off_machine, served
from tests.browser.test_axe import assert_no_violations
from tests.support.sitebuild import REPO

LANGUAGES = [offline.Language("nl", ""), offline.Language("en", "en/")]


def instruments(site: Path, prefix: str = "") -> list[dict]:
    return json.loads((site / prefix / "instruments.json").read_text(encoding="utf-8"))["instruments"]


def path_of(record: dict, prefix: str = "") -> str:
    return prefix + record["id"] + "/"


def first_of_kind(site: Path, kind: str) -> str | None:
    found = [r for r in instruments(site) if r["kind"]["id"] == kind]
    return path_of(found[0]) if found else None


@pytest.fixture
def sw_context(browser):
    contexts = []

    def make(base_url: str):
        context = browser.new_context(base_url=base_url, locale="nl-BE", service_workers="allow")
        context.kc_requests = []
        context.kc_csp = []
        context.on("request", lambda request: context.kc_requests.append(request.url))
        context.expose_binding("__kcReportCsp", lambda source, report: context.kc_csp.append(report))
        context.add_init_script(CSP_LISTENER)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        assert not off_machine(context.kc_requests), off_machine(context.kc_requests)
        assert not context.kc_csp, f"Content Security Policy violations: {context.kc_csp}"
        context.close()


def controlled(tab, path: str):
    """Open ``path`` and wait until the service worker controls the page (and so has kept it)."""
    tab.goto(path)
    tab.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller !== null", timeout=20000)
    # The worker keeps the pages that were open when it activated, and every page it serves: wait for the copy.
    tab.wait_for_function(
        """async (url) => { for (const key of await caches.keys()) {
             if (await (await caches.open(key)).match(url)) return true; } return false; }""",
        arg=tab.url.split("#")[0].split("?")[0], timeout=20000)


def test_manifest_and_worker_make_the_portal_installable(browser, server_url, tmp_path):
    # Chromium never offers installation in an incognito profile, which is what new_context() gives: use a profile.
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True,
        base_url=server_url, service_workers="allow")
    try:
        _check_installable(context.new_page())
    finally:
        context.close()


def _check_installable(tab):
    controlled(tab, "")
    manifest_href = tab.get_attribute("link[rel=manifest]", "href")
    assert manifest_href, "no <link rel=manifest> on the home page"
    client = tab.context.new_cdp_session(tab)
    errors = client.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert errors == [], errors
    manifest = client.send("Page.getAppManifest")
    assert not manifest.get("errors"), manifest.get("errors")
    data = json.loads(manifest["data"])
    assert data["lang"] == "nl" and data["start_url"] == "./"
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in data["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes


def test_visited_pages_and_tools_work_offline(sw_context, server_url, built_site):
    checklist = first_of_kind(built_site, "checklist")
    scan = first_of_kind(built_site, "scan")
    assert checklist and scan, "the catalogue has no checklist or no scan"
    visited = ["", checklist, scan]
    context = sw_context(server_url)
    tab = context.new_page()
    headings = {}
    for path in visited:
        controlled(tab, path)
        headings[path] = tab.inner_text("h1").strip()
    context.set_offline(True)
    for path in visited:
        tab.goto(path)
        assert tab.inner_text("h1").strip() == headings[path], f"{path} did not reload offline"
        assert not tab.locator("[data-kc-offline-notice]:visible").count(), f"{path}: offline page shown"
    # The checklist still saves offline (localStorage), and the saved tick survives an offline reload.
    tab.goto(checklist)
    tab.wait_for_selector(".kc-tool.kc-js")
    first = tab.locator("input[data-kc-done]").first
    first.check()
    tab.wait_for_timeout(300)
    tab.reload()
    tab.wait_for_selector(".kc-tool.kc-js")
    expect(tab.locator("input[data-kc-done]").first).to_be_checked()


def test_unvisited_page_shows_the_offline_page_in_the_readers_language(sw_context, server_url):
    context = sw_context(server_url)
    tab = context.new_page()
    controlled(tab, "en/")
    context.set_offline(True)
    tab.goto("en/handleiding-ambassadeurs/03-selecteren/")
    assert tab.get_attribute("html", "lang") == "en"
    expect(tab.locator("[data-kc-offline-notice]")).to_be_visible()
    # What is available offline is listed: the English home page the reader opened.
    expect(tab.locator("[data-kc-offline-saved] a").first).to_be_visible()
    assert_no_violations(tab)
    tab.goto("gemeenten/opvolging/")
    assert tab.get_attribute("html", "lang") == "nl"
    expect(tab.locator("[data-kc-offline-notice]")).to_be_visible()


def test_keep_a_section_for_offline_use(sw_context, server_url, built_site):
    manual = json.loads((built_site / offline.DOCUMENT_FILE).read_text(encoding="utf-8"))
    section = next(s for s in manual["sections"] if s["id"] == "manual")
    context = sw_context(server_url)
    tab = context.new_page()
    controlled(tab, "offline/")
    item = tab.locator('[data-kc-offline-section="manual"]')
    expect(item.locator("[data-kc-offline-size]")).to_contain_text(str(section["pages"]))
    assert_no_violations(tab)
    item.locator("[data-kc-offline-save]").click()
    expect(item).to_have_attribute("data-kc-state", "saved", timeout=30000)
    expect(item.locator("[data-kc-offline-progress]")).to_contain_text(str(section["pages"]))
    context.set_offline(True)
    last = section["urls"][-1]
    tab.goto(last)
    assert not tab.locator("[data-kc-offline-notice]:visible").count(), f"{last} was not kept"
    assert tab.locator("h1").count() == 1


def _rewrite_offline_files(site: Path) -> None:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(REPO / "overrides")))
    template = env.get_template("kc/service-worker.js")
    offline.write_site_files(site, LANGUAGES, lambda settings: template.render(kc_worker=settings, kc_retire=False))


def test_a_new_build_replaces_the_cached_copy_after_activation(sw_context, built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    checklist = first_of_kind(site, "checklist")
    with served(site) as url:
        context = sw_context(url)
        tab = context.new_page()
        controlled(tab, "")
        controlled(tab, checklist)
        old_version = json.loads((site / offline.DOCUMENT_FILE).read_text())["version"]
        # "Deploy" a new build in which the checklist page changed.
        page_file = site / checklist / "index.html"
        page_file.write_text(page_file.read_text(encoding="utf-8").replace(
            "</h1>", " (bijgewerkt)</h1>", 1), encoding="utf-8")
        _rewrite_offline_files(site)
        assert json.loads((site / offline.DOCUMENT_FILE).read_text())["version"] != old_version
        tab.goto(checklist)
        tab.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
        update = tab.locator("[data-kc-update]")
        expect(update).to_be_visible(timeout=20000)
        with tab.expect_navigation():
            update.locator("[data-kc-update-button]").click()
        tab.wait_for_function("() => navigator.serviceWorker.controller !== null")
        # Once the new worker is active, nothing of the old build is served: offline, the page is the new one.
        tab.wait_for_function(
            """async (version) => (await caches.keys()).every((key) => key.endsWith(version))""",
            arg=json.loads((site / offline.DOCUMENT_FILE).read_text())["version"], timeout=20000)
        context.set_offline(True)
        tab.goto(checklist)
        assert "(bijgewerkt)" in tab.inner_text("h1")


def test_search_page_says_offline_that_search_needs_a_connection(sw_context, server_url):
    """The search page's notice lives in offline-page.js (loaded by the offline and search pages only, issue 18)."""
    context = sw_context(server_url)
    tab = context.new_page()
    tab.goto("zoeken/", wait_until="load")
    status = tab.locator("[data-kc-search-status]")
    expect(status).not_to_contain_text("internetverbinding")
    context.set_offline(True)
    expect(status).to_contain_text("Zoeken heeft een internetverbinding nodig")
    expect(status.locator("a")).to_have_attribute("href", re.compile(r"offline/$"))
