"""The scan's downloads (kenniscentrum.downloads.scan): the XLSX computes, with its own formulas, the same theme scores
as the Python scoring rule (and so as the web tool) for the same answers; PDF and DOCX carry every question.

The formulas are evaluated by an independent formula engine (`formulas`, pinned in requirements.txt), not read from a
cache: openpyxl writes formulas without results, so a number appears only if the engine computed it."""
from __future__ import annotations

import io
import math
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from kenniscentrum.downloads import plan_downloads
from kenniscentrum.downloads.common import DocContext
from kenniscentrum.downloads.scan import answer_labels, render_scan_docx, render_scan_pdf, render_scan_xlsx
from kenniscentrum.model.scan import ANSWERS, theme_scores
from tests.support.downloads import ui_strings
from tests.support.sitebuild import REPO

SCANS = ("instrumenten/mvo-scan-kmo.md", "instrumenten/mvo-scan-lokale-besturen.md")


class Page:
    def __init__(self, lang: str, rel_path: str):
        text = (REPO / "content" / lang / rel_path).read_text(encoding="utf-8")
        self.lang, self.rel_path, self.type, self.is_draft = lang, rel_path, "instrument", False
        self.meta, self.body = yaml.safe_load(text.split("---\n")[1]), ""


def context(lang: str) -> DocContext:
    strings = {**ui_strings(lang), "scan": yaml.safe_load((REPO / "data/ui/scan.yml").read_text("utf-8"))[lang]}
    vocab = yaml.safe_load((REPO / "data/vocabularies" / f"{lang}.yml").read_text("utf-8"))
    labels = {name: {str(i["id"]): i["label"] for i in vocab[name]} for name in ("licences", "themes")}
    return DocContext(lang=lang, strings=strings, date=datetime(2026, 1, 1, tzinfo=timezone.utc),
                      date_label="1 januari 2026", site_url="https://kenniscentrum.example/", labels=labels)


def half_up(x):
    return None if x is None else math.floor(x + 0.5)


def patterns(ids):
    yield "mixed", {q: ANSWERS[(i * 7 + 3) % 4] for i, q in enumerate(ids)}
    yield "all-in-place", {q: "in-place" for q in ids}
    yield "half-empty", {q: ANSWERS[i % 3] for i, q in enumerate(ids) if i % 2}
    yield "all-na", {q: "not-applicable" for q in ids}


def evaluate(xlsx: bytes, answers: dict, labels: dict, tmp_path: Path) -> dict[str, object]:
    """Fill in the answers as a reader would (the answer column), then let the formula engine compute the scores."""
    import formulas

    book = load_workbook(io.BytesIO(xlsx))
    questions, scores = book.worksheets[0], book.worksheets[1]
    for row in questions.iter_rows(min_row=2):
        qid = row[1].value
        if qid in answers:
            row[4].value = labels[answers[qid]]
    path = tmp_path / "filled.xlsx"
    book.save(path)
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    out = {}
    for r in range(2, scores.max_row + 1):
        label = scores.cell(r, 1).value
        if not label or not str(scores.cell(r, 2).value or "").startswith("="):
            continue
        key = f"'[{path.name}]{scores.title.upper()}'!B{r}"
        value = solution[key].value[0, 0]
        out[label] = None if value in ("", None) else int(value)
    return out


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("rel_path", SCANS)
def test_xlsx_formulas_compute_the_python_scores(lang, rel_path, tmp_path):
    page, ctx = Page(lang, rel_path), context(lang)
    xlsx = render_scan_xlsx(page, ctx)
    labels = {answer: label for answer, label, _ in answer_labels(ctx)}
    theme_label = ctx.labels["themes"]
    ids = [q["id"] for t in page.meta["scan"]["themes"] for q in t["questions"]]
    for name, answers in patterns(ids):
        expected = {theme_label[t]: half_up(s) for t, s in theme_scores(page.meta["scan"], answers).items()}
        assert evaluate(xlsx, answers, labels, tmp_path) == expected, name


def test_xlsx_offers_the_four_answers_as_a_drop_down():
    page, ctx = Page("nl", SCANS[0]), context("nl")
    book = load_workbook(io.BytesIO(render_scan_xlsx(page, ctx)))
    validation = book.worksheets[0].data_validations.dataValidation[0]
    assert validation.type == "list"
    assert validation.formula1 == '"Nog niet gestart,Gestart,In orde,Niet van toepassing"'
    assert str(validation.sqref) == f"E2:E{1 + sum(len(t['questions']) for t in page.meta['scan']['themes'])}"


def test_xlsx_is_reproducible():
    page, ctx = Page("en", SCANS[1]), context("en")
    assert render_scan_xlsx(page, ctx) == render_scan_xlsx(page, ctx)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_docx_and_pdf_carry_every_question_and_the_rule(lang):
    page, ctx = Page(lang, SCANS[0]), context(lang)
    questions = [q["text"] for t in page.meta["scan"]["themes"] for q in t["questions"]]
    doc = Document(io.BytesIO(render_scan_docx(page, ctx)))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for table in doc.tables for row in table.rows for c in row.cells)
    assert all(q in text for q in questions)
    assert ctx.strings["scan"]["scoring_rule"].split(":")[0] in text
    pdf = PdfReader(io.BytesIO(render_scan_pdf(page, ctx, REPO / "overrides" / "kc" / "print")))
    flat = " ".join(" ".join((pg.extract_text() or "").split()) for pg in pdf.pages)
    assert questions[0].split()[0] in flat and ctx.strings["scan"]["scoring_heading"] in flat


def test_scans_are_planned_as_pdf_docx_and_xlsx():
    pages = [Page("nl", p) for p in SCANS]
    specs = plan_downloads(pages, "nl")
    assert [(s.kind, s.filename) for s in specs] == [
        ("scan", "mvo-scan-kmo.pdf"), ("scan", "mvo-scan-kmo.docx"), ("scan", "mvo-scan-kmo.xlsx"),
        ("scan", "mvo-scan-lokale-besturen.pdf"), ("scan", "mvo-scan-lokale-besturen.docx"),
        ("scan", "mvo-scan-lokale-besturen.xlsx")]
