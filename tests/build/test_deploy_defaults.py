"""Honest deploy defaults (issue #14): a build that does not know its public address writes no made-up one.

Without ``SITE_URL`` (and without ``KC_EDIT_URI`` / ``KC_ISSUES_URL``) the real site builds, and no built file — HTML,
JSON, feed, sitemap, search index, or the text of a PDF/DOCX/ODT/XLSX download — contains ``127.0.0.1``,
``localhost`` or an ``example`` host: no canonical links, no ``sitemap.xml``, no ``feed.xml`` (both need absolute
URLs), no "online version" line in the downloads, no edit or "suggest a change" links. With ``SITE_URL`` set (the
session's ``built_site``) every absolute link uses it. Editor-only pages stay out of the sitemap, navigation and
search either way.

One extra build of the real site (without the deploy variables); the download cache makes it fast after the first.
"""
from __future__ import annotations

import re
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.support.downloads import download_text
from tests.support.realsite import build_real_site, site_url_of

pytestmark = pytest.mark.slow

#: A host the site must never point at: the dev server, or a placeholder organisation / domain.
FORBIDDEN = re.compile(r"127\.0\.0\.1|localhost|(?:https?:)?//(?:[\w-]+\.)*example(?:\.[a-z]+)?\b|github\.com/example\b",
                       re.IGNORECASE)
#: Third-party code shipped as is, in which such strings are code, not addresses the site points at: Material's
#: source map (a comment on `dev_addr` naming localhost) and Pagefind's runtime (parses paths against a dummy base).
VENDORED_CODE = re.compile(r"^assets/javascripts/bundle\.[0-9a-f]+\.min\.js\.map$|^(?:[a-z]{2}/)?pagefind/pagefind[\w.-]*\.js$")
DOWNLOAD_SUFFIXES = {".pdf", ".docx", ".odt", ".xlsx"}
STATUS_PAGES = ("vertaalstatus/index.html", "en/vertaalstatus/index.html")


@pytest.fixture(scope="module")
def undeployed_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("undeployed") / "site"
    started = time.monotonic()
    result = build_real_site(site, None)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-6000:]
    print(f"\n[undeployed_site] {site} in {time.monotonic() - started:.1f} s", file=sys.stderr)
    site.joinpath(".build-log").write_text(result.stderr, encoding="utf-8")
    return site


def built_files(site: Path):
    for path in sorted(p for p in site.rglob("*") if p.is_file() and p.name != ".build-log"):
        yield path.relative_to(site).as_posix(), path


def readable_text(path: Path) -> str:
    if path.suffix in DOWNLOAD_SUFFIXES and "/downloads/" in f"/{path.as_posix()}":
        return download_text(path)
    return path.read_bytes().decode("utf-8", "replace")


def test_the_pattern_finds_what_it_must():
    for text in ("http://127.0.0.1:8000/x/", "http://localhost:8000/", "https://github.com/example/kc/edit/",
                 "https://example.org/", "//www.example.com/a", "https://kc.example/"):
        assert FORBIDDEN.search(text), text
    for text in ("https://creativecommons.org/licenses/by/4.0/", "Illustrative example: a municipality",
                 "/en/instrumenten/", "voorbeeld"):
        assert not FORBIDDEN.search(text), text


def test_no_built_file_names_a_made_up_address(undeployed_site):
    found, downloads = [], 0
    for rel, path in built_files(undeployed_site):
        if VENDORED_CODE.match(rel):
            continue
        downloads += path.suffix in DOWNLOAD_SUFFIXES
        for match in FORBIDDEN.finditer(readable_text(path)):
            found.append(f"{rel}: {match.group(0)}")
            break
    assert downloads >= 8, "the downloads were not built"
    assert not found, f"{len(found)} file(s) with a made-up address:\n" + "\n".join(found[:40])


def test_without_an_address_nothing_claims_one(undeployed_site):
    site = undeployed_site
    assert "SITE_URL is not set" in (site / ".build-log").read_text(encoding="utf-8")  # the build says so
    for absent in ("sitemap.xml", "sitemap.xml.gz", "feed.xml", "en/feed.xml"):
        assert not (site / absent).exists(), absent
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in home and "feed.xml" not in home
    assert "feed.xml" not in (site / "en" / "overzicht" / "index.html").read_text(encoding="utf-8")
    for rel, path in built_files(site):
        if rel.endswith(".html"):
            html = path.read_text(encoding="utf-8")
            assert 'rel="canonical"' not in html, rel
            assert "/edit/" not in html and "issues/new" not in html, rel  # no repository configured
    pdf_text = download_text(site / "downloads" / "checklist-interne-communicatie.pdf")
    assert "Online versie" not in pdf_text and "checklist-interne-communicatie" not in pdf_text.replace(
        "checklist-interne-communicatie.pdf", "")
    docx_text = download_text(site / "en" / "downloads" / next(
        p.name for p in (site / "en" / "downloads").glob("*.docx")))
    assert "Online version" not in docx_text


def test_with_an_address_every_absolute_link_uses_it(built_site):
    site_url = site_url_of(built_site)
    assert site_url and site_url.startswith("http"), "built_site carries a canonical link"
    sitemap = ET.parse(built_site / "sitemap.xml").getroot()
    locs = [el.text for el in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    hrefs = [el.get("href") for el in sitemap.iter("{http://www.w3.org/1999/xhtml}link")]
    assert locs and all(url.startswith(site_url) for url in locs + hrefs)
    feed = (built_site / "en" / "feed.xml").read_text(encoding="utf-8")
    assert f'href="{site_url}en/feed.xml"' in feed
    assert all(h.startswith(site_url) for h in re.findall(r'<link[^>]*href="([^"]+)"', feed))
    pdf_text = download_text(built_site / "downloads" / "checklist-interne-communicatie.pdf")
    assert f"{site_url}instrumenten/checklist-interne-communicatie/" in pdf_text.replace("\n", "")


@pytest.mark.parametrize("site_fixture", ["built_site", "undeployed_site"])
def test_editor_only_pages_stay_out_of_sitemap_navigation_and_search(site_fixture, request):
    site = request.getfixturevalue(site_fixture)
    if (site / "sitemap.xml").exists():
        assert "vertaalstatus" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    for rel, path in built_files(site):
        if rel.endswith(".html") and rel not in STATUS_PAGES:
            assert "vertaalstatus/" not in path.read_text(encoding="utf-8"), rel  # in no menu, on no page
    for rel in STATUS_PAGES:
        html = (site / rel).read_text(encoding="utf-8")
        assert "data-pagefind-body" not in html and 'name="robots" content="noindex"' in html, rel
