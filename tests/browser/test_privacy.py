"""Zero third-party requests, and a clean run in the browser: every page of the built site, in both languages.

Two checks, each tried on a deliberately broken fixture (``tests/fixtures/quality/external-font.html``, a page that
loads a web font from a CDN the way a theme would) to prove that it fails when it should:

* in chromium, the network log of every page may contain only 127.0.0.1 (requests elsewhere are aborted by the
  harness before they leave the machine, and recorded);
* statically, no HTML or CSS file in the site refers to a resource on another host.

The same sweep asserts no Content Security Policy violation, no console error, no uncaught exception and no failed
request (an asset that 404s) on any page.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kenniscentrum import csp
from tests.browser.conftest import QUALITY_FIXTURES as FIXTURES
from tests.browser.conftest import off_machine, served, visit


# Elements and attributes through which a page loads something by itself (links a visitor clicks are not loads).
LOADING_ATTRS = {
    "script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "frame": ("src",), "embed": ("src",),
    "object": ("data",), "source": ("src", "srcset"), "video": ("src", "poster"), "audio": ("src",),
    "track": ("src",), "input": ("src",), "image": ("href", "xlink:href"), "use": ("href", "xlink:href"),
}
LOADING_LINK_RELS = {"stylesheet", "preload", "prefetch", "preconnect", "dns-prefetch", "modulepreload", "icon",
                     "apple-touch-icon", "manifest", "prerender"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)


def is_external(url: str) -> bool:
    url = url.strip()
    if url.startswith("//"):
        return True
    parts = urlsplit(url)
    return parts.scheme in {"http", "https", "ws", "wss", "ftp"} and parts.hostname not in {"127.0.0.1", "localhost"}


class _Loads(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        candidates = []
        if tag == "link" and LOADING_LINK_RELS & set((values.get("rel") or "").lower().split()):
            candidates.append(values.get("href") or "")
        for attr in LOADING_ATTRS.get(tag, ()):
            value = values.get(attr) or ""
            candidates.extend(part.strip().split(" ")[0] for part in value.split(",")) if attr.endswith("srcset") \
                else candidates.append(value)
        if values.get("style"):
            candidates.extend(a or b for a, b in CSS_URL.findall(values["style"]))
        self.found.extend(c for c in candidates if c and is_external(c))

    def handle_data(self, data):
        if self.lasttag == "style":
            self.found.extend(a or b for a, b in CSS_URL.findall(data) if is_external(a or b))


def external_loads(path: Path) -> list[str]:
    """Resources on other hosts that this HTML or CSS file makes the browser fetch."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".css":
        return [a or b for a, b in CSS_URL.findall(text) if is_external(a or b)]
    parser = _Loads()
    parser.feed(text)
    return parser.found


# --- the checkers, on known input ---------------------------------------------------------------------------------

def test_off_machine_classifies_urls():
    assert off_machine([
        "http://127.0.0.1:8123/", "http://127.0.0.1:9/assets/x.js", "data:image/png;base64,AAAA", "blob:http://127.0.0.1/x",
        "about:blank",
    ]) == []
    assert off_machine(["https://fonts.googleapis.com/css?family=Roboto", "http://localhost:8000/", "https://cdn.example/x.js"]) \
        == ["https://fonts.googleapis.com/css?family=Roboto", "http://localhost:8000/", "https://cdn.example/x.js"]


def test_static_check_catches_external_font():
    found = external_loads(FIXTURES / "external-font.html")
    assert any("fonts.googleapis.com" in url for url in found), found
    assert any("fonts.gstatic.com" in url for url in found), found


@pytest.mark.browser
def test_network_check_catches_external_font(page, fixture_url):
    page.goto(fixture_url + "external-font.html", wait_until="load")
    offending = page.kc.third_party()
    assert any("fonts.googleapis.com" in url for url in offending), page.kc.requests
    page.kc.clear()  # the violation was the point of this test; the harness would fail it otherwise


# --- the real site ------------------------------------------------------------------------------------------------

def site_files(site: Path, suffix: str) -> list[Path]:
    return sorted(p for p in site.rglob(f"*{suffix}") if p.is_file())


def test_no_external_resources_in_html_or_css(built_site):
    problems = []
    for path in site_files(built_site, ".html") + site_files(built_site, ".css"):
        for url in external_loads(path):
            problems.append(f"{path.relative_to(built_site)}: loads {url}")
    assert not problems, "files that make the browser contact another host:\n" + "\n".join(problems[:50])


def page_urls(site: Path) -> list[str]:
    urls = []
    for path in site_files(site, ".html"):
        rel = path.relative_to(site).as_posix()
        urls.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return urls


# Known defects that the sweep below tolerates, each with its pattern and the reason. Every entry must also have a
# strict xfail test, so that it is noticed (and the entry removed) as soon as it is fixed.
KNOWN_ISSUES: dict[str, tuple[re.Pattern, str]] = {}


def known_issue(entry: str) -> str | None:
    for name, (pattern, _) in KNOWN_ISSUES.items():
        if pattern.search(entry):
            return name
    return None


@pytest.mark.browser
@pytest.mark.parametrize("path", ["instrumenten/gids-starten-met-mvo/", "en/instrumenten/gids-starten-met-mvo/",
                                  "en/deze-pagina-bestaat-niet/"])
def test_no_sitemap_probes_from_alternates(page, path):
    """Material's bundle fetches <href>/sitemap.xml for every <link rel="alternate"> in <head> (one 404, or the
    whole root sitemap, per link per page view). The portal puts none there: its language switch is a plain link and
    hreflang lives in sitemap.xml (docs/decisions/0006-language-alternates.md)."""
    visit(page, path, status=404 if "bestaat-niet" in path else 200)
    page.wait_for_load_state("networkidle")
    assert page.locator('head link[rel="alternate"]').count() == 0
    assert not [r for r in page.kc.requests if "sitemap.xml" in r], page.kc.requests


@pytest.mark.browser
def test_every_page_stays_on_machine_and_runs_clean(page, built_site, server_url):
    """Open every page; afterwards the logs must hold only local requests and no CSP violation or error."""
    urls = page_urls(built_site)
    assert len(urls) > 20, "the built site has hardly any pages"
    statuses = {}
    for url in urls:
        response = page.goto(url, wait_until="load")
        statuses[url] = response.status if response else None
    page.wait_for_load_state("networkidle")  # late requests of the last page
    log = page.kc
    failed = [r for r in log.failed_responses if not known_issue(r)]
    console = [c for c in log.console_errors if not known_issue(c)]
    bad_status = {u: s for u, s in statuses.items() if s != 200}
    assert not log.third_party(), "requests that left the machine:\n" + "\n".join(sorted(set(log.third_party())))
    assert not log.csp_violations, "Content Security Policy violations:\n" + "\n".join(map(str, log.csp_violations[:30]))
    assert not bad_status, f"pages that did not load: {bad_status}"
    assert not failed, "failed requests:\n" + "\n".join(sorted(set(failed))[:30])
    assert not log.page_errors, "uncaught exceptions:\n" + "\n".join(log.page_errors[:30])
    assert not console, "console errors:\n" + "\n".join(console[:30])
    local = [u for u in log.requests if urlsplit(u).scheme in {"http", "https"}]
    assert all(u.startswith(server_url) for u in local), "requests to another local port"


# --- Content Security Policy at run time -------------------------------------------------------------------------------

@pytest.mark.browser
def test_theme_scripts_run_under_the_policy(page):
    """The hashes are right: Material's inline scripts ran, and the header policy from _headers was served too."""
    response = visit(page, "instrumenten/checklist-eerste-mvo-scan/")
    assert page.evaluate("() => typeof window.__md_get === 'function'"), "Material's inline script did not run"
    assert page.locator("meta[http-equiv='Content-Security-Policy']").count() == 1
    header = response.headers.get("content-security-policy", "")
    assert "frame-ancestors 'none'" in header, "the test server did not send the policy from _headers"
    assert not page.kc.csp_violations


@pytest.mark.browser
def test_policy_blocks_an_unlisted_inline_script(page, tmp_path):
    """A deliberately broken page: the policy lists one inline script, the page carries a second one."""
    allowed = "window.kcAllowed = true;"
    element = f'<meta http-equiv="Content-Security-Policy" content="{csp.policy([csp.script_hash(allowed)])}">'
    html = csp.insert_after_charset(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CSP fixture</title></head><body>'
        f"<p>fixture</p><script>{allowed}</script><script>window.kcInjected = true;</script></body></html>",
        element,
    )
    (tmp_path / "index.html").write_text(html, encoding="utf-8")
    with served(tmp_path) as url:
        page.goto(url, wait_until="load")
        page.wait_for_timeout(100)  # violation reports are dispatched asynchronously
        assert page.evaluate("() => window.kcAllowed === true"), "the hashed script did not run"
        assert page.evaluate("() => window.kcInjected === undefined"), "the unlisted inline script ran"
        assert any(v["directive"].startswith("script-src") for v in page.kc.csp_violations), page.kc.csp_violations
        page.kc.clear()  # the violation was the point of this test
