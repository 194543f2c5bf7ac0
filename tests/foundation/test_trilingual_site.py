"""A third language is configuration, not code (issue #15, docs/languages.md): the fixture in
tests/fixtures/trilingual/ adds French (`fr`) to a copy of the project — mkdocs.yml, a content folder and data only —
and builds with every feature: finder, search, downloads, the drift banner and the missing-translation policy."""
from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from kenniscentrum.search import enabled as search_enabled
from kenniscentrum.site import load_site
from tests.support.sitebuild import REPO, make_trilingual_project, mkdocs_build

FIXTURE = REPO / "tests" / "fixtures" / "trilingual" / "content"
LANGS = ("nl", "en", "fr")
INSTRUMENT = "instrumenten/checklist-drie-talen/index.html"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def trilingual(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("trilingual")
    root = make_trilingual_project(tmp, FIXTURE)
    site = tmp / "site"
    # A public address, so that the sitemap (absolute URLs) is written too (kenniscentrum/publishing.py).
    result = mkdocs_build(root, site, timeout=300, env_overrides={"SITE_URL": "https://kc.example/"})
    assert result.returncode == 0, result.stdout + result.stderr
    return root, site


def page(site: Path, lang: str, rel: str) -> str:
    prefix = "" if lang == "nl" else f"{lang}/"
    return (site / prefix / rel).read_text(encoding="utf-8")


def test_the_config_names_three_languages(trilingual):
    root, _ = trilingual
    site = load_site(root)
    assert site.langs == LANGS and site.default_lang == "nl"
    assert site.settings.missing_translation == "placeholder"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("rel", ["index.html", INSTRUMENT, "over/index.html", "zoeker/index.html",
                                 "zoeken/index.html", "downloads/index.html", "vertaalstatus/index.html", "404.html"])
def test_every_page_in_every_language(trilingual, lang, rel):
    _, site = trilingual
    assert f'<html lang="{lang}"' in page(site, lang, rel)


def test_language_switch_links_the_two_other_languages(trilingual):
    _, site = trilingual
    html = page(site, "fr", INSTRUMENT)
    links = re.findall(r'class="kc-language-switch__link" href="[^"]*" hreflang="([a-z]+)"', html)
    assert links == ["nl", "en"]


def test_finder_lists_the_french_instrument(trilingual):
    _, site = trilingual
    html = page(site, "fr", "zoeker/index.html")
    assert "data-kc-finder" in html and 'href="../instrumenten/checklist-drie-talen/"' in html


def test_downloads_in_french(trilingual):
    _, site = trilingual
    files = sorted(p.name for p in (site / "fr" / "downloads").iterdir() if p.name != "index.html")
    assert files == [f"liste-de-controle-en-trois-langues.{ext}" for ext in ("docx", "odt", "pdf", "xlsx")]
    with zipfile.ZipFile(site / "fr" / "downloads" / "liste-de-controle-en-trois-langues.docx") as docx:
        assert "<dc:language>fr-BE</dc:language>" in docx.read("docProps/core.xml").decode("utf-8")
    assert "liste-de-controle-en-trois-langues.pdf" in page(site, "fr", INSTRUMENT)


def test_drift_banner_only_where_the_translation_is_outdated(trilingual):
    _, site = trilingual
    assert "kc-translation-outdated" in page(site, "fr", INSTRUMENT)  # recorded hash is stale
    assert "kc-translation-outdated" not in page(site, "en", INSTRUMENT)  # marked as translated
    assert "kc-translation-outdated" not in page(site, "nl", INSTRUMENT)  # the source is never flagged


def test_missing_french_page_becomes_a_placeholder(trilingual):
    _, site = trilingual
    html = page(site, "fr", "over/index.html")
    assert "kc-translation-notice" in html
    assert "De Franse versie" not in html  # never the Dutch text under /fr/


def test_open_data_and_sitemap_know_all_languages(trilingual):
    _, site = trilingual
    document = json.loads((site / "fr" / "instruments.json").read_text(encoding="utf-8"))
    assert document["language"] == "fr" and document["url"] == "https://kc.example/fr/"
    assert sorted(document["instruments"][0]["translations"]) == ["en", "nl"]
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert 'hreflang="fr"' in sitemap and "/fr/instrumenten/checklist-drie-talen/" in sitemap


@pytest.mark.skipif(not search_enabled(), reason="KC_SEARCH_INDEX=0: no search index is built")
def test_search_index_per_language(trilingual):
    _, site = trilingual
    for lang in LANGS:  # one bundle per language, in the language's folder (the default one at the root)
        bundle = site / ("pagefind" if lang == LANGS[0] else f"{lang}/pagefind")
        meta = {p.name.split("_")[0] for p in bundle.glob("pagefind.*.pf_meta")}
        assert meta == {f"pagefind.{lang}"}
