"""Schemas, vocabularies and the Page / ContentSet API."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kenniscentrum.content import Page, load_content
from kenniscentrum.frontmatter import parse
from kenniscentrum.model import SCHEMAS
from kenniscentrum.model.dates import Month
from kenniscentrum.model.dates import Month
from kenniscentrum.model.vocabularies import Vocabulary, load_vocabularies
from kenniscentrum.templating import format_date
from kenniscentrum.validation.schema import validate_meta

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "model"
VALID = FIXTURES / "valid"
TEMPLATES = {"kc/overview.html", "main.html"}


@pytest.fixture(scope="module")
def vocab():
    v, issues = load_vocabularies(VALID / "data")
    assert issues == []
    return v


def check(text: str, vocab, lang="nl"):
    r = parse(text.encode(), "x.md")
    assert r.meta is not None, r.issues
    return validate_meta(r.meta, r.lines, "x.md", lang, vocab[lang], TEMPLATES)


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_every_schema_example_is_valid(name, vocab):
    schema = SCHEMAS[name]
    type_name, typed, issues = check(schema.example, vocab)
    assert [str(i) for i in issues] == []
    assert type_name == name and typed["type"] == name


def test_every_field_is_documented():
    for schema in SCHEMAS.values():
        for field in schema.fields:
            assert field.description, f"{schema.name}.{field.name} has no description"


def test_typed_meta(vocab):
    _, typed, issues = check(SCHEMAS["project"].example, vocab)
    assert issues == []
    # The example's timeline event is known only to the month (`2018-02`), so it is a Month, not 1 February.
    assert typed["start"] == dt.date(2018, 1, 1) and typed["timeline"][0]["date"] == Month(2018, 2)
    assert typed["sdgs"] == [8, 17] and typed["review_every"] == 24


def _project(**replace) -> str:
    text = SCHEMAS["project"].example
    for old, new in replace.items():
        text = text.replace(old, new)
    return text


def test_month_precision_dates(vocab):
    text = _project(**{"start: 2018-01-01": "start: 2018-01", "end: 2019-03-19": "end: 2019-03"})
    _, typed, issues = check(text, vocab)
    assert issues == []
    assert typed["start"] == Month(2018, 1) and typed["end"] == Month(2019, 3)
    assert typed["timeline"][0]["date"].isoformat() == "2018-02" and str(typed["timeline"][0]["date"]) == "2018-02"
    assert Month(2018, 2).last_day == dt.date(2018, 2, 28) and Month(2018, 12).last_day == dt.date(2018, 12, 31)


def test_a_month_that_does_not_exist(vocab):
    _, _, issues = check(_project(**{"date: 2018-02,": "date: 2018-13,"}), vocab)
    assert [(i.rule, i.line) for i in issues] == [("KC107", 16)] and "2018-13" in issues[0].message


def test_end_month_covers_its_days(vocab):
    # Ending "in January 2018" is not before starting on 1 January 2018; ending in December 2017 is.
    _, _, issues = check(_project(**{"end: 2019-03-19": "end: 2018-01"}), vocab)
    assert issues == []
    _, _, issues = check(_project(**{"end: 2019-03-19": "end: 2017-12"}), vocab)
    assert [i.rule for i in issues] == ["KC123"] and "2017-12" in issues[0].message


def test_month_is_rendered_without_a_day():
    assert format_date(Month(2018, 2), "nl") == "februari 2018"
    assert format_date(Month(2018, 2), "en") == "February 2018"
    assert format_date(dt.date(2018, 2, 1), "nl") == "1 februari 2018"


def test_quoted_dates_become_dates(vocab):
    text = SCHEMAS["page"].example.replace("last_reviewed: 2026-11-01", 'last_reviewed: "2026-11-01"')
    _, typed, issues = check(text, vocab)
    assert issues == [] and typed["last_reviewed"] == dt.date(2026, 11, 1)


def test_unknown_key_suggests_the_closest(vocab):
    text = SCHEMAS["page"].example.replace("summary:", "sumary:")
    _, _, issues = check(text, vocab)
    rules = sorted(i.rule for i in issues)
    assert rules == ["KC102", "KC103"]
    unknown = next(i for i in issues if i.rule == "KC102")
    assert "did you mean `summary`" in unknown.message and unknown.line == 4


def test_key_of_another_type_says_where_it_belongs(vocab):
    text = SCHEMAS["chapter"].example.replace("order: 1\n", "order: 1\nkind: guide\n")
    _, _, issues = check(text, vocab)
    assert [i.rule for i in issues] == ["KC102"] and "`instrument`" in issues[0].message


def test_not_allowed_lists_the_allowed_ids(vocab):
    text = SCHEMAS["instrument"].example.replace("pdca: [do]", "pdca: [doen]")
    _, _, issues = check(text, vocab)
    assert [i.rule for i in issues] == ["KC105"]
    assert "plan, do, check, act" in issues[0].fix and "data/vocabularies/nl.yml" in issues[0].fix
    assert "did you mean `do`" in issues[0].message


def test_single_value_where_a_list_is_needed(vocab):
    text = SCHEMAS["instrument"].example.replace("pdca: [do]", "pdca: do")
    _, _, issues = check(text, vocab)
    assert [i.rule for i in issues] == ["KC104"] and "pdca: [do]" in issues[0].fix


def test_yes_no_on_a_boolean(vocab):
    text = SCHEMAS["page"].example.replace("review_every: 12\n", "review_every: 12\nawaiting_translation: yes\n")
    _, _, issues = check(text, vocab, lang="en")
    assert [i.rule for i in issues] == ["KC104"] and "`true` or `false`" in issues[0].fix


def test_review_neither(vocab):
    text = SCHEMAS["page"].example.replace("review_every: 12\n", "")
    _, _, issues = check(text, vocab)
    assert [(i.rule, i.line) for i in issues] == [("KC108", 7)]


def test_next_review_must_follow_last_review(vocab):
    text = SCHEMAS["page"].example.replace("review_every: 12", "next_review: 2026-10-01")
    _, _, issues = check(text, vocab)
    assert [i.rule for i in issues] == ["KC123"]


def test_item_ids_unique_across_sections(vocab):
    text = SCHEMAS["instrument"].example.replace(
        "          why: Wie niet hoort wat er gebeurt, raakt ook niet betrokken.\n",
        "          why: Wie niet hoort wat er gebeurt, raakt ook niet betrokken.\n"
        "    - id: tweede\n      title: Tweede\n      items:\n        - id: personeelsblad\n          text: Nogmaals.\n")
    _, _, issues = check(text, vocab)
    assert [i.rule for i in issues] == ["KC116"] and "section 'kanalen'" in issues[0].message


def test_numeric_id_is_accepted_as_text(vocab):
    text = SCHEMAS["glossary"].example.replace("- id: mvo", "- id: 2030")
    _, typed, issues = check(text, vocab)
    assert issues == [] and typed["terms"][0]["id"] == "2030"


def test_unknown_type(vocab):
    type_name, meta, issues = check("---\ntype: handleiding\ntitle: x\n---\n", vocab)
    assert type_name is None and [i.rule for i in issues] == ["KC101"] and meta["title"] == "x"
    _, _, issues = check("---\ntitle: x\n---\n", vocab)
    assert [(i.rule, i.line) for i in issues] == [("KC101", 1)]


def test_vocabulary_api(vocab):
    nl, en = vocab["nl"], vocab["en"]
    assert nl.ids("themes") == en.ids("themes") and "diversity" in nl.ids("themes")
    assert nl.label("themes", "diversity") == "Diversiteit" and en.label("themes", "diversity") == "Diversity"
    assert en.label("sdgs", 8) == "Decent work and economic growth"
    assert nl.items("kinds")[0] == {"id": "guide", "label": "Gids", "plural": "Gidsen"}
    assert nl.ids("nope") == [] and nl.label("themes", "nope", default="?") == "?"
    with pytest.raises(KeyError):
        nl.label("themes", "nope")
    items = nl.items("kinds")
    items[0]["label"] = "changed"
    assert nl.label("kinds", "guide") == "Gids"  # copies, not the internal lists
    assert isinstance(Vocabulary("nl"), Vocabulary)


def test_real_vocabularies_are_consistent():
    root = Path(__file__).resolve().parents[2]
    vocab, issues = load_vocabularies(root / "data")
    assert [str(i) for i in issues] == []
    assert vocab["nl"].ids("sdgs") == list(range(1, 18))


@pytest.mark.parametrize("rel,url", [
    ("index.md", ""), ("over/index.md", "over/"), ("instrumenten/checklist-x.md", "instrumenten/checklist-x/"),
    ("woordenlijst.md", "woordenlijst/"), ("a/b/README.md", "a/b/"),
])
def test_page_url(rel, url):
    page = Page("nl", rel, Path(rel), {"status": "published"}, {}, "", 1, "page")
    assert page.url == url and not page.is_draft


def test_content_set_api():
    content = load_content(VALID / "content", VALID / "data")
    page = content.get("en", "instrumenten/checklist-test.md")
    assert page is not None and page.type == "instrument" and page.lang == "en"
    assert page.meta["next_review"] == dt.date(2027, 11, 1)
    assert page.meta_lines["checklist"] == 23 and page.line_of("checklist", "sections", 1, "id") == 33
    assert page.src_path == VALID / "content" / "en" / "instrumenten" / "checklist-test.md"
    assert page.display_path == "content/en/instrumenten/checklist-test.md"
    assert page.body.startswith("\n## Kanalen") and page.body_line == 39
    assert content.get("nl", "nope.md") is None
    assert all(p.lang == "nl" for p in content.by_lang("nl"))
    drafts = sorted((p.lang, p.rel_path) for p in content.pages if p.is_draft)
    assert drafts == [("en", "instrumenten/werkblad-test.md"), ("nl", "instrumenten/werkblad-test.md")]
    assert set(content.vocab) == {"nl", "en"}
    glossary = content.get("nl", "woordenlijst.md")
    assert {"mvo", "kmo"} <= glossary.anchors


def synthetic_tree(root: Path, per_lang: int) -> None:
    """``per_lang`` checklist instruments per language, each linking to the next one's anchor and to the index."""
    from kenniscentrum.model import SCHEMAS

    example = SCHEMAS["instrument"].example
    for lang in ("nl", "en"):
        folder = root / "content" / lang / "instrumenten"
        folder.mkdir(parents=True)
        (root / "content" / lang / "index.md").write_text(SCHEMAS["page"].example, encoding="utf-8")
        for i in range(per_lang):
            body = (f"\n## Deel {i}\n\nZie [de volgende](c{(i + 1) % per_lang}.md#deel-{(i + 1) % per_lang}), "
                    f"[de start](../index.md) en `code [x](y.md)`.\n\n!!! tip \"Tip\"\n    Een tip.\n\n"
                    "<abbr title=\"x\">X</abbr> " + "Gewone tekst met wat woorden. " * 40 + "\n"
                    + ("\n## Bronnen\n\n- Een bron, 2026.\n" if lang == "nl" else "\n## Sources\n\n- A source, 2026.\n"))
            text = example.replace("title: Checklist interne MVO-communicatie", f"title: Checklist {i}")
            text = text.split("\n---\n\n", 1)[0] + "\n---\n" + body
            (folder / f"c{i}.md").write_text(text, encoding="utf-8")


def test_load_content_is_fast_enough(tmp_path):
    """~2 000 pages per language must load well under two seconds; here 400 per language, budget scaled."""
    import time

    synthetic_tree(tmp_path, 400)
    start = time.process_time()  # CPU time: other jobs on a shared machine do not count
    content = load_content(tmp_path / "content", VALID / "data")
    elapsed = time.process_time() - start
    assert [str(i) for i in content.issues] == []
    assert len(content.pages) == 802
    assert elapsed < 1.5, f"{elapsed:.2f} s CPU for 802 pages (about 0.25 s expected)"
