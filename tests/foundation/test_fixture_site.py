"""The pipeline end to end on a tiny fixture tree: output pages, lang attributes, language switcher, strict
failure on a broken link, drafts left out, byte-identical rebuilds."""
from __future__ import annotations

import filecmp
import re
from pathlib import Path

import pytest

from kenniscentrum.generators import is_generated_file
from tests.support.sitebuild import REPO, html_pages, make_project, mkdocs_build

FIXTURE = REPO / "tests" / "fixtures" / "site" / "content"
HAND_WRITTEN = ["index.html", "over/index.html", "gids/index.html"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fixture")
    root = make_project(tmp, FIXTURE)
    site = tmp / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return root, site, result


def generated_pages(root: Path, lang: str) -> set[str]:
    pages = set()
    for path in (root / "content" / lang).rglob("*.md"):
        if is_generated_file(path):
            rel = path.relative_to(root / "content" / lang).with_suffix("")
            pages.add("index.html" if rel.name == "index" and rel.parent == Path(".") else
                      (rel.parent / "index.html").as_posix() if rel.name == "index" else f"{rel.as_posix()}/index.html")
    return pages


def test_output_pages_per_language(fixture_build):
    root, site, _ = fixture_build
    pages = html_pages(site)
    nl = [p for p in pages if not p.startswith("en/")]
    en = [p[3:] for p in pages if p.startswith("en/")]
    for lang, built in (("nl", nl), ("en", en)):
        expected = sorted(HAND_WRITTEN + ["404.html"] + sorted(generated_pages(root, lang)))
        assert sorted(built) == expected, lang


def test_drafts_are_not_published(fixture_build):
    _, site, result = fixture_build
    assert not (site / "concept").exists() and not (site / "en" / "concept").exists()
    assert "draft, not published: content/nl/concept.md" in result.stderr


@pytest.mark.parametrize("page", HAND_WRITTEN + ["404.html"])
def test_lang_attribute(fixture_build, page):
    _, site, _ = fixture_build
    assert '<html lang="nl"' in (site / page).read_text(encoding="utf-8")
    assert '<html lang="en"' in (site / "en" / page).read_text(encoding="utf-8")


def switcher_links(html: str) -> dict[str, str]:
    """hreflang → href of the portal's language switch (partials/kc/language-switch.html)."""
    found = {}
    for match in re.finditer(r'<a class="kc-language-switch__link" href="([^"]+)" hreflang="([a-z]+)"', html):
        found[match.group(2)] = match.group(1)
    return found


def test_switcher_points_at_counterpart(fixture_build):
    _, site, _ = fixture_build
    from urllib.parse import urljoin

    for page_url, html_file, other in (("/over/", "over/index.html", {"en": "/en/over/"}),
                                       ("/en/over/", "en/over/index.html", {"nl": "/over/"})):
        links = switcher_links((site / html_file).read_text(encoding="utf-8"))
        resolved = {lang: urljoin(page_url, href) for lang, href in links.items()}
        assert resolved == other, page_url


def test_no_head_alternates_for_material_to_probe(fixture_build):
    """Material's bundle fetches <href>/sitemap.xml for each <link rel="alternate"> in <head>; none may be there
    (docs/decisions/0006-language-alternates.md), and Material's own language selector is not rendered."""
    _, site, _ = fixture_build
    for page in html_pages(site):
        html = (site / page).read_text(encoding="utf-8")
        head = html.split("</head>", 1)[0]
        assert 'rel="alternate"' not in head, page
        assert "md-select__link" not in html, page


def test_no_foreign_hosts(fixture_build):
    _, site, _ = fixture_build
    for page in html_pages(site):
        html = (site / page).read_text(encoding="utf-8")
        # Links a reader follows on purpose ("Edit this page", "Suggest a change" on GitHub) are not requests.
        html = re.sub(r"<a\s[^>]*>", "", html)
        hosts = set(re.findall(r'(?:src|href)="(?:https?:)?//([^/"]+)', html))
        assert hosts <= {"127.0.0.1:8000"}, (page, hosts)


def test_broken_link_fails_the_build(tmp_path):
    content = tmp_path / "content"
    import shutil

    shutil.copytree(FIXTURE, content)
    page = content / "nl" / "over.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[weg](bestaat-niet.md)\n", encoding="utf-8")
    root = make_project(tmp_path, content)
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode != 0
    assert "over.md" in result.stdout + result.stderr


def test_builds_are_byte_identical(fixture_build, tmp_path):
    root, site, _ = fixture_build
    again = tmp_path / "again"
    result = mkdocs_build(root, again)
    assert result.returncode == 0, result.stderr
    comparison = filecmp.dircmp(site, again)

    def differences(cmp, prefix=""):
        found = [prefix + name for name in cmp.diff_files + cmp.left_only + cmp.right_only]
        for name, sub in cmp.subdirs.items():
            found += differences(sub, f"{prefix}{name}/")
        return found

    # dircmp compares shallowly by stat; compare contents for the files it calls equal too.
    assert differences(comparison) == []
    for path in site.rglob("*"):
        if path.is_file():
            assert path.read_bytes() == (again / path.relative_to(site)).read_bytes(), path
