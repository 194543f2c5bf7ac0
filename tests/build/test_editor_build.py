"""The editor workflow end to end in a fixture repository (git init): translation banner and status page follow the
Dutch source, `translations mark` clears them, missing English pages fail or become English placeholders (policy in
mkdocs.yml), review metadata and edit links on every page, and the CI workflow uses the Makefile targets."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from kenniscentrum.generators import is_generated_file
from tests.support.sitebuild import REPO, build_env, make_project, mkdocs_build

pytestmark = pytest.mark.slow

DUTCH_ONLY_SENTENCE = "Deze zin staat alleen in het Nederlands en mag nooit onder /en/ verschijnen."


def page(title: str, body: str, *, reviewed: str = "2025-11-01", extra: str = "") -> str:
    return textwrap.dedent("""\
        ---
        type: page
        title: {title}
        summary: {summary}
        status: published
        owner: Testredactie
        last_reviewed: {reviewed}
        review_every: 12
        {extra}---

        {body}
        """).format(title=title, summary=f"Samenvatting van {title}.", reviewed=reviewed, body=body,
                    extra=extra + "\n" if extra else "").replace("\n\n---", "\n---")


FILES = {
    "nl/index.md": page("Start", "Welkom op de proefsite. [Over ons](over.md)"),
    "en/index.md": page("Home", "Welcome to the test site. [About us](over.md)"),
    "nl/over.md": page("Over ons", "Wie we zijn en wat we doen."),
    "en/over.md": page("About us", "Who we are and what we do."),
    "nl/oud.md": page("Oude pagina", DUTCH_ONLY_SENTENCE, reviewed="2024-01-01"),
    "en/oud.md": page("Old page", "A page nobody has reviewed for a long time.", reviewed="2024-01-01"),
    "nl/alleen-nl.md": page("Alleen in het Nederlands", DUTCH_ONLY_SENTENCE),
    # An English placeholder whose file still holds the Dutch text being translated: it must never be published.
    "en/alleen-nl.md": page("Dutch only", DUTCH_ONLY_SENTENCE, extra="awaiting_translation: true"),
}


def git(root: Path, *args: str) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="test@example.invalid", GIT_COMMITTER_NAME="Test",
               GIT_COMMITTER_EMAIL="test@example.invalid", GIT_CONFIG_NOSYSTEM="1", HOME=str(root))
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kenniscentrum", *args, "--root", str(root)], cwd=root,
                          env=build_env(), capture_output=True, text=True, timeout=120)


# A configured repository (mkdocs.yml has no default: without these there are no edit or suggest links).
REPOSITORY = {"KC_EDIT_URI": "https://git.kc.test/redactie/portaal/edit/main/content/",
              "KC_ISSUES_URL": "https://git.kc.test/redactie/portaal/issues/new"}


def build(root: Path, name: str) -> Path:
    site = root.parent / name
    result = mkdocs_build(root, site, env_overrides=REPOSITORY)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def section(html: str, anchor: str) -> str:
    """The HTML of one h2 section of the status page."""
    start = html.index(f'<h2 id="{anchor}"')
    end = html.find("<h2 ", start + 1)
    return html[start: end if end > 0 else len(html)]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("editor")
    content = tmp / "content-src"
    for rel, text in FILES.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    root = make_project(tmp, content)
    git(root, "init", "-q", "-b", "main")
    result = cli(root, "translations", "mark", "--all")
    assert result.returncode == 0, result.stderr
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "fixture")
    return root


@pytest.fixture(scope="module")
def baseline(project: Path) -> Path:
    """The fixture built once, before any test changes it (every English page marked as translated)."""
    return build(project, "site-baseline")


def test_translation_drift_banner_status_page_and_mark(project: Path, baseline: Path):
    # 1. everything marked: no banner, nothing outdated
    site = baseline
    assert "kc-translation-outdated" not in read(site, "en/over/index.html")
    assert "(0)" in section(read(site, "en/vertaalstatus/index.html"), "outdated")

    # 2. the Dutch source changes: the English page is flagged, in English, linking the Dutch original
    nl = project / "content" / "nl" / "over.md"
    nl.write_text(nl.read_text(encoding="utf-8").replace("Wie we zijn", "Wie we vandaag zijn"), encoding="utf-8")
    site = build(project, "site-2")
    en_html = read(site, "en/over/index.html")
    assert '<html lang="en"' in en_html
    banner = en_html[en_html.index("kc-translation-outdated"):]
    banner = banner[: banner.index("</div>")]
    assert "This translation may be out of date" in banner
    assert re.search(r'<a href="\.\./\.\./over/" hreflang="nl" lang="nl">Over ons</a>', banner), banner
    assert "kc-translation-outdated" not in read(site, "over/index.html")  # Dutch is the source: never flagged
    for status_page in ("en/vertaalstatus/index.html", "vertaalstatus/index.html"):
        outdated = section(read(site, status_page), "outdated")
        assert "(1)" in outdated and "content/en/over.md" in outdated, status_page
    assert "(1)" in section(read(site, "vertaalstatus/index.html"), "outdated")
    assert "Verouderde vertalingen" in read(site, "vertaalstatus/index.html")  # the Dutch status page is in Dutch

    # 3. re-marking the translation clears banner and status
    result = cli(project, "translations", "mark", "content/en/over.md")
    assert result.returncode == 0 and "marked: content/en/over.md" in result.stdout, result.stderr
    site = build(project, "site-3")
    assert "kc-translation-outdated" not in read(site, "en/over/index.html")
    assert "(0)" in section(read(site, "en/vertaalstatus/index.html"), "outdated")


def test_awaiting_placeholder_is_english_and_links_dutch(baseline: Path):
    site = baseline
    html = read(site, "en/alleen-nl/index.html")
    assert '<html lang="en"' in html
    assert DUTCH_ONLY_SENTENCE not in html
    assert "This page is only available in Dutch for now." in html
    assert re.search(r'<a href="\.\./\.\./alleen-nl/" hreflang="nl" lang="nl">Alleen in het Nederlands</a>', html)
    assert "content/en/alleen-nl.md" in section(read(site, "en/vertaalstatus/index.html"), "awaiting")
    assert DUTCH_ONLY_SENTENCE in read(site, "alleen-nl/index.html")


def test_review_metadata_git_date_and_edit_links(baseline: Path):
    site = baseline
    html = read(site, "en/over/index.html")
    block = html[html.index('<aside class="kc-review"'):]
    block = block[: block.index("</aside>")]
    assert "Last reviewed" in block and '<time datetime="2025-11-01">1 November 2025</time>' in block
    assert "Next review due" in block and 'datetime="2026-11-01"' in block
    assert "Testredactie" in block
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\d" data-kc-source="git">', block), block  # from git history
    assert 'href="https://git.kc.test/redactie/portaal/edit/main/content/en/over.md"' in block
    suggest = re.search(r'href="(https://git.kc.test/redactie/portaal/issues/new\?[^"]+)"', block).group(1)
    assert "template=suggest-change.yml" in suggest and "source=content%2Fen%2Fover.md" in suggest
    assert "Over deze pagina" in read(site, "over/index.html")
    assert 'edit/main/content/nl/over.md"' in read(site, "over/index.html")
    # the long-unreviewed page is listed as overdue (build date: SOURCE_DATE_EPOCH, 2026-01-01 in tests)
    overdue = section(read(site, "en/vertaalstatus/index.html"), "overdue")
    assert "content/nl/oud.md" in overdue and "content/en/oud.md" in overdue
    assert "(overdue)" in read(site, "en/oud/index.html")


def test_missing_english_page_fails_or_becomes_placeholder(project: Path, baseline: Path):
    (project / "content" / "en" / "oud.md").unlink()
    failed = mkdocs_build(project, project.parent / "site-fail")
    assert failed.returncode != 0
    assert "content/nl/oud.md:1: KC308" in failed.stdout + failed.stderr

    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "missing_translation: fail" in text
    config.write_text(text.replace("missing_translation: fail", "missing_translation: placeholder"), encoding="utf-8")
    try:
        site = build(project, "site-placeholder")
        assert is_generated_file(project / "content" / "en" / "oud.md")
        html = read(site, "en/oud/index.html")
        assert '<html lang="en"' in html and DUTCH_ONLY_SENTENCE not in html
        assert "This page is only available in Dutch for now." in html
        assert re.search(r'<a href="\.\./\.\./oud/" hreflang="nl" lang="nl">Oude pagina</a>', html)
        assert '<h1 lang="nl">Oude pagina</h1>' in html
        assert "content/en/oud.md" in section(read(site, "en/vertaalstatus/index.html"), "missing")
    finally:
        config.write_text(text, encoding="utf-8")
    # back to `fail`: the generated placeholder is removed again and the build fails
    assert mkdocs_build(project, project.parent / "site-fail-2").returncode != 0
    assert not (project / "content" / "en" / "oud.md").exists()


# --- the repository flow --------------------------------------------------------------------------------------------
def test_workflow_is_valid_and_runs_the_makefile_targets():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # PyYAML reads the key `on` as True
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    runs = "\n".join(step.get("run", "") for job in workflow["jobs"].values() for step in job.get("steps", []))
    for target in ("make check", "make build", "make test"):
        assert target in runs, target
    uses = [step.get("uses", "") for job in workflow["jobs"].values() for step in job.get("steps", [])]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for target in ("check", "build", "test"):
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), target


def test_repository_files_exist():
    for rel in ("CONTRIBUTING.md", ".github/pull_request_template.md", ".github/CODEOWNERS",
                ".github/ISSUE_TEMPLATE/suggest-change.yml", "docs/editing.md",
                "docs/decisions/0004-missing-translations.md"):
        assert (REPO / rel).is_file(), rel
    for form in (REPO / ".github" / "ISSUE_TEMPLATE").glob("*.yml"):
        data = yaml.safe_load(form.read_text(encoding="utf-8"))
        assert "body" in data or "blank_issues_enabled" in data, form
    suggest = yaml.safe_load((REPO / ".github/ISSUE_TEMPLATE/suggest-change.yml").read_text(encoding="utf-8"))
    ids = {field.get("id") for field in suggest["body"]}
    assert {"page", "source"} <= ids  # prefilled by the "Suggest a change" link (overrides/partials/kc/review.html)
