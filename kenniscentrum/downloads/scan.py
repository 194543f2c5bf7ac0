"""Downloads of a scan (instrument ``kind: scan``): the questionnaire on paper (PDF, DOCX) and an Excel workbook that
computes the theme scores with formulas once the reader picks the answers.

Everything comes from the same front matter as the web page, and the scoring rule is the one of
:func:`kenniscentrum.model.scan.theme_scores` (the scale is :data:`kenniscentrum.model.scan.SCALE`):

* XLSX: sheet 1 has one row per question (theme, id, question, weight, answer with a drop-down of the four localized
  answers, points, counted weight, weighted points); sheet 2 has one row per theme with
  ``ROUND(SUMIF(weighted points) / SUMIF(counted weight), 0)``, empty when nothing counts. tests/unit/
  test_scan_downloads.py evaluates the formulas with a formula engine and compares them with the Python scores.
* PDF and DOCX: per theme a table with the question and a box per answer, and the scoring rule.
"""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from kenniscentrum.downloads.common import DocContext, meta_value
from kenniscentrum.downloads.xlsx import finish_workbook, sheet_title
from kenniscentrum.model.scan import SCALE

#: Columns of the questions sheet (letters are used in the formulas below).
COL_THEME, COL_ID, COL_QUESTION, COL_WEIGHT, COL_ANSWER, COL_POINTS, COL_COUNTED, COL_WEIGHTED = "ABCDEFGH"


def scan_themes(page, ctx: DocContext) -> list[dict]:
    """The scan as plain dicts: ``[{id, label, intro, questions: [{id, text, help, weight, legal, source, vsme}]}]``."""
    data = meta_value(page, "scan") or {}
    out = []
    for theme in data.get("themes", []) or []:
        out.append({
            "id": str(theme["id"]),
            "label": ctx.label("themes", theme["id"]),
            "intro": str(theme.get("intro") or ""),
            "questions": [{
                "id": str(q["id"]), "text": str(q["text"]), "help": str(q.get("help") or ""),
                "weight": int(q.get("weight", 1)), "legal": q.get("obligation") == "legal",
                "source": dict(q["source"]) if q.get("source") else None,
                "vsme": [str(v) for v in q.get("vsme") or []],
            } for q in theme.get("questions", []) or []],
        })
    return out


def answer_labels(ctx: DocContext) -> list[tuple[str, str, int | None]]:
    """[(answer id, label in the document's language, score or None), ...] in scale order."""
    labels = ctx.strings["scan"]["answers"]
    return [(answer, str(labels[answer]), score) for answer, score in SCALE]


# --- XLSX --------------------------------------------------------------------------------------------------------

def render_scan_xlsx(page, ctx: DocContext) -> bytes:
    t = ctx.strings["scan"]
    answers = answer_labels(ctx)
    themes = scan_themes(page, ctx)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(t["xlsx_sheet_questions"])
    headers = (t["xlsx_col_theme"], t["xlsx_col_id"], t["xlsx_col_question"], t["xlsx_col_weight"],
               t["xlsx_col_answer"], t["xlsx_col_points"], t["xlsx_col_counted"], t["xlsx_col_weighted"])
    sheet.append(headers)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="E8F0EB")
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
    wrap = Alignment(wrap_text=True, vertical="top")
    row = 1
    for theme in themes:
        for q in theme["questions"]:
            row += 1
            e = f"{COL_ANSWER}{row}"
            scored = [(label, score) for _, label, score in answers if score is not None]
            points = '""'
            for label, score in reversed(scored):
                points = f'IF({e}="{_quote(label)}",{score},{points})'
            counted = "OR(" + ",".join(f'{e}="{_quote(label)}"' for label, _ in scored) + ")"
            sheet.append((theme["label"], q["id"], q["text"], q["weight"], None,
                          f"={points}", f"=IF({counted},{COL_WEIGHT}{row},0)",
                          f"=IF({COL_COUNTED}{row}=0,0,{COL_COUNTED}{row}*{COL_POINTS}{row})"))
            for cell in sheet[row]:
                cell.alignment = wrap
    last = max(row, 2)
    for column, width in zip("ABCDEFGH", (24, 18, 60, 9, 22, 9, 11, 12)):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    options = ",".join(label for _, label, _ in answers)
    validation = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True, showDropDown=False,
                                showErrorMessage=True, showInputMessage=True, errorStyle="stop",
                                promptTitle=t["xlsx_col_answer"], prompt=t["xlsx_answer_prompt"],
                                errorTitle=t["xlsx_col_answer"], error=t["xlsx_answer_error"])
    validation.add(f"{COL_ANSWER}2:{COL_ANSWER}{last}")
    sheet.add_data_validation(validation)

    results = workbook.create_sheet(sheet_title(t["xlsx_sheet_scores"]))
    results.append((t["xlsx_col_theme"], t["xlsx_col_score"]))
    for cell in results[1]:
        cell.font, cell.fill = bold, fill
    q = f"'{sheet.title}'!"
    themes_range = f"{q}${COL_THEME}$2:${COL_THEME}${last}"
    for i, theme in enumerate(themes, start=2):
        counted = f"SUMIF({themes_range},A{i},{q}${COL_COUNTED}$2:${COL_COUNTED}${last})"
        weighted = f"SUMIF({themes_range},A{i},{q}${COL_WEIGHTED}$2:${COL_WEIGHTED}${last})"
        results.append((theme["label"], f'=IF({counted}=0,"",ROUND({weighted}/{counted},0))'))
    results.column_dimensions["A"].width = 34
    results.column_dimensions["B"].width = 10
    results.append(())
    for line in (t["scoring_rule"], t["scoring_example"]):
        results.append((line,))
        results.cell(results.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")

    return finish_workbook(workbook, page, ctx, t["xlsx_howto"])


def _quote(text: str) -> str:
    return text.replace('"', '""')


# --- PDF -----------------------------------------------------------------------------------------------------------

def render_scan_pdf(page, ctx: DocContext, template_dir: Path) -> bytes:
    from kenniscentrum.downloads.pdf import _doc, _environment, _write_pdf

    template_dir = Path(template_dir)
    html = _environment(str(template_dir)).get_template("scan.html").render(
        ctx=ctx, s=ctx.strings, t=ctx.strings["scan"], doc=_doc(page, ctx), themes=scan_themes(page, ctx),
        answers=answer_labels(ctx),
    )
    return _write_pdf(html, template_dir, template_dir)


# --- DOCX ----------------------------------------------------------------------------------------------------------

def render_scan_docx(page, ctx: DocContext) -> bytes:
    from docx.shared import Pt

    from kenniscentrum.downloads.docx import BOX, _colophon, _intro, _new_document, _repeat_header, _save, _widths

    t = ctx.strings["scan"]
    answers = answer_labels(ctx)
    document = _new_document(page, ctx)
    _intro(document, page, ctx, t["intro_nojs"])
    document.add_heading(t["scoring_heading"], level=2)
    document.add_paragraph(t["scoring_rule"])
    document.add_paragraph(t["scoring_example"])
    for theme in scan_themes(page, ctx):
        document.add_heading(theme["label"], level=2)
        if theme["intro"]:
            document.add_paragraph(theme["intro"])
        table = document.add_table(rows=1, cols=1 + len(answers))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, [t["xlsx_col_question"]] + [label for _, label, _ in answers]):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        _repeat_header(table.rows[0])
        for q in theme["questions"]:
            cells = table.add_row().cells
            cells[0].text = q["text"]
            notes = _facts(q, t)
            if notes:
                run = cells[0].add_paragraph().add_run(notes)
                run.italic = True
                run.font.size = Pt(8.5)
            for cell in cells[1:]:
                cell.text = BOX
        _widths(table, [8.6] + [2.1] * len(answers))
    _colophon(document, page, ctx)
    return _save(document, ctx)


def _facts(q: dict, t: dict) -> str:
    parts = []
    if q["weight"] != 1:
        parts.append(t["weight"].replace("{weight}", str(q["weight"])))
    if q["legal"]:
        source = q["source"] or {}
        parts.append(f"{t['legal']} — {t['legal_source']} {source.get('title', '')} ({source.get('url', '')})")
    if q["vsme"]:
        parts.append(f"{t['vsme']}: {', '.join(q['vsme'])}")
    if q["help"]:
        parts.append(q["help"])
    return " · ".join(parts)
