"""`make serve` under errors and editors' saves (issue 14): the real dev server (`mkdocs serve --dirty`, as the
Makefile runs it) on the small fixture site. With a content error every request is still answered at once, from the
last good build, and every page shows the error (file:line, rule, fix); a save through a temporary file and a
rename recovers; temporary files never reach the site and do not trigger rebuilds. Plus the pieces, without MkDocs."""
from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from kenniscentrum import preview
from kenniscentrum.scratchfiles import gitignore_lines, is_scratch
from kenniscentrum.issues import make_issue
from tests.support.realsite import free_port
from tests.support.sitebuild import REPO, build_env, make_project

FIXTURE_CONTENT = REPO / "tests" / "fixtures" / "site" / "content"
ANSWER_SECONDS = 5  # every request must be answered within this, error or not (it hung for minutes)
BROKEN = "---\ntype: page\ntitle: [niet gesloten\n---\n\nTekst.\n"


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=ANSWER_SECONDS) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def _wait_for(predicate, what: str, timeout: float = 90.0):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.2)


class Served:
    def __init__(self, root: Path, url: str, process: subprocess.Popen, log: Path):
        self.root, self.url, self.process, self.log = root, url, process, log

    def get(self, path: str) -> tuple[int, str]:
        return _get(self.url + path)

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextlib.contextmanager
def _serve(root: Path, log: Path, ready: str = "over/"):
    """`mkdocs serve --dirty` as `make serve` runs it (Makefile), on a free port; yields once ``ready`` answers."""
    port = free_port()
    env = {**build_env(), "KC_SEARCH_INDEX": "0"}
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--watch", "overrides", "--watch", "data",
             "--watch", "hooks", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Served(root, f"http://127.0.0.1:{port}/", process, log)
    try:
        def up():
            if process.poll() is not None:
                pytest.fail("mkdocs serve exited:\n" + server.log_text()[-4000:])
            try:
                return server.get(ready)[0] in (200, 503)
            except OSError:
                return False

        _wait_for(up, "the first build", timeout=240)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve")
    root = make_project(tmp, FIXTURE_CONTENT)
    # Scratch files present from the start: a lingering temporary file and a backup must not reach the site.
    (root / "content" / "nl" / "notities.md.tmp").write_text(BROKEN, encoding="utf-8")
    (root / "content" / "nl" / "over.md~").write_text(BROKEN, encoding="utf-8")
    with _serve(root, tmp / "serve.log") as server:
        yield server


def _assert_accessible(url: str) -> None:
    """axe-core (WCAG 2.1 A/AA, as tests/browser/test_axe.py) on the page with the error box; skipped without
    Debian's chromium, as the browser tests are. Runs in a thread of its own: in a full test run the browser tests'
    session-wide Playwright already owns this thread's event loop, and Playwright's sync API refuses to nest."""
    failures: list[BaseException] = []

    def run():
        try:
            _axe_on(url)
        except BaseException as error:  # re-raised in the test's own thread
            failures.append(error)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=300)
    assert not worker.is_alive(), "the accessibility check of the error page did not finish within 300 s"
    if failures:
        raise failures[0]


def _axe_on(url: str) -> None:
    from tests.browser.conftest import CHROMIUM_ARGS, chromium_path

    executable = chromium_path()
    if executable is None:
        return
    from playwright.sync_api import sync_playwright

    from tests.browser.test_axe import axe_violations, describe

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(executable), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(url, wait_until="load")
            assert page.locator(".kc-preview-errors [role=alert] h2").is_visible()
            violations = axe_violations(page)
            assert not violations, describe(violations, url)
            assert not errors, errors
        finally:
            browser.close()


def _builds(server: Served) -> int:
    return server.log_text().count("Detected file changes")


@pytest.mark.slow
def test_preview_shows_errors_keeps_serving_and_recovers(served):
    page = served.root / "content" / "nl" / "over.md"
    good = page.read_text(encoding="utf-8")
    status, html = served.get("over/")
    assert status == 200 and "kc-preview-errors" not in html
    # scratch files were never copied into the site
    for name in ("notities.md.tmp", "over.md~"):
        assert served.get(name)[0] == 404, name

    # 1. a content error: pages keep coming from the last good build, at once, with the error on top
    page.write_text(BROKEN, encoding="utf-8")
    html = _wait_for(lambda: (lambda r: r[1] if "kc-preview-errors" in r[1] else None)(served.get("over/")),
                     "the error in the page")
    banner = html[html.index('<aside class="kc-preview-errors'):html.index("</aside>")]
    assert 'lang="nl"' in banner and 'aria-labelledby="kc-preview-errors-title"' in banner
    assert "content/nl/over.md:4" in banner and "KC005" in banner
    assert "Oplossing:" in banner and "quote values" in banner  # the rule's fix
    assert "<script" not in banner and "style=" not in banner
    assert "Over de proefsite" in html  # still the last good build's page
    assert html.index("kc-preview-errors") < html.index("md-header")  # first in the page
    status, english = served.get("en/over/")
    assert status == 200 and re.search(r'<aside class="kc-preview-errors[^>]*lang="en"', english)
    status, css = served.get("assets/stylesheets/kenniscentrum.css")
    assert status == 200 and "kc-preview-errors" not in css  # answered at once, untouched
    status, missing = served.get("nog-niet-gebouwd/")
    assert status == 503 and '<html lang="nl">' in missing and "KC005" in missing and "<main>" in missing
    _assert_accessible(served.url + "over/")

    # 2. editors' scratch files do not start a rebuild (vim's probe, a swap file, a backup)
    builds = _builds(served)
    for name in ("4913", ".over.md.swp", "over.md.bak"):
        (page.parent / name).write_text("x", encoding="utf-8")
    (page.parent / "4913").unlink()
    time.sleep(2)  # several polls (0.25 s each) and MkDocs' build delay
    assert _builds(served) == builds

    # 3. recovery through a save by temporary file + rename (vim, JetBrains, gedit, Kate)
    temporary = page.parent / "over.md.tmp"
    temporary.write_text(good + "\nHerstelde alinea uit een tijdelijk bestand.\n", encoding="utf-8")
    time.sleep(0.6)  # the temporary file is seen by the watcher, and may be mid-build, before the rename
    os.replace(temporary, page)
    html = _wait_for(lambda: (lambda r: r[1] if "Herstelde alinea" in r[1] else None)(served.get("over/")),
                     "the recovered page")
    assert "kc-preview-errors" not in html
    assert served.get("over.md.tmp")[0] == 404
    log = served.log_text()
    assert "Traceback" not in log, log[-4000:]
    assert "The server will appear stuck" not in log


@pytest.mark.slow
def test_a_first_build_that_fails_still_serves_the_error(tmp_path):
    """No good build yet: `make serve` starts anyway and every page is the error page (MkDocs used to exit)."""
    root = make_project(tmp_path, FIXTURE_CONTENT)
    (root / "content" / "nl" / "over.md").write_text(BROKEN, encoding="utf-8")
    with _serve(root, tmp_path / "serve.log", ready="") as server:
        for path, lang in (("", "nl"), ("over/", "nl"), ("en/", "en")):
            status, html = server.get(path)
            assert status == 503 and f'<html lang="{lang}">' in html, path
            assert "content/nl/over.md:4" in html and "KC005" in html
        assert server.get("assets/stylesheets/kenniscentrum.css")[0] == 404  # answered, not held


# ------------------------------------------------------------------------------------------ the pieces, no MkDocs
def test_scratch_files_are_recognised_by_name():
    for name in ("x.md.tmp", "x.md~", ".#x.md", "#x.md#", ".x.md.swp", ".x.md.swx", "4913", "x.md.bak",
                 "x.md___jb_tmp___", ".~lock.x.odt#", "a/b/x.md.tmp"):
        assert is_scratch(name), name
    for name in ("x.md", "x.tmp.md", "README.md", "_x.md", "a4913", "img.png"):
        assert not is_scratch(name), name
    assert "\\#*#" in gitignore_lines()  # a leading # would be a comment in exclude_docs


def _failure():
    return preview.Failure(issues=(make_issue("KC005", "content/nl/x.md", 3, "bad <script>alert(1)</script>"),))


def test_error_markup_is_escaped_accessible_and_script_free():
    for lang in ("nl", "en"):
        html = preview.render_errors(_failure(), lang, REPO)
        assert f'lang="{lang}"' in html and 'role="alert"' in html
        assert "<script" not in html and "&lt;script&gt;" in html and "style=" not in html
        assert "content/nl/x.md:3" in html and "KC005" in html
        page = preview.render_errors(_failure(), lang, REPO, page=True)
        assert page.startswith("<!doctype html>") and f'<html lang="{lang}">' in page and "<title>" in page
    other = preview.render_errors(preview.Failure(message="Abort: 1 warning", warnings=("a <warning>",)), "en", REPO)
    assert "Abort: 1 warning" in other and "a &lt;warning&gt;" in other


def test_errors_go_first_in_the_body():
    html = b'<!doctype html><html><head></head><body dir="ltr" class="x"><header>h</header></body></html>'
    out = preview.inject(html, "<aside>E</aside>")
    assert out == b'<!doctype html><html><head></head><body dir="ltr" class="x"><aside>E</aside><header>h</header></body></html>'
    assert preview.page_lang("/en/over/", ("nl", "en"), "nl") == "en"
    assert preview.page_lang("/over/", ("nl", "en"), "nl") == "nl"
    assert preview.page_lang("/enquete/", ("nl", "en"), "nl") == "nl"


def test_guard_records_a_failure_and_the_next_good_build_clears_it():
    session = preview.Session()

    def failing(config, **kwargs):
        raise RuntimeError("template broke")

    preview.guard(failing, lambda: session)(None)
    assert session.failure is not None and "template broke" in session.failure.message
    preview.guard(lambda config, **kwargs: None, lambda: session)(None)
    assert session.failure is None


def test_a_content_error_keeps_the_incremental_state():
    session = preview.Session(active=True)
    session.previous = state = preview.State(pages={}, files=())
    session.fail()  # failed before planning (hooks/content.py stops the build): the output is the last good one
    assert session.previous is state
    session.pending = state
    session.fail()  # failed after planning: the output is unknown
    assert session.previous is None


def test_a_half_written_file_is_read_again(tmp_path):
    page = tmp_path / "content" / "nl" / "x.md"
    page.parent.mkdir(parents=True)
    page.write_text("", encoding="utf-8")  # truncated by the editor, not yet written
    session = preview.Session(root=tmp_path)
    session.record_failure(RuntimeError("x"), [make_issue("KC003", "content/nl/x.md", 1, "no front matter")])
    assert not session.half_written(quiet=0.05)  # nothing changed: the error is real
    writer = threading.Timer(0.05, lambda: page.write_text(BROKEN, encoding="utf-8"))
    writer.start()
    assert session.half_written(quiet=0.5)  # the editor finished writing: build again before reporting
    writer.join()


def test_prepare_reads_again_when_a_file_changes_during_the_read(tmp_path, monkeypatch):
    from kenniscentrum import build

    root = make_project(tmp_path, FIXTURE_CONTENT)
    page = root / "content" / "nl" / "over.md"
    good = page.read_text(encoding="utf-8")
    page.write_text("", encoding="utf-8")  # the read starts while the editor's write is half done
    real_load = build.load_content
    calls = []

    def load_while_saving(*args, **kwargs):
        result = real_load(*args, **kwargs)
        if not calls:
            page.write_text(good, encoding="utf-8")  # ... and it finishes during the read
        calls.append(1)
        return result

    monkeypatch.setattr(build, "load_content", load_while_saving)
    model = build.prepare(root)
    assert not [i for i in model.issues if i.rule == "KC003"], model.issues
    assert len(calls) >= 2


def test_mkdocs_build_still_fails_on_a_content_error(tmp_path):
    """Showing errors instead of failing is `make serve` only: `mkdocs build --strict` fails, naming the problem."""
    from tests.support.sitebuild import mkdocs_build

    root = make_project(tmp_path, FIXTURE_CONTENT)
    (root / "content" / "nl" / "over.md").write_text(BROKEN, encoding="utf-8")
    (root / "content" / "nl" / ".verborgen.md").write_text(BROKEN, encoding="utf-8")
    result = mkdocs_build(root, tmp_path / "site", timeout=300)
    assert result.returncode != 0
    assert "content/nl/over.md:4: KC005" in result.stderr
    assert "content/nl/.verborgen.md:1: KC012" in result.stderr
