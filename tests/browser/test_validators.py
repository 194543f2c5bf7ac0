"""Independent checkers: the Nu Html Checker (vnu) and pa11y report 0 errors on every template, in both languages.

Our own gates (axe-core, the keyboard and reflow tests) are written by us; these two are not, and they disagreed
with us (issue 19: vnu found 78 errors on the 34 listed pages, pa11y 78). Both run once per test session over all
pages of ``site_pages.py`` at once, so they add seconds, not minutes:

* **vnu** (npm ``vnu-jar``, a Java program) checks the built HTML files: one JVM run over every HTML file of the
  site, ``--errors-only`` (warnings and info messages are advice, not failures), reported per template and overall.
* **pa11y** (npm ``pa11y-ci``, runner HTML_CodeSniffer, standard WCAG2AA) loads every page from the test server in
  Debian's chromium, two pages at a time, and reports errors only (not warnings or notices).

The npm packages are pinned by ``package-lock.json`` and installed into ``node_modules/`` by ``make setup``; their
install scripts are skipped, so vnu runs on the system's ``java`` and pa11y on ``/usr/lib/chromium/chromium`` (both
installed by ``.ci/run`` when missing). Each checker is shown to fail on ``tests/fixtures/quality/invalid-markup.html``.
An error may only be excepted below when it is a proven checker bug, with the reason here and in docs/quality.md.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, QUALITY_FIXTURES, chromium_path
from tests.browser.site_pages import BY_NAME, LANGS, PAGES, page_params
from tests.support.sitebuild import REPO

pytestmark = pytest.mark.browser

NODE_MODULES = REPO / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
PA11Y_CI = NODE_MODULES / ".bin" / "pa11y-ci"
BROKEN_FIXTURE = "invalid-markup.html"
IN_USE = "?in-use"

# Proven checker bugs, each with the reason (and listed in docs/quality.md). Empty: every error found was ours.
VNU_EXCEPTIONS: dict[str, str] = {}  # vnu message text -> reason
PA11Y_EXCEPTIONS: dict[str, str] = {}  # HTML_CodeSniffer code -> reason

PA11Y_TIMEOUT_MS = 120_000


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def missing(reason: str):
    """Skip locally, fail in CI: a checker that cannot run must not turn CI green."""
    if in_ci():
        pytest.fail("CI: " + reason, pytrace=False)
    pytest.skip(reason)


def require_node_package(path: Path, package: str) -> None:
    if not path.exists():
        pytest.fail(f"{path.relative_to(REPO)} is missing: run `make setup` (installs the npm package {package} "
                    "pinned in package-lock.json)", pytrace=False)


# --- vnu -------------------------------------------------------------------------------------------------------

def run_vnu(files: list[Path]) -> dict[Path, list[dict]]:
    """Errors per file from one vnu run over ``files`` (its JSON report; non-document errors count too)."""
    java = shutil.which("java")
    if java is None:
        missing("java is missing: the Nu Html Checker needs a Java runtime (`apt-get install default-jre-headless`, "
                "as .ci/run does)")
    require_node_package(VNU_JAR, "vnu-jar")
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "--exit-zero-always", *map(str, files)],
        capture_output=True, text=True, timeout=600,
    )
    try:
        messages = json.loads(result.stderr)["messages"]
    except (ValueError, KeyError) as error:
        pytest.fail(f"vnu did not produce a JSON report ({error}):\n{result.stdout[-2000:]}{result.stderr[-4000:]}",
                    pytrace=False)
    by_file: dict[Path, list[dict]] = {f.resolve(): [] for f in files}
    for message in messages:
        if message.get("type") not in {"error", "non-document-error"}:
            continue
        if message.get("message") in VNU_EXCEPTIONS:
            continue
        url = message.get("url", "")
        path = Path(url.removeprefix("file:")).resolve() if url.startswith("file:") else None
        by_file.setdefault(path, []).append(message)
    return by_file


def describe_vnu(errors: list[dict], where: str) -> str:
    lines = [f"{len(errors)} vnu error(s) in {where}:"]
    for e in errors[:15]:
        extract = " ".join(e.get("extract", "").split())[:160]
        lines.append(f"- line {e.get('lastLine', '?')}: {e.get('message')}\n    {extract}")
    if len(errors) > 15:
        lines.append(f"… and {len(errors) - 15} more")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def vnu_report(built_site) -> dict[Path, list[dict]]:
    """One vnu run over every HTML file of the site (about 200: 30 s on 2 cores, mostly the JVM) and the fixture."""
    return run_vnu(sorted(built_site.rglob("*.html")) + [QUALITY_FIXTURES / BROKEN_FIXTURE])


@pytest.mark.parametrize("site_page, lang", page_params())
def test_vnu_reports_no_errors(vnu_report, built_site, site_page, lang):
    site_page.require(built_site, lang)
    target = site_page.file_in(built_site, lang).resolve()
    errors = vnu_report.get(target, [])
    assert not errors, describe_vnu(errors, str(target.relative_to(built_site.resolve())))


def test_vnu_reports_no_errors_on_any_page(vnu_report, built_site):
    """Beyond one page per template: every HTML file the build wrote (generated overviews, every instrument, …)."""
    site = built_site.resolve()
    failing = {path: errors for path, errors in vnu_report.items()
               if errors and path is not None and site in path.parents}
    assert not failing, "\n".join(describe_vnu(errors, str(path.relative_to(site)))
                                   for path, errors in sorted(failing.items())[:10])


def test_vnu_catches_invalid_markup(vnu_report):
    errors = vnu_report[(QUALITY_FIXTURES / BROKEN_FIXTURE).resolve()]
    text = "\n".join(e["message"] for e in errors)
    assert "autocomplete" in text, describe_vnu(errors, BROKEN_FIXTURE)
    assert "“for” attribute of the “label” element" in text, describe_vnu(errors, BROKEN_FIXTURE)
    assert "“action” on element “form”" in text, describe_vnu(errors, BROKEN_FIXTURE)
    assert not vnu_report.get(None), describe_vnu(vnu_report.get(None, []), "vnu (errors without a file)")


# --- pa11y -----------------------------------------------------------------------------------------------------

def run_pa11y(targets: list[dict], workdir: Path, concurrency: int = 2) -> dict[str, list[dict]]:
    """pa11y-ci over ``targets`` (pa11y-ci URL objects) in one chromium: the issues per URL. A page pa11y could not
    check (timeout, crash) is an issue without a ``code``, so it fails the page's test rather than passing it."""
    if chromium_path() is None:
        missing(f"{CHROMIUM} is missing: install Debian's chromium (`apt-get install chromium`, as .ci/run does)")
    require_node_package(PA11Y_CI, "pa11y-ci")
    report_file = workdir / "pa11y-report.json"
    config = {
        "defaults": {
            "standard": "WCAG2AA",
            "runners": ["htmlcs"],
            "timeout": PA11Y_TIMEOUT_MS,
            # Two pages at a time in one shared browser context: separate incognito contexts per page made pa11y-ci
            # fail now and then with "Target.closeTarget: No target with given id found" under load.
            "concurrency": concurrency,
            "useIncognitoBrowserContext": False,
            "chromeLaunchConfig": {"executablePath": str(CHROMIUM), "args": ["--no-sandbox", "--disable-gpu"]},
            "reporters": [["json", {"fileName": str(report_file)}]],
        },
        "urls": targets,
    }
    config_file = workdir / "pa11y-ci.json"
    config_file.write_text(json.dumps(config, indent=1), encoding="utf-8")
    env = dict(os.environ, PUPPETEER_SKIP_DOWNLOAD="1")
    result = subprocess.run([str(PA11Y_CI), "--config", str(config_file)], capture_output=True, text=True,
                            cwd=workdir, env=env, timeout=900)
    if not report_file.is_file():
        pytest.fail(f"pa11y-ci wrote no report (exit {result.returncode}):\n{result.stdout[-3000:]}"
                    f"{result.stderr[-3000:]}", pytrace=False)
    results = json.loads(report_file.read_text(encoding="utf-8"))["results"]
    # Keyed by the page's final URL, without the #fragment Material's navigation.tracking may have added on scroll.
    return {url.split("#", 1)[0]: [i for i in issues if i.get("code") not in PA11Y_EXCEPTIONS]
            for url, issues in results.items()}


def describe_pa11y(issues: list[dict], url: str) -> str:
    lines = [f"{len(issues)} pa11y error(s) on {url}:"]
    for i in issues[:15]:
        if "code" not in i:
            lines.append(f"- pa11y could not check the page: {i.get('message')}")
            continue
        lines.append(f"- {i['code']}: {i.get('message')}\n    at {i.get('selector')}: "
                     f"{' '.join((i.get('context') or '').split())[:160]}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def pa11y_report(built_site, server_url, fixture_url, tmp_path_factory) -> dict[str, list[dict]]:
    targets = []
    for p in PAGES:
        for lang in LANGS:
            if p.file_in(built_site, lang).is_file():
                target = {"url": server_url + p.url(lang)}
                if p.ready:  # a page that renders with JavaScript is checked once it has
                    target["actions"] = [f"wait for element {p.ready} to be added"]
                targets.append(target)
    # The checklist in use: the action plan's rows, date fields and buttons exist only once the script runs and a
    # check-in is added (the query string only tells the two checks of the same page apart). A separate run, one page
    # at a time: the pages share the browser's storage, and another tab of the checklist saving its state makes this
    # one re-render its plan under the click.
    in_use = []
    for lang in LANGS:
        if BY_NAME["checklist"].file_in(built_site, lang).is_file():
            in_use.append({"url": server_url + BY_NAME["checklist"].url(lang) + IN_USE, "actions": [
                'wait for element [data-kc-action="checkin-add"] to be added',
                'click element [data-kc-action="checkin-add"]',
                'wait for element [data-kc-action="checkin-remove"] to be added']})
    targets.append({"url": fixture_url + BROKEN_FIXTURE})
    report = run_pa11y(targets, tmp_path_factory.mktemp("pa11y"))
    if in_use:
        report.update(run_pa11y(in_use, tmp_path_factory.mktemp("pa11y-in-use"), concurrency=1))
    targets += in_use
    # A page pa11y could not check at all (a browser timeout on a busy machine) is checked once more; its findings,
    # if any, count. Accessibility errors are never re-run.
    unchecked = [t for t in targets if any("code" not in i for i in report.get(t["url"], []))]
    if unchecked:
        report.update(run_pa11y(unchecked, tmp_path_factory.mktemp("pa11y-again"), concurrency=1))
    return report


@pytest.mark.parametrize("site_page, lang", page_params())
def test_pa11y_reports_no_errors(pa11y_report, built_site, server_url, site_page, lang):
    site_page.require(built_site, lang)
    url = server_url + site_page.url(lang)
    assert url in pa11y_report, f"pa11y did not report on {url}"
    issues = pa11y_report[url]
    assert not issues, describe_pa11y(issues, url)


@pytest.mark.parametrize("lang", LANGS)
def test_pa11y_reports_no_errors_on_the_checklist_in_use(pa11y_report, built_site, server_url, lang):
    BY_NAME["checklist"].require(built_site, lang)
    url = server_url + BY_NAME["checklist"].url(lang) + IN_USE
    assert url in pa11y_report, f"pa11y did not report on {url}"
    assert not pa11y_report[url], describe_pa11y(pa11y_report[url], url)


def test_pa11y_catches_unnamed_controls(pa11y_report, fixture_url):
    url = fixture_url + BROKEN_FIXTURE
    codes = {i.get("code", "") for i in pa11y_report[url]}
    assert any(c.endswith("H91.InputCheckbox.Name") for c in codes), describe_pa11y(pa11y_report[url], url)
    assert any(c.endswith("H32.2") for c in codes), describe_pa11y(pa11y_report[url], url)


# --- what the fixes must keep working --------------------------------------------------------------------------

RESTORE_DRAWER_OPEN = """
new MutationObserver((changes, observer) => {
  const drawer = document.getElementById("__drawer");
  if (drawer) { drawer.checked = true; observer.disconnect(); }
}).observe(document, { childList: true, subtree: true });
"""


def test_a_restored_open_drawer_is_closed(page):
    """Without Material's (invalid) autocomplete="off" a browser may restore the drawer toggle ticked after Back;
    assets/javascripts/toggles.js closes it. The restore is simulated by ticking the box as soon as it is parsed."""
    page.add_init_script(RESTORE_DRAWER_OPEN)
    page.goto("woordenlijst/")
    page.wait_for_function("() => document.getElementById('__drawer') && !document.getElementById('__drawer').checked")
    assert page.get_attribute("#__drawer", "autocomplete") is None
