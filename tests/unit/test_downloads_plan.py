"""Which downloads each language gets, their filenames and URLs, and what templates see (kenniscentrum.downloads)."""
from __future__ import annotations

from datetime import datetime, timezone
from types import SimpleNamespace

import pytest

from kenniscentrum.downloads import DownloadSpec, plan_downloads, slugify
from kenniscentrum.downloads.produce import DownloadFile
from kenniscentrum.downloads.view import DownloadsView, format_size
from tests.support.downloads import load_pages
from tests.support.downloads import ui_strings as strings


def test_dutch_plan_uses_path_slugs_and_root_urls():
    specs = plan_downloads(load_pages(), "nl")
    assert [s.filename for s in specs] == [
        "checklist-interne-communicatie.pdf",
        "checklist-interne-communicatie.docx",
        "checklist-interne-communicatie.odt",
        "checklist-interne-communicatie.xlsx",
        "werkinstrument-rolbeschrijving-ambassadeur.docx",
        "werkinstrument-rolbeschrijving-ambassadeur.odt",
        "handleiding.pdf",
    ]
    assert all(s.url == f"downloads/{s.filename}" for s in specs)
    assert specs[0].media_type == "application/pdf"
    assert specs[3].media_type.endswith("spreadsheetml.sheet")


def test_english_plan_uses_title_slugs_under_en():
    specs = plan_downloads(load_pages(), "en")
    names = [s.filename for s in specs]
    assert names[:4] == [f"checklist-internal-csr-communication.{f}" for f in ("pdf", "docx", "odt", "xlsx")]
    assert "csr-ambassador-role-description.docx" in names
    assert names[-1] == "csr-ambassadors-manual.pdf"
    assert all(s.url == f"en/downloads/{s.filename}" for s in specs)


def test_drafts_placeholders_and_other_kinds_get_nothing():
    sources = {s.source for lang in ("nl", "en") for s in plan_downloads(load_pages(), lang)}
    assert "instrumenten/checklist-concept.md" not in sources  # draft
    assert "instrumenten/checklist-vertaling.md" not in sources  # awaiting translation
    assert "instrumenten/gids-starten.md" not in sources  # a guide has no downloads


def test_manual_spec_lists_chapters_in_order_and_is_linked_from_each():
    manual = [s for s in plan_downloads(load_pages(), "nl") if s.kind == "manual"]
    assert len(manual) == 1
    spec = manual[0]
    assert spec.source == "handleiding/index.md"
    assert spec.parts == ("handleiding/01-waarom.md", "handleiding/02-starten.md", "handleiding/03-evalueren.md")
    assert set(spec.linked_from) == {"handleiding/index.md", *spec.parts}
    assert spec.title == "Handleiding MVO-ambassadeurs"


def test_filename_collisions_get_a_suffix():
    page = dict(type="instrument", status="published", kind="working-instrument",
                worksheet={"sections": [{"id": "a", "title": "A", "fields": [{"id": "b", "label": "B"}]}]})
    pages = [SimpleNamespace(lang="en", rel_path=f"{folder}/x.md", meta={**page, "title": "Same title"}, body="",
                             type="instrument", is_draft=False) for folder in ("a", "b")]
    names = [s.filename for s in plan_downloads(pages, "en")]
    assert names == ["same-title.docx", "same-title.odt", "same-title-2.docx", "same-title-2.odt"]


@pytest.mark.parametrize("text, slug", [
    ("Checklist: internal CSR communication", "checklist-internal-csr-communication"),
    ("Één œuvre — café & co", "een-uvre-cafe-co"),
    ("!!!", "download"),
])
def test_slugify(text, slug):
    assert slugify(text) == slug


def test_slugify_cuts_at_a_word_boundary():
    slug = slugify("word " * 40, max_length=22)
    assert slug == "word-word-word-word"


@pytest.mark.parametrize("size, lang, label", [
    (300, "nl", "1 kB"), (48_400, "en", "48 kB"), (1_234_567, "nl", "1,2 MB"), (1_234_567, "en", "1.2 MB"),
])
def test_format_size(size, lang, label):
    # The decimal mark is an interface string of the language (data/ui/downloads.yml `decimal_mark`).
    assert format_size(size, strings(lang)["decimal_mark"]) == label


def test_view_links_per_page_and_groups(tmp_path):
    when = datetime(2026, 11, 23, tzinfo=timezone.utc)
    files = [DownloadFile(spec=s, path=tmp_path / s.filename, size=48_000, date=when, generated=True)
             for s in plan_downloads(load_pages(), "nl")]
    view = DownloadsView(files, "nl", strings("nl"))
    links = view.for_page("instrumenten/checklist-interne-communicatie.md")
    assert [link.format for link in links] == ["pdf", "docx", "odt", "xlsx"]
    assert links[0].details == "PDF, 48 kB"
    assert [link.filename for link in view.for_page("handleiding/02-starten.md")] == ["handleiding.pdf"]
    assert view.for_page("instrumenten/gids-starten.md") == []
    assert [g.kind for g in view.groups()] == ["checklist", "worksheet", "manual"]
    assert view.groups()[0].entries[0].title == "Checklist interne MVO-communicatie"


def test_ui_strings_have_the_same_keys_in_both_languages():
    nl, en = strings("nl"), strings("en")
    assert set(nl) == set(en)
    assert set(nl["formats"]) == set(en["formats"]) == {"pdf", "docx", "odt", "xlsx"}
    assert len(nl["status_options"]) == len(en["status_options"]) == 3
    assert nl["status_default"] in nl["status_options"] and en["status_default"] in en["status_options"]


def test_spec_is_hashable_and_frozen():
    spec = plan_downloads(load_pages(), "nl")[0]
    assert isinstance(spec, DownloadSpec) and hash(spec)
    with pytest.raises(AttributeError):
        spec.filename = "x.pdf"  # type: ignore[misc]
