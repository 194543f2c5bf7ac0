"""Browser test harness: Debian's chromium, driven by Playwright, against the real site served on 127.0.0.1.

Fixtures (``built_site`` comes from ``tests/conftest.py``, one build per session):

* ``server_url`` — ``http://127.0.0.1:<port>/`` serving ``built_site`` from a ``ThreadingHTTPServer`` in a daemon
  thread, on the port the site was built for when it is free (absolute URLs in the pages are then same-origin). Missing paths get the site's ``404.html`` (``en/404.html`` under ``/en/``) with status 404, and every
  response carries the headers of the site's ``_headers`` file, as a host that reads it would send them.
* ``browser`` — chromium from ``/usr/lib/chromium/chromium`` (never a Playwright browser download). When it is
  missing the browser tests are skipped with the reason, except in CI (``CI=true``), where that is a failure.
* ``page`` — a fresh browser context per test. ``page.kc`` (a :class:`PageLog`) records every request, console
  error, uncaught exception and Content Security Policy violation. Requests to anything other than 127.0.0.1 are
  aborted before they leave the machine (and still recorded). A test that ends with a CSP violation or an
  off-machine request recorded fails, whatever it was testing; tests that provoke them on purpose call
  ``page.kc.clear()``.

Helpers: :func:`visit` (load a site path and wait until it is ready), :func:`off_machine` (the privacy checker).
"""
from __future__ import annotations

import faulthandler
import http.server
import os
import shutil
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.support.realsite import site_url_of
from tests.support.sitebuild import REPO

CHROMIUM = Path("/usr/lib/chromium/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
LOCAL_HOSTS = {"127.0.0.1"}
# Schemes that never leave the browser.
LOCAL_SCHEMES = {"data", "blob", "about", "chrome-error"}


# --- the privacy checker ---------------------------------------------------------------------------------------

def off_machine(urls, allowed_hosts=LOCAL_HOSTS) -> list[str]:
    """The URLs among ``urls`` that would reach another machine: anything that is not 127.0.0.1 or a local scheme."""
    found = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES:
            continue
        if parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname in allowed_hosts:
            continue
        found.append(url)
    return found


# --- the server ------------------------------------------------------------------------------------------------

def read_headers_file(path: Path) -> list[tuple[str, str]]:
    """The headers of the ``/*`` rule in a Netlify/Cloudflare ``_headers`` file ([] when there is none)."""
    if not path.is_file():
        return []
    headers, in_rule = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            in_rule = line.strip() == "/*"
            continue
        if in_rule and ":" in line:
            name, value = line.split(":", 1)
            headers.append((name.strip(), value.strip()))
    return headers


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    site: Path
    extra_headers: list[tuple[str, str]] = []

    def log_message(self, format, *args):  # keep test output quiet
        pass

    def end_headers(self):
        for name, value in self.extra_headers:
            self.send_header(name, value)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        path = unquote(urlsplit(self.path).path)
        page = self.site / "en" / "404.html" if path.startswith("/en/") else self.site / "404.html"
        if not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve(site: Path, port: int = 0) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``site`` on 127.0.0.1 (``port`` 0: any free port) from a daemon thread; returns the server and its URL."""
    handler = type("BoundSiteHandler", (SiteHandler,), {
        "site": site,
        "extra_headers": read_headers_file(site / "_headers"),
    })
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), partial(handler, directory=str(site)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@contextmanager
def served(site: Path):
    """:func:`serve` for the length of a ``with`` block; yields the URL."""
    server, url = serve(site)
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


#: Deliberately broken pages: each checker (axe, privacy) must catch the fault it is there for.
QUALITY_FIXTURES = REPO / "tests" / "fixtures" / "quality"


@pytest.fixture(scope="module")
def fixture_url():
    with served(QUALITY_FIXTURES) as url:
        yield url


@pytest.fixture(scope="session")
def server_url(built_site) -> str:
    """Served at the address the site was built for (same-origin absolute URLs), else on any free port."""
    wanted = urlsplit(site_url_of(built_site) or "")
    server = None
    if wanted.hostname == "127.0.0.1" and wanted.port:
        try:
            server, url = serve(built_site, wanted.port)
        except OSError:
            server = None
    if server is None:
        server, url = serve(built_site)
    yield url
    server.shutdown()
    server.server_close()


# --- the browser -----------------------------------------------------------------------------------------------

def chromium_path() -> Path | None:
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    return None


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        reason = (f"{CHROMIUM} is missing: install Debian's chromium (`apt-get install chromium`, as .ci/run does); "
                  "never `playwright install`")
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail("CI: " + reason, pytrace=False)
        pytest.skip(reason)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:  # pragma: no cover - the pinned requirements include it
        pytest.fail(f"playwright is not installed in this environment ({error}); run `make setup`", pytrace=False)
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(executable), headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@dataclass
class PageLog:
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[dict] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)

    def clear(self) -> None:
        self.failed_responses.clear()
        self.requests.clear()
        self.console_errors.clear()
        self.page_errors.clear()
        self.csp_violations.clear()

    def third_party(self) -> list[str]:
        return off_machine(self.requests)


CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__kcReportCsp({
    directive: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI,
    source: e.sourceFile, line: e.lineNumber, sample: e.sample, page: document.location.href,
  });
}, true);
"""


def _route(route):
    if off_machine([route.request.url]):
        route.abort("blockedbyclient")
    else:
        route.continue_()


@pytest.fixture
def page(browser, server_url, request):
    context = browser.new_context(base_url=server_url, locale="nl-BE", service_workers="block")
    log = PageLog()
    context.on("request", lambda req: log.requests.append(req.url))
    context.on("response", lambda res: log.failed_responses.append(f"HTTP {res.status} {res.url}")
               if res.status >= 400 else None)
    context.route("**/*", _route)
    context.expose_binding("__kcReportCsp", lambda source, report: log.csp_violations.append(report))
    context.add_init_script(CSP_LISTENER)
    tab = context.new_page()
    tab.on("console", lambda msg: log.console_errors.append(
        f"{msg.text} [{(msg.location or {}).get('url') or tab.url}]") if msg.type == "error" else None)
    tab.on("pageerror", lambda error: log.page_errors.append(f"{error} ({tab.url})"))
    tab.kc = log
    yield tab
    try:
        failed = getattr(request.node, "rep_call", None)
        if failed is None or not failed.failed:
            assert not log.csp_violations, f"Content Security Policy violations: {log.csp_violations}"
            assert not log.third_party(), f"requests that left the machine: {log.third_party()}"
    finally:
        # Let route handlers still in flight finish quietly: closing a context under a pending handler can hang.
        context.unroute_all(behavior="ignoreErrors")
        context.close()


# A browser test that hangs (a Playwright call without a timeout, such as ``page.evaluate`` on a page whose script never
# settles) would otherwise stall `make test` forever: after this long, name the test, dump every thread and stop.
HANG_LIMIT_SECONDS = 600


def _hung(nodeid: str) -> None:
    sys.stderr.write(f"\n\n{nodeid} has been running for {HANG_LIMIT_SECONDS} s: aborting the test run.\n")
    faulthandler.dump_traceback(file=sys.stderr, all_threads=True)
    sys.stderr.flush()
    os._exit(3)


@pytest.fixture(autouse=True)
def _hang_watchdog(request):
    timer = threading.Timer(HANG_LIMIT_SECONDS, _hung, args=(request.node.nodeid,))
    timer.daemon = True
    timer.start()
    yield
    timer.cancel()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report


def visit(page, path: str, *, status: int = 200, wait: str = "load"):
    """Open ``path`` (relative to the site root), check the HTTP status and wait until the page has settled."""
    response = page.goto(path.lstrip("/"), wait_until=wait)
    assert response is not None, f"no response for {path}"
    assert response.status == status, f"{path}: HTTP {response.status}, expected {status}"
    page.wait_for_load_state("networkidle")
    return response


def chromium_available() -> bool:
    return chromium_path() is not None or shutil.which("chromium") is not None
