"""One ledger as a Word document in Form A's layout, on the GB/T 9704 page of ``documents.layout``.

Landscape A4 (a six-column table, as the form is printed): the page helpers set the margins, fonts and page
numbers; the table is written here because its cells merge (the block names down column one, the activity
headings across two columns), which the template-oriented loop tables of ``documents.layout`` do not do.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Mm

from documents import layout

from . import form_a
from .models import Ledger

# Column widths (mm) within the 243 mm landscape text block: block name, then the five policy columns;
# the activity headings use 1–2, 3 and 4–5.
WIDTHS = (20, 60, 48, 35, 25, 55)


def _write(cell, text: str, *, bold: bool = False, centre: bool = False) -> None:
    """Cell text in 小四 on a fixed line; each line of ``text`` a paragraph of its own."""
    lines = text.split("\n") if text else [""]
    for i, line in enumerate(lines):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if centre else WD_ALIGN_PARAGRAPH.LEFT
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        p.paragraph_format.line_spacing = layout.TABLE_LINE
        run = p.add_run(line)
        run.font.size = layout.SIZE_SMALL_4
        if bold:
            layout.set_fonts(run._element.get_or_add_rPr(), layout.HEADING_FONT)


def ledger_document(ledger: Ledger) -> bytes:
    filled = form_a.fill(ledger)
    doc = Document()
    layout.setup_page(doc)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(28), Mm(26)
    section.left_margin, section.right_margin = Mm(27), Mm(27)

    layout.title(doc, form_a.TITLE)
    layout.paragraph(doc, f"{filled.unit_line}        {filled.quarter_line}        {filled.date_line}", align="left")

    activity_rows = filled.activities or [("", "", "")]
    policy_rows = filled.policies or [("", "", "", "", "")]
    rows = 1 + len(activity_rows) + 1 + len(policy_rows)
    table = doc.add_table(rows=rows, cols=6)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row in table.rows:
        for cell, width in zip(row.cells, WIDTHS, strict=True):
            cell.width = Mm(width)

    def activity_row(r: int, texts: tuple[str, str, str], bold: bool) -> None:
        _write(table.cell(r, 1).merge(table.cell(r, 2)), texts[0], bold=bold, centre=bold)
        _write(table.cell(r, 3), texts[1], bold=bold, centre=bold)
        _write(table.cell(r, 4).merge(table.cell(r, 5)), texts[2], bold=bold, centre=bold)

    activity_row(0, form_a.ACTIVITY_HEADINGS, True)
    for i, texts in enumerate(activity_rows, start=1):
        activity_row(i, texts, False)
    last = len(activity_rows)
    _write(table.cell(0, 0).merge(table.cell(last, 0)), form_a.ACTIVITY_BLOCK, bold=True, centre=True)

    top = last + 1
    for col, heading in enumerate(form_a.POLICY_HEADINGS, start=1):
        _write(table.cell(top, col), heading, bold=True, centre=True)
    for i, texts in enumerate(policy_rows, start=top + 1):
        for col, text in enumerate(texts, start=1):
            _write(table.cell(i, col), text, centre=col in (3, 4))
    _write(table.cell(top, 0).merge(table.cell(rows - 1, 0)), form_a.POLICY_BLOCK, bold=True, centre=True)

    for note in form_a.NOTES:
        layout.paragraph(doc, note, align="left", size=layout.SIZE_4)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
