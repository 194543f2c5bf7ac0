"""Excel (XLSX) download of a checklist with openpyxl: one row per item (section, id, item, why, status, notes).

The status column only accepts the localized options (done / not applicable / open) through data validation and
starts at "open"; the header row is frozen and filterable. A second sheet says what the list is and where it lives.
Language and the one fixed date are in the core properties; the ZIP is normalized like the other formats."""
from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

from kenniscentrum.downloads.common import DocContext, colophon_lines, meta_value, normalize_zip, sections

_FORBIDDEN = set('[]:*?/\\')


def sheet_title(text: str) -> str:
    """Excel allows at most 31 characters and none of ``[]:*?/\\`` in a sheet name."""
    cleaned = "".join(" " if ch in _FORBIDDEN else ch for ch in text).strip()
    return cleaned[:31] or "Sheet"


def finish_workbook(workbook: Workbook, page, ctx: DocContext, howto: str) -> bytes:
    """The parts every spreadsheet download shares: an information sheet (title, summary, how to use it, colophon),
    the document properties, and bytes that do not depend on when they were written."""
    s = ctx.strings
    info = workbook.create_sheet(sheet_title(s["xlsx_info_sheet"]))
    info.append((str(meta_value(page, "title", "")),))
    info["A1"].font = Font(bold=True, size=14)
    summary = meta_value(page, "summary")
    if summary:
        info.append((str(summary),))
    info.append((howto,))
    info.append(())
    for line in colophon_lines(page, ctx):
        info.append((line,))
    info.column_dimensions["A"].width = 100
    for row in info.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    props = workbook.properties
    props.title = str(meta_value(page, "title", ""))
    props.subject = str(summary or "")
    props.creator = props.lastModifiedBy = s["doc_publisher"]
    props.language = ctx.locale
    props.created = props.modified = ctx.date.replace(tzinfo=None)

    # ExcelWriter directly: openpyxl's save_workbook() would stamp the current time into `modified`.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return normalize_zip(buffer.getvalue(), ctx.date)


def render_checklist_xlsx(page, ctx: DocContext) -> bytes:
    s = ctx.strings
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(s["xlsx_sheet"])

    headers = (s["col_section"], s["col_id"], s["col_item"], s["col_why"], s["col_status"], s["col_notes"])
    sheet.append(headers)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E8F0EB")
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = fill
    wrap = Alignment(wrap_text=True, vertical="top")
    rows = 1
    for section in sections(page, "checklist", "items"):
        for item in section["items"]:
            sheet.append((section["title"], str(item.get("id", "")), str(item.get("text", "")),
                          str(item.get("why", "") or ""), s["status_default"], ""))
            rows += 1
            for cell in sheet[rows]:
                cell.alignment = wrap
    for column, width in zip("ABCDEF", (22, 18, 60, 45, 20, 45)):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:F{rows}"

    options = ",".join(s["status_options"])
    validation = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True, showDropDown=False,
                                showErrorMessage=True, showInputMessage=True, errorStyle="stop",
                                promptTitle=s["col_status"], prompt=s["xlsx_status_prompt"],
                                errorTitle=s["col_status"], error=s["xlsx_status_error"])
    validation.add(f"E2:E{max(rows, 2) + 200}")  # room for items the reader adds below
    sheet.add_data_validation(validation)

    return finish_workbook(workbook, page, ctx, s["checklist_howto"])
