"""kenniscentrum.catalog: facets, listings, related items, chapter order, breadcrumbs, open data — on hand-made pages
with the real vocabularies (no MkDocs, no files)."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kenniscentrum import catalog as cat
from kenniscentrum.content import Page
from kenniscentrum.model.vocabularies import load_vocabularies

REPO = Path(__file__).resolve().parents[2]
SITE = "https://kc.example/"


@pytest.fixture(scope="module")
def vocab():
    loaded, issues = load_vocabularies(REPO / "data", ("nl", "en"), REPO)
    assert not issues, issues
    return loaded


def make(lang: str, rel: str, type_: str = "instrument", **meta) -> Page:
    base = {"type": type_, "title": rel.rsplit("/", 1)[-1].removesuffix(".md"), "summary": f"About {rel}.",
            "status": "published", "owner": "Redactie", "last_reviewed": dt.date(2026, 1, 1), "review_every": 12}
    base.update(meta)
    return Page(lang=lang, rel_path=rel, src_path=Path("content", lang, rel), meta=base, meta_lines={}, body="",
                body_line=1, type=type_)


def instrument(lang: str, rel: str, **meta) -> Page:
    facets = {"kind": "checklist", "themes": ["sme"], "audiences": ["sme"], "company_size": ["small"], "sdgs": [8],
              "iso26000": ["environment"], "pdca": ["plan"], "time_minutes": 45, "licence": "CC-BY-4.0",
              "origin": {"by": "Redactie", "year": 2026}}
    facets.update(meta)
    return make(lang, rel, "instrument", **facets)


# --- facets ----------------------------------------------------------------------------------------------------

def test_values_turn_single_values_and_missing_keys_into_lists():
    page = instrument("nl", "instrumenten/a.md", kind="guide")
    assert cat.values(page, "kind") == ["guide"]
    assert cat.values(page, "sdgs") == [8]
    assert cat.values(page, "nothing") == []
    assert cat.facet_values(page, "audience") == ["sme"]


def test_matches_is_and_across_facets_or_within_one():
    page = instrument("nl", "instrumenten/a.md", kind="guide", themes=["sme", "diversity"])
    assert cat.matches(page, {})
    assert cat.matches(page, {"kind": ["guide", "checklist"]})  # OR within kind
    assert cat.matches(page, {"kind": ["guide"], "theme": ["diversity"]})  # AND across
    assert not cat.matches(page, {"kind": ["guide"], "theme": ["networks"]})
    assert cat.matches(page, {"kind": [], "theme": ["networks", "sme"]})  # an empty facet does not filter


def test_facet_counts_are_disjunctive():
    pages = [
        instrument("nl", "instrumenten/a.md", kind="guide", themes=["sme"]),
        instrument("nl", "instrumenten/b.md", kind="checklist", themes=["sme"]),
        instrument("nl", "instrumenten/c.md", kind="checklist", themes=["diversity"]),
    ]
    ids = ["guide", "checklist", "exercise"]
    assert cat.facet_counts(pages, "kind", ids) == {"guide": 1, "checklist": 2, "exercise": 0}
    # ticking a kind does not change the kind counts (OR within the facet) ...
    assert cat.facet_counts(pages, "kind", ids, {"kind": ["guide"]}) == {"guide": 1, "checklist": 2, "exercise": 0}
    # ... but a theme does (AND across facets)
    assert cat.facet_counts(pages, "kind", ids, {"theme": ["sme"]}) == {"guide": 1, "checklist": 1, "exercise": 0}


# --- sorting and listings --------------------------------------------------------------------------------------

def test_sort_pages_by_type_then_order_then_title_without_accents():
    pages = [
        make("nl", "themas/x.md", "theme", title="Thema", theme="sme"),
        make("nl", "handleiding-ambassadeurs/02.md", "chapter", title="A second", manual="csr-ambassadors", order=2),
        make("nl", "handleiding-ambassadeurs/01.md", "chapter", title="Z first", manual="csr-ambassadors", order=1),
        instrument("nl", "instrumenten/b.md", title="Écht beginnen"),
        instrument("nl", "instrumenten/a.md", title="eerste stap"),
        instrument("nl", "instrumenten/c.md", title="Beter"),
    ]
    titles = [p.meta["title"] for p in cat.sort_pages(pages)]
    assert titles == ["Beter", "Écht beginnen", "eerste stap", "Z first", "A second", "Thema"]


def test_listings_of_theme_pages_and_overviews(vocab):
    theme_page = make("nl", "themas/kmo.md", "theme", theme="sme")
    a = instrument("nl", "instrumenten/a.md", kind="guide", themes=["sme"], audiences=["municipality"], pdca=["do"])
    b = instrument("nl", "instrumenten/b.md", kind="checklist", themes=["diversity"], sdgs=[5])
    chapter = make("nl", "handleiding-ambassadeurs/01.md", "chapter", manual="csr-ambassadors", order=1,
                   themes=["sme"], audiences=["municipality"])
    draft = instrument("nl", "instrumenten/draft.md", status="draft", themes=["sme"])
    english = instrument("en", "instrumenten/a.md", kind="guide", themes=["sme"])
    overview = make("nl", "overzicht/doelgroep/municipality.md", "generated", facet="audience", value="municipality")
    sdg = make("nl", "overzicht/sdg/05.md", "generated", facet="sdg", value=5)
    everything = make("nl", "instrumenten/index.md", "generated", facet="instruments")
    catalogue = cat.Catalog([theme_page, a, b, chapter, draft, english, overview, sdg, everything], vocab, "nl")

    assert catalogue.listing_for(theme_page) == [a, chapter]  # instruments first, drafts and en pages left out
    assert catalogue.listing_for(overview) == [a, chapter]
    assert catalogue.listing_for(sdg) == [b]
    assert catalogue.listing_for(everything) == [a, b]  # by title
    groups = catalogue.listing_groups(everything, {"type_headings": {}})
    assert [g["heading"] for g in groups] == ["Gidsen", "Checklists"]  # vocabulary order of kinds, plural labels
    groups = catalogue.listing_groups(theme_page, {"type_headings": {"instrument": "I", "chapter": "C"}})
    assert [(g["heading"], g["pages"]) for g in groups] == [("I", [a]), ("C", [chapter])]
    assert catalogue.with_facet("pdca", "do", instruments_only=True) == [a]


def test_facet_options_follow_vocabulary_order_with_counts(vocab):
    pages = [instrument("en", "instrumenten/a.md", kind="guide"), instrument("en", "instrumenten/b.md", kind="guide")]
    options = cat.Catalog(pages, vocab, "en").facet_options("kind")
    assert [o["id"] for o in options] == vocab["en"].ids("kinds")
    assert options[0] == {"id": "guide", "label": "Guide", "count": 2}
    assert cat.Catalog(pages, vocab, "en").facet_data(pages[0])["sdg"] == "8"


def test_overview_paths(vocab):
    theme_page = make("nl", "themas/kmo.md", "theme", theme="sme")
    catalogue = cat.Catalog([theme_page], vocab, "nl")
    assert catalogue.overview_rel("kind", "checklist") == "overzicht/soort/checklist.md"
    assert catalogue.overview_rel("sdg", 8) == "overzicht/sdg/08.md"
    assert catalogue.overview_rel("pdca", "act") == "overzicht/pdca/act.md"
    assert catalogue.overview_rel("theme", "sme") == "themas/kmo.md"
    assert catalogue.overview_rel("theme", "diversity") is None
    assert catalogue.overview_rel("company_size", "small") is None


# --- related, recent, chapters, breadcrumbs ----------------------------------------------------------------------

def test_related_ranks_shared_themes_then_sdgs_then_audiences_and_keeps_top_five():
    me = instrument("nl", "instrumenten/me.md", themes=["sme", "diversity"], sdgs=[8], audiences=["sme"])
    two_themes = instrument("nl", "instrumenten/t2.md", themes=["sme", "diversity"], sdgs=[1], audiences=["ambassador"])
    one_theme = instrument("nl", "instrumenten/t1.md", themes=["sme"], sdgs=[1], audiences=["ambassador"])
    sdg_only = make("nl", "gemeenten/s.md", "guidance", order=1, sdgs=[8])
    audience_only = make("nl", "over/a.md", "page", audiences=["sme"])
    nothing = make("nl", "over/n.md", "page")
    home = make("nl", "index.md", "page", themes=["sme"])
    draft = instrument("nl", "instrumenten/draft.md", status="draft")
    other_lang = instrument("en", "instrumenten/t2.md", themes=["sme", "diversity"])
    generated = make("nl", "overzicht/x.md", "generated", themes=["sme"])
    extra = [instrument("nl", f"instrumenten/x{i}.md", themes=["sme"], sdgs=[1], audiences=["ambassador"])
             for i in range(3)]
    pages = [me, two_themes, one_theme, sdg_only, audience_only, nothing, home, draft, other_lang, generated, *extra]
    found = cat.related(me, pages, limit=5)
    assert found[0] is two_themes
    assert len(found) == 5
    assert all(p.lang == "nl" and not p.is_draft and p.type != "generated" and p is not me and p is not home
               for p in found)
    assert sdg_only not in found and audience_only not in found  # outranked by the theme matches
    assert cat.related(me, [me, sdg_only, audience_only, nothing]) == [sdg_only, audience_only]
    assert cat.related(nothing, pages) == []


def test_recent_is_newest_first_without_home_and_generated():
    old = make("nl", "over/old.md", "page", last_reviewed=dt.date(2025, 1, 1))
    new_b = make("nl", "over/b.md", "page", title="B", last_reviewed=dt.date(2026, 6, 1))
    new_a = make("nl", "over/a.md", "page", title="A", last_reviewed=dt.date(2026, 6, 1))
    home = make("nl", "index.md", "page", last_reviewed=dt.date(2027, 1, 1))
    generated = make("nl", "zoeker.md", "generated", last_reviewed=dt.date(2027, 1, 1))
    assert cat.recent([old, new_b, new_a, home, generated], 10) == [new_a, new_b, old]
    assert cat.recent([old, new_b, new_a], 1) == [new_a]


def test_chapter_neighbours_follow_order_within_one_manual():
    chapters = [make("nl", f"handleiding-ambassadeurs/{n:02d}.md", "chapter", manual="csr-ambassadors", order=n)
                for n in (3, 1, 2)]
    other_manual = make("nl", "handleiding-x/01.md", "chapter", manual="other", order=1)
    first, second, third = sorted(chapters, key=lambda p: p.meta["order"])
    pages = chapters + [other_manual]
    assert cat.chapter_neighbours(first, pages) == {"previous": None, "next": second, "position": 1, "total": 3,
                                                    "order": 1}
    middle = cat.chapter_neighbours(second, pages)
    assert middle["previous"] is first and middle["next"] is third
    assert cat.chapter_neighbours(third, pages)["next"] is None
    assert cat.chapter_neighbours(instrument("nl", "instrumenten/a.md"), pages) is None


def test_guidance_topics_are_a_series_within_their_folder():
    """Issue 19: previous/next only where there is an order. Guidance topics of one folder follow ``order``; a
    guidance page in another folder, the folder's index and pages of other types have no neighbours."""
    topics = [make("nl", f"gemeenten/{name}.md", "guidance", order=n) for name, n in (("b", 2), ("a", 1), ("c", 3))]
    elsewhere = make("nl", "andere/x.md", "guidance", order=1)
    index = make("nl", "gemeenten/index.md", "page")
    draft = make("nl", "gemeenten/d.md", "guidance", order=4, status="draft")
    first, second, third = sorted(topics, key=lambda p: p.meta["order"])
    pages = topics + [elsewhere, index, draft]
    middle = cat.chapter_neighbours(second, pages)
    assert (middle["previous"], middle["next"], middle["position"], middle["total"]) == (first, third, 2, 3)
    assert cat.chapter_neighbours(third, pages)["next"] is None, "a draft is not part of the series"
    assert cat.chapter_neighbours(elsewhere, pages)["total"] == 1
    assert cat.chapter_neighbours(index, pages) is None
    assert cat.chapter_neighbours(make("nl", "over/x.md", "page"), pages) is None


def test_breadcrumbs_use_existing_index_pages(vocab):
    home = make("nl", "index.md", "page")
    section = make("nl", "instrumenten/index.md", "generated", facet="instruments")
    leaf = instrument("nl", "instrumenten/a.md")
    deep = make("nl", "overzicht/sdg/08.md", "generated", facet="sdg", value=8)
    catalogue = cat.Catalog([home, section, leaf, deep], vocab, "nl")
    assert catalogue.breadcrumbs(leaf) == [home, section]
    assert catalogue.breadcrumbs(section) == [home]
    assert catalogue.breadcrumbs(deep) == [home]  # overzicht/index.md and overzicht/sdg/index.md do not exist here
    assert catalogue.breadcrumbs(home) == []


# --- URLs and open data ------------------------------------------------------------------------------------------

def test_sitemap_lists_every_language_with_alternates_and_dates(vocab):
    nl = instrument("nl", "instrumenten/a.md")
    en = instrument("en", "instrumenten/a.md")
    only_nl = instrument("nl", "instrumenten/b.md")
    draft = instrument("nl", "instrumenten/c.md", status="draft")
    catalogue = cat.Catalog([en, only_nl, nl, draft], vocab, "en", site_url=SITE)
    updated = {id(nl): dt.date(2026, 11, 1)}
    entries = catalogue.sitemap(lambda page: updated.get(id(page)))
    assert [e["loc"] for e in entries] == [  # Dutch first, whichever language is being built; no drafts
        "https://kc.example/instrumenten/a/", "https://kc.example/instrumenten/b/",
        "https://kc.example/en/instrumenten/a/"]
    assert entries[0]["lastmod"] == "2026-11-01" and entries[2]["lastmod"] is None
    both = [
        {"hreflang": "nl", "href": "https://kc.example/instrumenten/a/"},
        {"hreflang": "en", "href": "https://kc.example/en/instrumenten/a/"},
        {"hreflang": "x-default", "href": "https://kc.example/instrumenten/a/"},
    ]
    assert entries[0]["alternates"] == both and entries[2]["alternates"] == both
    assert entries[1]["alternates"] == []  # one language only: nothing to alternate with


def test_add_months_and_next_review():
    assert cat.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert cat.add_months(dt.date(2028, 1, 31), 1) == dt.date(2028, 2, 29)
    assert cat.add_months(dt.date(2026, 11, 1), 14) == dt.date(2028, 1, 1)
    assert cat.next_review(instrument("nl", "x.md", last_reviewed=dt.date(2026, 11, 1), review_every=6)) == \
        dt.date(2027, 5, 1)
    fixed = make("nl", "x.md", next_review=dt.date(2030, 1, 1))
    del fixed.meta["review_every"]
    assert cat.next_review(fixed) == dt.date(2030, 1, 1)


def test_iso_duration():
    assert cat.iso_duration(90) == "PT1H30M"
    assert cat.iso_duration(45) == "PT45M"
    assert cat.iso_duration(120) == "PT2H"
    assert cat.iso_duration(None) is None


RECORD_KEYS = {"id", "url", "language", "title", "summary", "kind", "themes", "audiences", "company_size", "sdgs",
               "iso26000", "pdca", "time_minutes", "time_note", "origin", "licence", "owner", "last_reviewed",
               "next_review", "awaiting_translation", "translations"}


def test_instrument_record_matches_the_documented_schema(vocab):
    checklist = {"sections": [{"id": "s", "title": "S", "items": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}]}]}
    nl = instrument("nl", "instrumenten/a.md", checklist=checklist, time_note="met twee")
    en = instrument("en", "instrumenten/a.md")
    record = cat.Catalog([nl, en], vocab, "nl", site_url=SITE).instrument_record(nl)
    assert set(record) == RECORD_KEYS | {"checklist_items"}
    assert record["id"] == "instrumenten/a"
    assert record["url"] == "https://kc.example/instrumenten/a/"
    assert record["kind"] == {"id": "checklist", "label": "Checklist"}
    assert record["sdgs"] == [{"id": 8, "label": "Waardig werk en economische groei"}]
    assert record["licence"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert record["last_reviewed"] == "2026-01-01" and record["next_review"] == "2027-01-01"
    assert record["translations"] == {"en": "https://kc.example/en/instrumenten/a/"}
    assert record["checklist_items"] == 2
    # every documented key is listed in docs/open-data.md
    doc = (REPO / "docs" / "open-data.md").read_text(encoding="utf-8")
    missing = [key for key in RECORD_KEYS | {"checklist_items", "worksheet_fields"} if f"`{key}`" not in doc]
    assert not missing, f"docs/open-data.md does not document {missing}"


def test_instruments_document_is_deterministic_and_dated_by_content(vocab):
    pages = [instrument("nl", "instrumenten/b.md", last_reviewed=dt.date(2026, 3, 1)),
             instrument("nl", "instrumenten/a.md", last_reviewed=dt.date(2026, 5, 1)),
             instrument("nl", "instrumenten/c.md", status="draft", last_reviewed=dt.date(2027, 1, 1))]
    first = cat.Catalog(pages, vocab, "nl", site_url=SITE, site_name="KC").instruments_document()
    second = cat.Catalog(list(reversed(pages)), vocab, "nl", site_url=SITE, site_name="KC").instruments_document()
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    assert first["count"] == 2 and first["updated"] == "2026-05-01" and first["language"] == "nl"
    assert [r["id"] for r in first["instruments"]] == ["instrumenten/a", "instrumenten/b"]


def test_feed_is_newest_first_and_dated_by_last_reviewed(vocab):
    pages = [instrument("en", "instrumenten/a.md", last_reviewed=dt.date(2026, 3, 1)),
             make("en", "over/b.md", "page", last_reviewed=dt.date(2026, 5, 1)),
             make("en", "index.md", "page", last_reviewed=dt.date(2027, 1, 1))]
    feed = cat.Catalog(pages, vocab, "en", site_url=SITE, site_name="KC").feed("New")
    assert feed["self"] == "https://kc.example/en/feed.xml" and feed["id"] == "https://kc.example/en/"
    assert feed["updated"] == "2026-05-01T00:00:00Z"
    assert [e["url"] for e in feed["entries"]] == ["https://kc.example/en/over/b/",
                                                  "https://kc.example/en/instrumenten/a/"]
    assert feed["entries"][1]["kind"] == "Checklist"


def test_jsonld_types_and_language(vocab):
    nl = instrument("nl", "instrumenten/a.md", time_minutes=90, themes=["diversity"], audiences=["sme"])
    en = instrument("en", "instrumenten/a.md")
    article = make("nl", "gemeenten/x.md", "guidance", order=1)
    home = make("nl", "index.md", "page")
    overview = make("nl", "overzicht/sdg/08.md", "generated", facet="sdg", value=8)
    catalogue = cat.Catalog([nl, en, article, home, overview], vocab, "nl", site_url=SITE, site_name="KC")
    data = catalogue.jsonld(nl)
    assert data["@type"] == "LearningResource" and data["inLanguage"] == "nl"
    assert data["timeRequired"] == "PT1H30M" and data["learningResourceType"] == "Checklist"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["about"][0] == {"@type": "Thing", "name": "Diversiteit"}
    assert data["audience"] == [{"@type": "Audience", "audienceType": "Kmo's"}]
    assert data["workTranslation"]["url"] == "https://kc.example/en/instrumenten/a/"
    assert catalogue.jsonld(article)["@type"] == "Article" and catalogue.jsonld(article)["headline"] == "x"
    assert catalogue.jsonld(home)["@type"] == "WebSite"
    assert catalogue.jsonld(overview)["@type"] == "CollectionPage"
    english = cat.Catalog([nl, en], vocab, "en", site_url=SITE).jsonld(en)
    assert english["inLanguage"] == "en" and english["translationOfWork"]["inLanguage"] == "nl"
    assert json.loads(json.dumps(data)) == data  # JSON-serialisable as is
