"""Downloads in the real built site: every checklist, worksheet and manual of the real content, in both languages,
opened again (PDF text and bookmarks, DOCX/ODT/XLSX items) and linked from the pages with the right size."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from kenniscentrum.content import load_content
from kenniscentrum.downloads import plan_downloads
from kenniscentrum.downloads.common import page_path
from kenniscentrum.downloads.view import format_size
from tests.support.sitebuild import REPO

LANGS = ("nl", "en")


@pytest.fixture(scope="module")
def content():
    return load_content(REPO / "content", REPO / "data")


def published(content, lang):
    return [p for p in content.by_lang(lang) if not p.is_draft]


def flat(text: str) -> str:
    """One line of text; a line broken after a hyphen ("part-\\ntime") is joined again."""
    return re.sub(r"\s+", " ", re.sub(r"-\n", "-", text)).strip()


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href, self._text = dict(attrs).get("href"), []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, flat("".join(self._text))))
            self._href = None


def links_of(html_file):
    parser = _Links()
    parser.feed(html_file.read_text(encoding="utf-8"))
    return parser.links


@pytest.mark.parametrize("lang", LANGS)
def test_every_planned_file_is_published(built_site, content, lang):
    specs = plan_downloads(published(content, lang), lang)
    assert {s.kind for s in specs} == {"checklist", "worksheet", "scan", "manual"}  # scan: issue 17
    for spec in specs:
        assert (built_site / spec.url).is_file(), f"{spec.url} missing for {spec.source}"


@pytest.mark.parametrize("lang", LANGS)
def test_checklist_files_hold_every_item_in_order(built_site, content, lang):
    pages = {p.rel_path: p for p in published(content, lang)}
    for spec in plan_downloads(pages.values(), lang):
        if spec.kind != "checklist":
            continue
        items = [i for s in pages[spec.source].meta["checklist"]["sections"] for i in s["items"]]
        path = built_site / spec.url
        if spec.format == "pdf":
            text = flat(" ".join(page.extract_text() for page in PdfReader(path).pages))
            missing = [i["text"] for i in items if flat(i["text"]) not in text]
            assert not missing, f"{spec.url}: {missing}"
        elif spec.format == "docx":
            rows = [row.cells[1].text for table in Document(str(path)).tables for row in table.rows[1:]]
            assert rows == [i["text"] for i in items], spec.url
        elif spec.format == "xlsx":
            values = list(load_workbook(path).worksheets[0].iter_rows(min_row=2, values_only=True))
            assert [v[1] for v in values] == [i["id"] for i in items], spec.url


@pytest.mark.parametrize("lang", LANGS)
def test_manual_pdf_has_one_bookmark_per_chapter(built_site, content, lang):
    chapters = sorted((p for p in published(content, lang) if p.type == "chapter"), key=lambda p: p.meta["order"])
    manual = next(s for s in plan_downloads(published(content, lang), lang) if s.kind == "manual")
    reader = PdfReader(built_site / manual.url)
    top = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert top == [c.meta["title"] for c in chapters]
    assert reader.trailer["/Root"]["/Lang"] == {"nl": "nl-BE", "en": "en-GB"}[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_pages_link_their_downloads_with_format_and_size(built_site, content, lang):
    for spec in plan_downloads(published(content, lang), lang):
        size = format_size((built_site / spec.url).stat().st_size, lang)
        for rel_path in spec.linked_from:
            html = built_site / page_path(rel_path, lang) / "index.html"
            texts = [text for href, text in links_of(html) if href.endswith("downloads/" + spec.filename)]
            assert texts, f"{html} does not link {spec.filename}"
            assert texts[0].endswith(f", {size}"), f"{html}: link text {texts[0]!r} lacks the size {size}"


@pytest.mark.parametrize("lang", LANGS)
def test_downloads_page_lists_every_file(built_site, content, lang):
    page = built_site / ("" if lang == "nl" else "en/") / "downloads" / "index.html"
    hrefs = {href for href, _ in links_of(page)}
    for spec in plan_downloads(published(content, lang), lang):
        assert spec.filename in hrefs, f"{page} does not list {spec.filename}"
