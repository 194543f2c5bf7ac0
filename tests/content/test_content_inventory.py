"""The knowledge centre's promised inventory, in both languages, with nl/en parity of every structured id.

Counts come from issues #5 and #6: they are floors, so adding content never breaks these tests."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kenniscentrum.content import load_content

REPO = Path(__file__).resolve().parents[2]
KINDS = ("guide", "checklist", "exercise", "training", "working-instrument", "study", "handbook")


@pytest.fixture(scope="module")
def content():
    loaded = load_content(REPO / "content", REPO / "data")
    assert not loaded.issues, "\n".join(map(str, loaded.issues))
    return loaded


def published(content, lang, type_):
    return [p for p in content.by_lang(lang) if p.type == type_ and not p.is_draft]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_instrument_box(content, lang):
    instruments = published(content, lang, "instrument")
    kinds = Counter(p.meta["kind"] for p in instruments)
    assert len(instruments) >= 14
    assert all(kinds[kind] >= 1 for kind in KINDS), kinds
    assert kinds["checklist"] >= 6
    for page in instruments:
        if page.meta["kind"] != "checklist":
            continue
        sections = page.meta["checklist"]["sections"]
        assert len(sections) >= 3, page.rel_path
        assert sum(len(s["items"]) for s in sections) >= 12, page.rel_path


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_second_half(content, lang):
    chapters = published(content, lang, "chapter")
    assert len([c for c in chapters if c.meta["manual"] == "csr-ambassadors"]) >= 9
    assert sorted(c.meta["order"] for c in chapters) == list(range(1, len(chapters) + 1))
    assert len(published(content, lang, "guidance")) >= 6
    projects = {p.meta["title"]: p for p in published(content, lang, "project")}
    boosters = projects["CSR Boosters"]
    assert (str(boosters.meta["start"]), str(boosters.meta["end"])) == ("2018-01-01", "2019-03-19")
    assert boosters.meta["sdgs"] == [8, 17]
    assert len(published(content, lang, "theme")) >= 8
    (glossary,) = published(content, lang, "glossary")
    assert len(glossary.meta["terms"]) >= 40


def structured_ids(page):
    meta = page.meta
    if "checklist" in meta:
        return [(s["id"], [i["id"] for i in s["items"]]) for s in meta["checklist"]["sections"]]
    if "worksheet" in meta:
        return [(s["id"], [f["id"] for f in s["fields"]]) for s in meta["worksheet"]["sections"]]
    if "terms" in meta:  # each language sorts its glossary alphabetically, so only the set must match
        return sorted(t["id"] for t in meta["terms"])
    return None


def test_every_page_has_its_counterpart_with_the_same_ids_and_facets(content):
    dutch = {p.rel_path: p for p in content.by_lang("nl")}
    english = {p.rel_path: p for p in content.by_lang("en")}
    assert sorted(dutch) == sorted(english)
    for rel_path, nl_page in dutch.items():
        en_page = english[rel_path]
        assert nl_page.type == en_page.type, rel_path
        assert structured_ids(nl_page) == structured_ids(en_page), rel_path
        for facet in ("kind", "themes", "audiences", "company_size", "sdgs", "iso26000", "pdca", "manual", "order"):
            assert nl_page.meta.get(facet) == en_page.meta.get(facet), (rel_path, facet)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_theme_has_at_least_three_instruments_and_environment_five(content, lang):
    """Issue #16: every theme gets at least three instruments, environment at least five."""
    instruments = published(content, lang, "instrument")
    per_theme = Counter(theme for page in instruments for theme in page.meta["themes"])
    themes = [item["id"] for item in content.vocab[lang].items("themes")]
    short = {t: per_theme[t] for t in themes if per_theme[t] < 3}
    assert not short, short
    assert per_theme["environment"] >= 5, per_theme["environment"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_intermediaries_have_instruments_to_pass_on(content, lang):
    """Issue #16: sector federations, chambers of commerce and consultants pass instruments on to SMEs."""
    assert "intermediary" in [item["id"] for item in content.vocab[lang].items("audiences")]
    for_intermediaries = [p for p in published(content, lang, "instrument") if "intermediary" in p.meta["audiences"]]
    assert len(for_intermediaries) >= 5
    assert all("sme" in p.meta["audiences"] or "network-organiser" in p.meta["audiences"]
               for p in for_intermediaries), [p.rel_path for p in for_intermediaries]


LEGAL_HEADING = {"nl": "## Wat de wet vraagt", "en": "## What the law requires"}
SOURCES_HEADING = {"nl": "## Bronnen", "en": "## Sources"}


def test_a_legal_section_is_kept_apart_in_both_languages_and_followed_by_sources(content):
    """Issue #16: where an instrument touches an obligation, the legal minimum has its own section in both
    languages, and the page ends with its sources."""
    english = {p.rel_path: p for p in content.by_lang("en")}
    with_legal = [p for p in published(content, "nl", "instrument") if LEGAL_HEADING["nl"] in p.body.splitlines()]
    assert len(with_legal) >= 5
    for nl_page in with_legal:
        en_page = english[nl_page.rel_path]
        for lang, page in (("nl", nl_page), ("en", en_page)):
            headings = [line for line in page.body.splitlines() if line.startswith("## ")]
            assert LEGAL_HEADING[lang] in headings, (lang, page.rel_path)
            assert headings[-1] == SOURCES_HEADING[lang], (lang, page.rel_path, headings[-1])
