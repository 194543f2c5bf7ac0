"""Word (DOCX) downloads with python-docx: a checklist with tick boxes and a notes column, and a worksheet template
with room for the answers. A4, document language in the core properties and in the default text style (so spell
checking uses it), table header rows repeated on every page, one fixed date."""
from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from kenniscentrum.downloads.common import (DocContext, colophon_lines, meta_value, normalize_zip, sections,
                                            table_columns)

BOX = "☐"  # U+2610 BALLOT BOX


def _new_document(page, ctx: DocContext):
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin = section.bottom_margin = Cm(2.0)

    # Language of all text: the default run properties of the styles part.
    styles = document.styles.element
    rpr_default = styles.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if rpr_default is not None:
        for old in rpr_default.findall(qn("w:lang")):
            rpr_default.remove(old)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), ctx.locale)
        lang.set(qn("w:eastAsia"), ctx.locale)
        lang.set(qn("w:bidi"), ctx.locale)
        rpr_default.append(lang)
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)

    props = document.core_properties
    props.title = str(meta_value(page, "title", ""))
    props.subject = str(meta_value(page, "summary", "") or "")
    props.author = ctx.strings["doc_publisher"]
    props.last_modified_by = ctx.strings["doc_publisher"]
    props.language = ctx.locale
    props.created = props.modified = props.last_printed = ctx.date.replace(tzinfo=None)
    props.revision = 1
    props.comments = ""
    props.keywords = ""
    props.category = ""
    return document


def _tick_box(cell, label: str) -> None:
    """A Word check-box content control showing ☐ (☒ once ticked): clickable in Word, and still the plain ☐
    character for any program that ignores content controls (they sit in ``mc:Ignorable`` w14)."""
    paragraph = cell.paragraphs[0]
    sdt = OxmlElement("w:sdt")
    sdt_pr = OxmlElement("w:sdtPr")
    alias = OxmlElement("w:alias")
    alias.set(qn("w:val"), label)
    sdt_pr.append(alias)
    checkbox = OxmlElement("w14:checkbox")
    for tag, attrs in (("w14:checked", {"w14:val": "0"}),
                       ("w14:checkedState", {"w14:val": "2612", "w14:font": "MS Gothic"}),
                       ("w14:uncheckedState", {"w14:val": "2610", "w14:font": "MS Gothic"})):
        child = OxmlElement(tag)
        for name, value in attrs.items():
            child.set(qn(name), value)
        checkbox.append(child)
    sdt_pr.append(checkbox)
    sdt.append(sdt_pr)
    content = OxmlElement("w:sdtContent")
    run = OxmlElement("w:r")
    r_pr = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "28")
    r_pr.append(size)
    run.append(r_pr)
    text = OxmlElement("w:t")
    text.text = BOX
    run.append(text)
    content.append(run)
    sdt.append(content)
    paragraph._p.append(sdt)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _table(document, ctx: DocContext, kind: str):
    """A ``checklist`` or ``worksheet`` table with its bold header row (repeated on every page); the column widths
    are set by :func:`_widths` once the rows are in."""
    headers, widths = table_columns(kind, ctx.strings)
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    _repeat_header(table.rows[0])
    return table, widths


def _widths(table, widths_cm) -> None:
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)


def _intro(document, page, ctx: DocContext, howto: str) -> None:
    document.add_heading(str(meta_value(page, "title", "")), level=1)
    summary = meta_value(page, "summary")
    if summary:
        document.add_paragraph(str(summary))
    document.add_paragraph().add_run(howto).italic = True


def _colophon(document, page, ctx: DocContext) -> None:
    for line in colophon_lines(page, ctx):
        run = document.add_paragraph().add_run(line)
        run.font.size = Pt(8.5)


def _save(document, ctx: DocContext) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return normalize_zip(buffer.getvalue(), ctx.date)


def render_checklist_docx(page, ctx: DocContext) -> bytes:
    s = ctx.strings
    document = _new_document(page, ctx)
    _intro(document, page, ctx, s["checklist_howto"])
    for section in sections(page, "checklist", "items"):
        document.add_heading(section["title"], level=2)
        table, widths = _table(document, ctx, "checklist")
        for item in section["items"]:
            cells = table.add_row().cells
            _tick_box(cells[0], f"{s['col_check']}: {item.get('id', '')}")
            cells[1].text = str(item.get("text", ""))
            cells[2].text = str(item.get("why", "") or "")
            cells[3].text = ""
        _widths(table, widths)
    _colophon(document, page, ctx)
    return _save(document, ctx)


def render_worksheet_docx(page, ctx: DocContext) -> bytes:
    s = ctx.strings
    document = _new_document(page, ctx)
    _intro(document, page, ctx, s["worksheet_howto"])
    for section in sections(page, "worksheet", "fields"):
        document.add_heading(section["title"], level=2)
        table, widths = _table(document, ctx, "worksheet")
        for field in section["fields"]:
            row = table.add_row()
            row.height = Cm(3.0)
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
            label_cell, answer_cell = row.cells
            label_cell.text = str(field.get("label", ""))
            label_cell.paragraphs[0].runs[0].bold = True
            if field.get("help"):
                run = label_cell.add_paragraph().add_run(str(field["help"]))
                run.italic = True
                run.font.size = Pt(9)
            answer_cell.text = ""
        _widths(table, widths)
    _colophon(document, page, ctx)
    return _save(document, ctx)
