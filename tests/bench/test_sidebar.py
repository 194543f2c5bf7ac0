"""A sidebar that scales (issue 18): a section with more pages than ``extra.kenniscentrum.sidebar_section_limit``
shows only its overview page in every page's sidebar, so a page's HTML and its render time do not grow with its
section; the pages are still built, and the overview still lists them all."""
from __future__ import annotations

import re
import sys
from types import SimpleNamespace

import pytest
import yaml

from bench.corpus import make_project
from kenniscentrum import preview
from kenniscentrum.navigation import trim_large_section

SECTION = "handleiding-ambassadeurs"


def _page(name):
    return SimpleNamespace(name=name, children=None)


def _is_index(item):
    return item.name == "index"


def test_trim_keeps_the_overview_and_subsections_of_a_large_section():
    pages = [_page("index")] + [_page(f"p{i}") for i in range(5)]
    sub = SimpleNamespace(name="sub", children=[_page("x")])
    assert trim_large_section(pages + [sub], _is_index, 6) == pages + [sub]  # 6 pages: not above the limit
    assert trim_large_section(pages + [sub], _is_index, 5) == [pages[0], sub]


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setenv("KC_SEARCH_INDEX", "0")
    monkeypatch.setattr(preview, "session", preview.Session())
    root = make_project(tmp_path / "project", 60)
    monkeypatch.chdir(root)
    return root


def _build(root, site, limit):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    config.extra.setdefault("kenniscentrum", {})["sidebar_section_limit"] = limit
    config.plugins.on_startup(command="build", dirty=False)
    build(config, dirty=False)


def _sidebar_links(html: str) -> set[str]:
    nav = html[html.index('class="md-nav md-nav--primary"'):]
    nav = nav[: nav.index("</nav>\n</div>") if "</nav>\n</div>" in nav else len(nav)]
    return set(re.findall(r'href="([^"]*%s/[^"#]+)"' % SECTION, nav)) | set(
        re.findall(r'href="(\.\./[^"#]*)"', nav))


def test_a_large_section_lists_only_its_overview_in_the_sidebar(project, tmp_path):
    chapters = sorted(p.stem for p in (project / "content" / "nl" / SECTION).glob("*.md") if p.stem != "index")
    assert len(chapters) >= 4
    full, trimmed = tmp_path / "full", tmp_path / "trimmed"
    _build(project, full, limit=100)
    _build(project, trimmed, limit=3)
    page = f"{SECTION}/{chapters[1]}/index.html"
    full_html = (full / page).read_text(encoding="utf-8")
    trimmed_html = (trimmed / page).read_text(encoding="utf-8")
    # With the whole section in the sidebar, a chapter links its siblings there; trimmed, none of them.
    assert sum(f"{c}/" in full_html[full_html.index("md-nav--primary"):] for c in chapters) >= len(chapters) - 1
    primary = trimmed_html[trimmed_html.index("md-nav--primary"):trimmed_html.index("md-content")]
    siblings = [c for c in chapters if c != chapters[1] and f"{c}/" in primary]
    assert siblings == [], f"the sidebar still lists {siblings}"
    assert len(trimmed_html) < len(full_html)
    # Every chapter is still built, the sidebar keeps the section's overview, and the series stays walkable: each
    # chapter links the previous and next one (partials/kc/chapter-nav.html).
    for chapter in chapters:
        assert (trimmed / SECTION / chapter / "index.html").is_file()
    assert re.search(r'href="\.\./"[^>]*>', primary) or f"{SECTION}/" in primary, "the overview left the sidebar"
    body = trimmed_html[trimmed_html.index("md-content"):]
    assert f"{chapters[0]}/" in body and f"{chapters[2]}/" in body
