"""The Site: languages, prefixes, URLs and settings from mkdocs.yml, for two languages and for three."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kenniscentrum import translations as tr
from kenniscentrum.catalog import Catalog
from kenniscentrum.site import PortalSettings, SiteConfigError, bare_site, load_site

REPO = Path(__file__).resolve().parents[2]

THREE = textwrap.dedent("""\
    site_name: Drie talen
    site_url: !ENV [KC_TEST_UNSET_SITE_URL, "https://example.org/kc/"]
    docs_dir: inhoud
    plugins:
      - i18n:
          docs_structure: folder
          languages:
            - {locale: nl, default: true, name: Nederlands}
            - {locale: en, name: English}
            - {locale: fr, name: Français}
    extra:
      kenniscentrum:
        missing_translation: placeholder
        document_locales: {nl: nl-BE, fr: fr-BE}
    """)


@pytest.fixture
def three(tmp_path: Path):
    (tmp_path / "mkdocs.yml").write_text(THREE, encoding="utf-8")
    return load_site(tmp_path)


def test_repository_site_is_the_portal_pair():
    site = load_site(REPO)
    assert site.langs == ("nl", "en") and site.default_lang == "nl"
    assert site.settings.missing_translation in tr.POLICIES
    assert site.content_dir == REPO / "content"
    assert site.document_locale("nl") == "nl-BE" and site.document_locale("en") == "en-GB"


def test_three_languages_from_config(three):
    assert three.langs == ("nl", "en", "fr")
    assert three.translated_langs == ("en", "fr")
    assert three.prefix("nl") == "" and three.prefix("fr") == "fr/"
    assert three.url("fr", "instrumenten/x.md") == "fr/instrumenten/x/"
    assert three.url("nl", "index.md") == ""
    assert three.site_url == "https://example.org/kc/"  # !ENV with its default, as MkDocs reads it
    assert three.content_dir.name == "inhoud"  # docs_dir is honoured
    assert three.settings.missing_translation == "placeholder"
    assert three.document_locale("fr") == "fr-BE" and three.document_locale("en") == "en"


def test_default_language_comes_first_whatever_the_order(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(THREE.replace("{locale: nl, default: true, name: Nederlands}",
                                                       "{locale: nl, name: Nederlands}")
                                         .replace("{locale: fr, name: Français}",
                                                  "{locale: fr, default: true, name: Français}"), encoding="utf-8")
    assert load_site(tmp_path).langs == ("fr", "nl", "en")


@pytest.mark.parametrize("extra, key", [
    ({"missing_translation": "silently"}, "missing_translation"),
    ({"missing_translatoin": "fail"}, "missing_translatoin"),
    ({"document_locales": ["nl-BE"]}, "document_locales"),
])
def test_settings_errors_name_the_key(extra, key):
    with pytest.raises(SiteConfigError, match=f"extra.kenniscentrum.{key}"):
        PortalSettings.from_mapping(extra)


def test_bare_tree_has_no_policy(tmp_path):
    site = load_site(tmp_path)
    assert site == bare_site(tmp_path.resolve())
    assert site.settings.missing_translation is None


class _Page:
    def __init__(self, lang, rel_path, **meta):
        self.lang, self.rel_path, self.type, self.is_draft = lang, rel_path, meta.pop("type", "page"), False
        self.meta = {"title": rel_path, **meta}
        self.body, self.display_path = "Tekst.", f"content/{lang}/{rel_path}"

    @property
    def url(self):
        from kenniscentrum.site import page_url
        return page_url(self.rel_path)


def test_translation_report_and_missing_pages_per_translated_language(three):
    nl = _Page("nl", "over.md")
    en = _Page("en", "over.md", source_hash=tr.page_hash(nl))
    states = tr.translation_report([nl, en], three)
    assert [(s.target_lang, s.status) for s in states] == [("en", tr.UP_TO_DATE), ("fr", tr.MISSING)]
    assert states[1].target_path == "content/fr/over.md"
    assert tr.missing_pages([nl, en], three, "fr") == [nl]
    assert tr.missing_pages([nl, en], three, "en") == []


def test_catalog_urls_and_alternates_for_three_languages(three):
    pages = [_Page(lang, "over.md") for lang in three.langs]
    catalog = Catalog(pages, {lang: None for lang in three.langs}, "fr", site_url=three.site_url, site=three)
    assert catalog.path(pages[2]) == "fr/over/"
    entry = catalog.sitemap()[0]
    assert [a["hreflang"] for a in entry["alternates"]] == ["nl", "en", "fr", "x-default"]
