"""OpenDocument Text (ODT) downloads with odfpy: the same structure as the DOCX files (a table per section with a
tick box and notes column for checklists; label and answer space for worksheets). A4, language in the default
style and in the metadata, one fixed date."""
from __future__ import annotations

import io

from odf import dc
from odf import meta as odfmeta
from odf.element import Element
from odf.namespaces import nsdict
from odf.opendocument import OpenDocumentText
from odf.style import (DefaultStyle, MasterPage, PageLayout, PageLayoutProperties, ParagraphProperties, Style,
                       TableCellProperties, TableColumnProperties, TableProperties, TableRowProperties,
                       TextProperties)
from odf.table import Table, TableCell, TableColumn, TableHeaderRows, TableRow
from odf.text import H, P

from kenniscentrum.downloads.common import (DocContext, colophon_lines, meta_value, normalize_zip, sections,
                                            table_columns)

BOX = "☐"
_TEXT_WIDTH_CM = 17.0


class _Styles:
    """The handful of named and automatic styles one document uses."""

    def __init__(self, document, ctx: DocContext):
        language, _, country = ctx.locale.partition("-")
        default = DefaultStyle(family="paragraph")
        default.addElement(TextProperties(language=language, country=country or "none", fontsize="10.5pt",
                                          fontfamily="Liberation Sans"))
        document.styles.addElement(default)

        self.standard = Style(name="Standard", family="paragraph")
        self.standard.addElement(ParagraphProperties(marginbottom="0.2cm"))
        document.styles.addElement(self.standard)
        self.headings = {}
        for level, size in ((1, "18pt"), (2, "13.5pt")):
            style = Style(name=f"Heading_20_{level}", displayname=f"Heading {level}", family="paragraph",
                          parentstylename="Standard", nextstylename="Standard", defaultoutlinelevel=str(level))
            style.addElement(ParagraphProperties(margintop="0.4cm", marginbottom="0.2cm", keepwithnext="always"))
            style.addElement(TextProperties(fontsize=size, fontweight="bold", color="#123d26"))
            document.styles.addElement(style)
            self.headings[level] = style

        def auto(name, family, *props, **attrs):
            style = Style(name=name, family=family, **attrs)
            for prop in props:
                style.addElement(prop)
            document.automaticstyles.addElement(style)
            return style

        self.italic = auto("P_italic", "paragraph", TextProperties(fontstyle="italic"), parentstylename="Standard")
        self.bold = auto("P_bold", "paragraph", TextProperties(fontweight="bold"), parentstylename="Standard")
        self.small = auto("P_small", "paragraph", TextProperties(fontsize="8.5pt"), parentstylename="Standard")
        self.help = auto("P_help", "paragraph", TextProperties(fontsize="9pt", fontstyle="italic"),
                         parentstylename="Standard")
        self.box = auto("P_box", "paragraph", TextProperties(fontsize="14pt"),
                        ParagraphProperties(textalign="center"), parentstylename="Standard")
        self.table = auto("Table", "table", TableProperties(width=f"{_TEXT_WIDTH_CM}cm", align="left"))
        self.cell = auto("Cell", "table-cell", TableCellProperties(border="0.5pt solid #777777", padding="0.12cm"))
        self.head_cell = auto("HeadCell", "table-cell", TableCellProperties(
            border="0.5pt solid #777777", padding="0.12cm", backgroundcolor="#e8f0eb"))
        self.answer_row = auto("AnswerRow", "table-row", TableRowProperties(minrowheight="3cm"))
        self.columns: dict[float, Style] = {}
        self._document = document

        layout = PageLayout(name="A4")
        layout.addElement(PageLayoutProperties(pagewidth="21cm", pageheight="29.7cm", printorientation="portrait",
                                               margintop="2cm", marginbottom="2cm", marginleft="2cm",
                                               marginright="2cm"))
        document.automaticstyles.addElement(layout)
        document.masterstyles.addElement(MasterPage(name="Standard", pagelayoutname=layout))

    def column(self, width_cm: float):
        if width_cm not in self.columns:
            style = Style(name=f"Col_{len(self.columns) + 1}", family="table-column")
            style.addElement(TableColumnProperties(columnwidth=f"{width_cm}cm"))
            self._document.automaticstyles.addElement(style)
            self.columns[width_cm] = style
        return self.columns[width_cm]


def _new_document(page, ctx: DocContext, howto: str):
    """A document with its metadata and styles, opened by the title, the summary and how to use it."""
    document = OpenDocumentText()
    styles = _Styles(document, ctx)
    title = str(meta_value(page, "title", ""))
    document.meta.addElement(dc.Title(text=title))
    summary = meta_value(page, "summary")
    if summary:
        document.meta.addElement(dc.Description(text=str(summary)))
    document.meta.addElement(dc.Language(text=ctx.locale))
    document.meta.addElement(dc.Creator(text=ctx.strings["doc_publisher"]))
    document.meta.addElement(odfmeta.InitialCreator(text=ctx.strings["doc_publisher"]))
    document.meta.addElement(odfmeta.CreationDate(text=ctx.iso_date.rstrip("Z")))
    document.meta.addElement(dc.Date(text=ctx.iso_date.rstrip("Z")))

    body = document.text
    body.addElement(H(outlinelevel=1, stylename=styles.headings[1], text=title))
    if summary:
        body.addElement(P(stylename=styles.standard, text=str(summary)))
    body.addElement(P(stylename=styles.italic, text=howto))
    return document, styles


def _table(document, styles: _Styles, ctx: DocContext, kind: str, number: int):
    """The table of section ``number`` of a ``checklist`` or ``worksheet``, with its header row."""
    headers, widths = table_columns(kind, ctx.strings)
    table = Table(name=f"{ctx.strings['col_section']} {number}", stylename=styles.table)
    for width in widths:
        table.addElement(TableColumn(stylename=styles.column(width)))
    head = TableHeaderRows()
    row = TableRow()
    for text in headers:
        cell = TableCell(stylename=styles.head_cell, valuetype="string")
        cell.addElement(P(stylename=styles.bold, text=text))
        row.addElement(cell)
    head.addElement(row)
    table.addElement(head)
    document.text.addElement(table)
    return table


def _cell(row, styles: _Styles, *paragraphs):
    cell = TableCell(stylename=styles.cell, valuetype="string")
    for paragraph in paragraphs or (P(stylename=styles.standard),):
        cell.addElement(paragraph)
    row.addElement(cell)
    return cell


def _colophon(document, styles: _Styles, page, ctx: DocContext) -> None:
    document.text.addElement(P(stylename=styles.standard))
    for line in colophon_lines(page, ctx):
        document.text.addElement(P(stylename=styles.small, text=line))


def _fix_namespaces() -> None:
    """odfpy declares every namespace it has seen *in this process* (a class-level dict, in first-use order), so
    output would depend on what was rendered before. Declare all known namespaces, always in the same order."""
    known = sorted(nsdict.items(), key=lambda item: item[1])
    Element.namespaces.clear()
    Element.namespaces.update(known)


def _save(document, ctx: DocContext) -> bytes:
    _fix_namespaces()
    buffer = io.BytesIO()
    document.write(buffer)
    return normalize_zip(buffer.getvalue(), ctx.date)


def render_checklist_odt(page, ctx: DocContext) -> bytes:
    s = ctx.strings
    document, styles = _new_document(page, ctx, s["checklist_howto"])
    for number, section in enumerate(sections(page, "checklist", "items"), start=1):
        document.text.addElement(H(outlinelevel=2, stylename=styles.headings[2], text=section["title"]))
        table = _table(document, styles, ctx, "checklist", number)
        for item in section["items"]:
            row = TableRow()
            _cell(row, styles, P(stylename=styles.box, text=BOX))
            _cell(row, styles, P(stylename=styles.standard, text=str(item.get("text", ""))))
            why = item.get("why")
            _cell(row, styles, *([P(stylename=styles.standard, text=str(why))] if why else []))
            _cell(row, styles)
            table.addElement(row)
    _colophon(document, styles, page, ctx)
    return _save(document, ctx)


def render_worksheet_odt(page, ctx: DocContext) -> bytes:
    s = ctx.strings
    document, styles = _new_document(page, ctx, s["worksheet_howto"])
    for number, section in enumerate(sections(page, "worksheet", "fields"), start=1):
        document.text.addElement(H(outlinelevel=2, stylename=styles.headings[2], text=section["title"]))
        table = _table(document, styles, ctx, "worksheet", number)
        for field in section["fields"]:
            row = TableRow(stylename=styles.answer_row)
            label = [P(stylename=styles.bold, text=str(field.get("label", "")))]
            if field.get("help"):
                label.append(P(stylename=styles.help, text=str(field["help"])))
            _cell(row, styles, *label)
            _cell(row, styles)
            table.addElement(row)
    _colophon(document, styles, page, ctx)
    return _save(document, ctx)
