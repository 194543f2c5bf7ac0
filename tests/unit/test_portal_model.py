"""The pure parts behind the portal's home page, contents list and search suggestions (issue 19), on hand-made
pages: what "new" means, how a home card finds its first step, which sections follow a page body, which words the
search may suggest."""
from __future__ import annotations

import datetime as dt

import pytest

from kenniscentrum import catalog as cat
from kenniscentrum.pagesections import Section, trailing_sections
from kenniscentrum.search import suggestion_terms
from kenniscentrum.ui import load_ui_strings
from tests.unit.test_catalog import REPO, SITE, instrument, make, vocab  # noqa: F401  (vocab is a fixture)


@pytest.fixture(scope="module")
def ui():
    return load_ui_strings(REPO / "data")


def test_recent_content_only_leaves_out_site_pages(vocab):
    statement = make("nl", "over/toegankelijkheid.md", "page", last_reviewed=dt.date(2026, 12, 1))
    chapter = make("nl", "handleiding/01.md", "chapter", last_reviewed=dt.date(2026, 11, 1), manual="m", order=1)
    tool = instrument("nl", "instrumenten/a.md", last_reviewed=dt.date(2026, 10, 1))
    catalog = cat.Catalog([statement, chapter, tool], vocab, "nl", site_url=SITE)
    assert catalog.recent(6)[0] is statement  # the feed's meaning of "recent" is unchanged
    assert catalog.recent(6, content_only=True) == [chapter, tool]


def test_first_with_prefers_an_instrument_of_the_kind_for_the_audience(vocab):
    fallback = instrument("nl", "instrumenten/eerste-scan.md", kind="checklist")
    other = instrument("nl", "instrumenten/scan-gemeente.md", kind="scan", audiences=["municipality"])
    catalog = cat.Catalog([fallback, other], vocab, "nl", site_url=SITE)
    assert catalog.first_with(["instrumenten/eerste-scan.md"], kind="scan", audience="sme") is fallback
    sme_scan = instrument("nl", "instrumenten/scan-kmo.md", kind="scan", audiences=["sme"])
    catalog = cat.Catalog([fallback, other, sme_scan], vocab, "nl", site_url=SITE)
    assert catalog.first_with(["instrumenten/eerste-scan.md"], kind="scan", audience="sme") is sme_scan
    assert catalog.first_with(["missing.md"]) is None


def test_trailing_sections_of_a_checklist_with_downloads(ui):
    page = instrument("nl", "instrumenten/c.md", kind="checklist", checklist={"sections": [{"id": "a", "items": []}]})
    rows = trailing_sections(page, ui["nl"], "checklist")
    assert [r.anchor for r in rows] == ["kc-facts-title", "kc-tool-title", "kc-plan-title", "kc-downloads-title"]
    assert rows[1] == Section("kc-tool-title", ui["nl"]["checklist"]["heading"], 2)
    assert rows[2].level == 3


def test_trailing_sections_of_other_pages(ui):
    worksheet = instrument("en", "instrumenten/w.md", kind="working-instrument")
    assert [r.anchor for r in trailing_sections(worksheet, ui["en"], None)] == ["kc-facts-title"]
    worksheet.meta["worksheet"] = {"sections": [{"id": "a", "fields": []}]}
    assert [r.anchor for r in trailing_sections(worksheet, ui["en"], "worksheet")] == [
        "kc-facts-title", "kc-tool-title", "kc-downloads-title"]
    chapter = make("en", "handleiding/01.md", "chapter")
    rows = trailing_sections(chapter, ui["en"], "manual")
    assert rows == [Section("kc-downloads-title", ui["en"]["downloads"]["links_manual_heading"], 2)]
    assert trailing_sections(None, ui["en"], None) == []


def test_suggestion_terms_from_titles_and_glossary_terms():
    pages = [make("nl", "handleiding/index.md", "page", title="Handleiding MVO-ambassadeurs"),
             make("nl", "woordenlijst.md", "glossary", title="Woordenlijst",
                  terms=[{"id": "a", "term": "ambassadeur"}, {"id": "b", "term": "PDCA-cyclus"}])]
    terms = suggestion_terms(pages)
    assert "ambassadeur" in terms and "ambassadeurs" in terms and "handleiding" in terms
    assert "cyclus" in terms and "pdca-cyclus" in terms
    assert "mvo" not in terms  # too short to suggest
    assert terms == sorted(set(terms))


def test_process_of_names_one_run_per_project_however_its_path_is_written(tmp_path):
    from kenniscentrum.portal import process_of

    (tmp_path / "project").mkdir()
    (tmp_path / "alias").symlink_to(tmp_path / "project", target_is_directory=True)
    run = process_of(tmp_path / "project")
    assert process_of(str(tmp_path / "project")) is run
    assert process_of(tmp_path / "alias") is run and process_of(tmp_path / "alias") is run
    assert process_of(tmp_path) is not run
