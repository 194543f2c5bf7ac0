"""Every generated format, opened again with its own library: same items, same order, right language; the manual PDF
has one bookmark per chapter; regenerating gives the same bytes (kenniscentrum.downloads)."""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document
from odf import teletype
from odf.opendocument import load as load_odf
from odf.table import Table, TableRow
from odf.table import TableCell as OdfCell
from odf.text import P
from openpyxl import load_workbook
from pypdf import PdfReader

from kenniscentrum.downloads.produce import Settings, produce_downloads
from tests.support.downloads import load_pages
from tests.support.downloads import ui_strings as ui

ROOT = Path(__file__).resolve().parents[2]
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z
LOCALE = {"nl": "nl-BE", "en": "en-GB"}


def produce(cache_dir: Path, lang: str, pages=None, epoch=EPOCH):
    settings = Settings(cache_dir=cache_dir, template_dir=ROOT / "overrides" / "kc" / "print",
                        site_url="https://kenniscentrum.example/", environ={"SOURCE_DATE_EPOCH": epoch})
    return produce_downloads(pages or load_pages(), lang, ui(lang), settings,
                             labels={"licences": {"CC-BY-4.0": "CC BY 4.0"}})


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    cache = tmp_path_factory.mktemp("downloads")
    return {lang: {f.spec.filename: f for f in produce(cache, lang)} for lang in ("nl", "en")}


def page(lang, rel_path):
    return next(p for p in load_pages() if p.lang == lang and p.rel_path == rel_path)


CHECKLIST = "instrumenten/checklist-interne-communicatie.md"
WORKSHEET = "instrumenten/werkinstrument-rolbeschrijving-ambassadeur.md"


def items(lang):
    return [(s["title"], i) for s in page(lang, CHECKLIST).meta["checklist"]["sections"] for i in s["items"]]


def fields(lang):
    return [f for s in page(lang, WORKSHEET).meta["worksheet"]["sections"] for f in s["fields"]]


def file_of(generated, lang, kind, fmt):
    return next(f for f in generated[lang].values() if f.spec.kind == kind and f.spec.format == fmt)


def flat(text: str) -> str:
    """One line of text; a line broken after a hyphen ("part-\\ntime") is joined again."""
    return re.sub(r"\s+", " ", re.sub(r"-\n", "-", text)).strip()


# --- PDF ---------------------------------------------------------------------------------------------------------

def outline_titles(reader):
    top, nested = [], []
    for entry in reader.outline:
        (nested if isinstance(entry, list) else top).append(entry)
    return [e.title for e in top], nested


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_checklist_pdf_has_every_item_and_accessible_metadata(generated, lang):
    reader = PdfReader(file_of(generated, lang, "checklist", "pdf").path)
    text = flat(" ".join(p.extract_text() for p in reader.pages))
    for _, item in items(lang):
        assert flat(item["text"]) in text
        if item.get("why"):
            assert flat(item["why"]) in text
    assert text.count("☐") == len(items(lang))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == LOCALE[lang]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == page(lang, CHECKLIST).meta["title"]
    assert reader.metadata["/CreationDate"] == "D:20260101000000Z"
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "pdfuaid:part" in xmp
    top, nested = outline_titles(reader)
    assert top == [page(lang, CHECKLIST).meta["title"]]
    assert [e.title for e in nested[0]] == [s["title"] for s in page(lang, CHECKLIST).meta["checklist"]["sections"]]
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_manual_pdf_has_contents_and_one_bookmark_per_chapter(generated, lang):
    reader = PdfReader(file_of(generated, lang, "manual", "pdf").path)
    chapters = sorted((p for p in load_pages() if p.lang == lang and p.type == "chapter"),
                      key=lambda p: p.meta["order"])
    top, _ = outline_titles(reader)
    assert top == [c.meta["title"] for c in chapters]
    contents = flat(reader.pages[1].extract_text())
    for chapter in chapters:
        assert chapter.meta["title"] in contents
    text = flat(" ".join(p.extract_text() for p in reader.pages))
    assert ("Een strategie werkt pas" if lang == "nl" else "A strategy only works") in text
    assert reader.trailer["/Root"]["/Lang"] == LOCALE[lang]
    assert reader.metadata.title == page(lang, "handleiding/index.md").meta["title"]
    uris = [annot.get_object()["/A"].get("/URI") for p in reader.pages for annot in p.get("/Annots", [])
            if "/A" in annot.get_object()]
    assert not [u for u in uris if u and ".md" in u]  # links between pages became site URLs
    assert f"https://kenniscentrum.example/{'' if lang == 'nl' else 'en/'}instrumenten/checklist-interne-communicatie/" \
        in uris


# --- DOCX --------------------------------------------------------------------------------------------------------

def docx_language(document) -> str:
    lang = document.styles.element.find(".//{*}rPrDefault//{*}lang")
    return lang.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_checklist_docx_round_trip(generated, lang):
    document = Document(str(file_of(generated, lang, "checklist", "docx").path))
    s = ui(lang)
    rows = []
    for table in document.tables:
        header = [c.text for c in table.rows[0].cells]
        assert header == [s["col_check"], s["col_item"], s["col_why"], s["col_notes"]]
        rows.extend([c.text for c in row.cells] for row in table.rows[1:])
    assert [r[1] for r in rows] == [i["text"] for _, i in items(lang)]
    assert [r[2] for r in rows] == [i.get("why") or "" for _, i in items(lang)]
    assert all(r[3] == "" for r in rows)
    boxes = [row.cells[0]._tc for table in document.tables for row in table.rows[1:]]
    for box in boxes:  # a Word check-box content control that shows the ☐ character
        assert "".join(box.xpath(".//w:t/text()")) == "☐"
        assert box.findall(".//{http://schemas.microsoft.com/office/word/2010/wordml}checkbox")
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [page(lang, CHECKLIST).meta["title"]] + [s["title"] for s in
                                                                  page(lang, CHECKLIST).meta["checklist"]["sections"]]
    props = document.core_properties
    assert props.language == LOCALE[lang] and docx_language(document) == LOCALE[lang]
    assert props.title == page(lang, CHECKLIST).meta["title"]
    assert props.created.isoformat().startswith("2026-01-01T00:00:00")
    assert props.modified == props.created
    assert round(document.sections[0].page_width.cm, 1) == 21.0


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_worksheet_docx_round_trip(generated, lang):
    document = Document(str(file_of(generated, lang, "worksheet", "docx").path))
    rows = [row for table in document.tables for row in table.rows[1:]]
    labels = [row.cells[0].paragraphs[0].text for row in rows]
    assert labels == [f["label"] for f in fields(lang)]
    helps = [row.cells[0].paragraphs[1].text if len(row.cells[0].paragraphs) > 1 else None for row in rows]
    assert helps == [f.get("help") for f in fields(lang)]
    assert all(row.cells[1].text == "" for row in rows)
    assert document.core_properties.language == LOCALE[lang]


# --- ODT ---------------------------------------------------------------------------------------------------------

def odt_rows(path):
    document = load_odf(str(path))
    rows = []
    for table in document.getElementsByType(Table):
        for row in table.getElementsByType(TableRow):
            rows.append([[teletype.extractText(p) for p in cell.getElementsByType(P)]
                         for cell in row.getElementsByType(OdfCell)])
    return document, rows


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_checklist_odt_round_trip(generated, lang):
    path = file_of(generated, lang, "checklist", "odt").path
    document, rows = odt_rows(path)
    s = ui(lang)
    headers = [r for r in rows if r[1] == [s["col_item"]]]
    body = [r for r in rows if r[1] != [s["col_item"]]]
    assert len(headers) == len(page(lang, CHECKLIST).meta["checklist"]["sections"])
    assert [r[1][0] for r in body] == [i["text"] for _, i in items(lang)]
    assert [(r[2] or [""])[0] for r in body] == [i.get("why") or "" for _, i in items(lang)]
    assert all(r[0] == ["☐"] for r in body)
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist()[0] == "mimetype"
        assert archive.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        meta = archive.read("meta.xml").decode()
        styles = archive.read("styles.xml").decode()
    language, country = LOCALE[lang].split("-")
    assert f"<dc:language>{LOCALE[lang]}</dc:language>" in meta
    assert f'fo:language="{language}"' in styles and f'fo:country="{country}"' in styles
    assert "<meta:creation-date>2026-01-01T00:00:00</meta:creation-date>" in meta


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_worksheet_odt_round_trip(generated, lang):
    _, rows = odt_rows(file_of(generated, lang, "worksheet", "odt").path)
    body = [r for r in rows if r[1] != [ui(lang)["col_answer"]]]
    assert [r[0][0] for r in body] == [f["label"] for f in fields(lang)]
    assert [r[0][1] if len(r[0]) > 1 else None for r in body] == [f.get("help") for f in fields(lang)]
    assert all(r[1] in ([], [""]) for r in body)


# --- XLSX --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["nl", "en"])
def test_checklist_xlsx_round_trip(generated, lang):
    workbook = load_workbook(file_of(generated, lang, "checklist", "xlsx").path)
    s = ui(lang)
    sheet = workbook.worksheets[0]
    assert sheet.title == s["xlsx_sheet"]
    assert workbook.worksheets[1].title == s["xlsx_info_sheet"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (s["col_section"], s["col_id"], s["col_item"], s["col_why"], s["col_status"], s["col_notes"])
    expected = [(section, i["id"], i["text"], i.get("why") or None, s["status_default"], None)
                for section, i in items(lang)]
    assert rows[1:] == expected
    assert sheet.freeze_panes == "A2"
    validations = sheet.data_validations.dataValidation
    assert len(validations) == 1 and validations[0].type == "list"
    assert validations[0].formula1 == '"' + ",".join(s["status_options"]) + '"'
    assert "E2" in validations[0].sqref
    assert workbook.properties.language == LOCALE[lang]
    assert workbook.properties.created.isoformat() == "2026-01-01T00:00:00"
    assert workbook.properties.modified == workbook.properties.created


# --- reproducible ------------------------------------------------------------------------------------------------

def digests(files) -> dict[str, str]:
    return {f.spec.filename: hashlib.sha256(f.path.read_bytes()).hexdigest() for f in files}


def test_regeneration_is_byte_identical(generated, tmp_path):
    for lang in ("nl", "en"):
        again = produce(tmp_path / "again", lang)
        assert all(f.generated for f in again)
        assert digests(again) == digests(generated[lang].values())


def test_regeneration_in_a_fresh_process_is_byte_identical(generated, tmp_path):
    script = (
        "import hashlib, json, sys; sys.path.insert(0, sys.argv[1]); sys.path.insert(0, sys.argv[1] + '/tests/unit');"
        "from pathlib import Path; import test_downloads_formats as t;"
        "print(json.dumps({lang: t.digests(t.produce(Path(sys.argv[2]), lang)) for lang in ('nl', 'en')}))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    out = subprocess.run([sys.executable, "-c", script, str(ROOT), str(tmp_path)], env=env, check=True,
                         capture_output=True, text=True).stdout
    assert json.loads(out) == {lang: digests(generated[lang].values()) for lang in ("nl", "en")}


def test_zip_entries_carry_the_source_date(generated):
    for fmt in ("docx", "odt", "xlsx"):
        with zipfile.ZipFile(file_of(generated, "nl", "checklist", fmt).path) as archive:
            assert {info.date_time for info in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}


def test_another_source_date_changes_the_bytes(generated, tmp_path):
    other = produce(tmp_path, "nl", epoch="1798761600")  # 2027-01-01
    before, after = digests(generated["nl"].values()), digests(other)
    assert all(before[name] != after[name] for name in before)
    reader = PdfReader(io.BytesIO(next(f for f in other if f.spec.format == "pdf").path.read_bytes()))
    assert reader.metadata["/CreationDate"] == "D:20270101000000Z"
