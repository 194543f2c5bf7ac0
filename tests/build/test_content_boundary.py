"""The content boundary in a real build (issue #14): attacks fail the build with file:line, an inline script that
reaches the output any other way fails it naming the page, and what passes reaches the page as the validated text
(one truth: titles from our model, escaped; never MkDocs' own YAML reading of the front matter)."""
from __future__ import annotations

import html
import json
import re

import pytest

from kenniscentrum import csp
from kenniscentrum.validation.rendered import findings_in_html
from tests.support.boundary import ATTACK_EXPECTED, ATTACK_PAGE, build_inert_site
from tests.support.sitebuild import REPO, make_project, mkdocs_build

pytestmark = pytest.mark.slow
FIXTURE = REPO / "tests" / "fixtures" / "site" / "content"


def test_attack_page_fails_the_build_with_file_and_line(tmp_path):
    root = make_project(tmp_path, FIXTURE)
    for lang in ("nl", "en"):
        (root / "content" / lang / "aanval.md").write_text(ATTACK_PAGE, encoding="utf-8")
    result = mkdocs_build(root, tmp_path / "site")
    log = result.stdout + result.stderr
    assert result.returncode != 0, log[-3000:]
    for line, rule in ATTACK_EXPECTED:
        assert f"content/nl/aanval.md:{line}: {rule} " in log, log[-5000:]


def test_an_html_file_in_content_fails_the_build(tmp_path):
    # MkDocs would copy it into the site as it is, where it runs on the site's origin without any policy.
    root = make_project(tmp_path, FIXTURE)
    (root / "content" / "nl" / "los.html").write_text(
        '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>x</title></head>'
        "<body><img src=x onerror=alert('copied')></body></html>", encoding="utf-8")
    result = mkdocs_build(root, tmp_path / "site")
    log = result.stdout + result.stderr
    assert result.returncode != 0, log[-3000:]
    assert "content/nl/los.html:1: KC218 " in log, log[-3000:]


def test_an_unreviewed_template_script_fails_the_build_naming_the_page(tmp_path):
    # A template change that adds an inline script nobody reviewed: the policy is not widened, the build stops.
    root = make_project(tmp_path, FIXTURE)
    partial = root / "overrides" / "partials" / "kc" / "scripts.html"
    partial.write_text(partial.read_text(encoding="utf-8") + "\n<script>window.kcUnreviewed = 1</script>\n",
                       encoding="utf-8")
    result = mkdocs_build(root, tmp_path / "site")
    log = result.stdout + result.stderr
    assert result.returncode != 0, log[-3000:]
    assert re.search(r"(?:404\.html|content/nl/\S+\.md): inline script not in the reviewed list \(kenniscentrum/csp-inline-scripts\.yml\)"
                     r": <script>window\.kcUnreviewed = 1</script>", log), log[-3000:]


@pytest.fixture(scope="module")
def inert_site(tmp_path_factory):
    return build_inert_site(tmp_path_factory.mktemp("inert"))


def h1_text(page_html: str) -> str:
    m = re.search(r"<h1[^>]*>(.*?)</h1>", page_html, re.DOTALL)
    assert m, "no <h1>"
    return html.unescape(re.sub(r"<[^>]+>", "", m.group(1))).strip()


def test_titles_reach_the_page_as_validated_text(inert_site):
    site, pages = inert_site
    for path, title in pages:
        page_html = (site / path / "index.html").read_text(encoding="utf-8")
        assert h1_text(page_html) == title, path
        m = re.search(r"<title>(.*?)</title>", page_html, re.DOTALL)
        assert html.unescape(m.group(1)).startswith(title + " - "), (path, m.group(1))
        topic = re.search(r'data-md-component="header-topic">\s*<span class="md-ellipsis">(.*?)</span>', page_html,
                          re.DOTALL)
        assert topic and html.unescape(topic.group(1)).strip() == title, (path, topic and topic.group(1))
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page_html, re.DOTALL):
            data = json.loads(block)
            assert title in (data.get("headline"), data.get("name")), data


def test_inert_pages_have_only_reviewed_inline_scripts(inert_site):
    site, pages = inert_site
    for path, _ in pages:
        page_html = (site / path / "index.html").read_text(encoding="utf-8")
        allowed = csp.allowed_scripts("..")
        assert csp.check_page(page_html, allowed, path)
        article = page_html.split("<article", 1)[1].split("</article>", 1)[0]
        dangerous = [f for f in findings_in_html("<article" + article)
                     if f[0] in ("KC205", "KC206", "KC214", "KC216", "KC217") or f[3] == "<script"]
        assert not dangerous, (path, dangerous)
