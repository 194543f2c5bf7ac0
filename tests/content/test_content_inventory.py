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
