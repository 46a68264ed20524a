"""The official page after GB/T 9704-2012 (党政机关公文格式), as python-docx building blocks.

A4, margins top 37 mm / bottom 35 mm / left 28 mm / right 26 mm (a 156 × 225 mm text block); body in
仿宋_GB2312 3号 (16 pt) on a fixed 28.95 pt line, which gives the standard 22 lines of 28 characters;
title in 方正小标宋简体 2号 (22 pt), centred; issuer line in red, the 文号 centred under it with 〔〕,
a red rule below; page numbers "— 1 —" in 宋体 4号.

The fonts are named through ``w:rFonts w:eastAsia`` (python-docx's ``font.name`` sets only the Latin
slots, so Chinese text would fall back to whatever the reader's default is), and each is declared in
the font table with an ``altName`` that ships with every Chinese Windows (宋体, 仿宋, 黑体, 楷体): a
machine without the FZ or GB2312 fonts substitutes those instead of a Latin face.

Template text passed to these helpers may contain Jinja tags; each string becomes exactly one Word
run, so a tag is never split across runs (docxtpl requires this).
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
# Substitutes written into the font table (w:altName) for machines without the official fonts.
FALLBACKS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", SUBHEADING_FONT: "楷体", HEADING_FONT: "SimHei"}

SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
SIZE_SMALL_4 = Pt(12)  # 小四, for tables
LINE = Pt(28.95)  # 225 mm / 22 lines
TABLE_LINE = Pt(20)
RED = RGBColor(0xFF, 0x00, 0x00)
TEXT_WIDTH_MM = 210 - 28 - 26


def set_fonts(rpr, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Name the fonts on a run or style's ``w:rPr``, removing theme fonts that would override them."""
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:hint"), "eastAsia")


def setup_page(doc: DocxDocument) -> None:
    """A4 with the standard margins, body defaults in the Normal style, page numbers in the footer."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(25)

    # Document defaults first: the template's theme fonts would otherwise win where a style is silent.
    rpr_default = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr_default, BODY_FONT)
    for lang in rpr_default.findall(qn("w:lang")):
        lang.set(qn("w:val"), "zh-CN")
        lang.set(qn("w:eastAsia"), "zh-CN")
    ppr_default = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for spacing in ppr_default.findall(qn("w:spacing")):
        ppr_default.remove(spacing)

    normal = doc.styles["Normal"]
    set_fonts(normal.element.get_or_add_rPr(), BODY_FONT)
    normal.font.size = SIZE_3
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.widow_control = False

    _declare_fonts(doc)
    _page_number_footer(section)


def _declare_fonts(doc: DocxDocument) -> None:
    part = next(p for p in doc.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
    table = parse_xml(part.blob)
    for name, alt in FALLBACKS.items():
        family = "modern" if name == HEADING_FONT else "roman"
        table.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
                f'<w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
            )
        )
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_number_footer(section) -> None:
    """ "— 1 —" in 宋体 4号, centred (GB/T 9704 §7.5 puts it outside; centred reads the same on both sides)."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run("— ")
    _style_run(run, PAGE_NUMBER_FONT, SIZE_4)
    field = parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>')
    paragraph._p.append(field)
    run = paragraph.add_run(" —")
    _style_run(run, PAGE_NUMBER_FONT, SIZE_4)


def _style_run(run, east_asia: str | None = None, size: Pt | None = None, bold: bool = False, color=None) -> None:
    if east_asia:
        set_fonts(run._element.get_or_add_rPr(), east_asia)
    if size:
        run.font.size = size
    if bold:
        run.bold = True
    if color is not None:
        run.font.color.rgb = color


def paragraph(
    doc: DocxDocument,
    *runs: str,
    align: str = "justify",
    indent: bool = False,
    font: str | None = None,
    size: Pt | None = None,
    bold: bool = False,
    color=None,
    right_indent_chars: int = 0,
) -> Paragraph:
    """A body paragraph; ``indent`` gives the two-character first-line indent of running text."""
    p = doc.add_paragraph()
    p.alignment = {
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    if indent:
        p.paragraph_format.first_line_indent = Pt(32)
    if right_indent_chars:
        p.paragraph_format.right_indent = Pt(16 * right_indent_chars)
    for text in runs:
        _style_run(p.add_run(text), font, size, bold, color)
    return p


def red_head(doc: DocxDocument) -> None:
    """The issuer line in red 小标宋, the 文号 centred under it, a red rule across the text block."""
    paragraph(doc, "{{ issuer_name }}", align="center", font=TITLE_FONT, size=Pt(26), color=RED)
    number = paragraph(doc, "{{ number }}", align="center")
    number.paragraph_format.space_before = Pt(14)
    border = parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="12" w:space="4" w:color="FF0000"/></w:pBdr>'
    )
    number._p.get_or_add_pPr().append(border)


def title(doc: DocxDocument, text: str = "{{ title }}") -> None:
    """The heading in 方正小标宋简体 2号, centred, with a blank line's space above and below."""
    p = paragraph(doc, text, align="center", font=TITLE_FONT, size=SIZE_2)
    p.paragraph_format.line_spacing = Pt(36)
    p.paragraph_format.space_before = Pt(28)
    p.paragraph_format.space_after = Pt(28)


def heading(doc: DocxDocument, *runs: str) -> Paragraph:
    """A first-level heading ("一、…") in 黑体, indented like running text."""
    return paragraph(doc, *runs, indent=True, font=HEADING_FONT)


def sign_off(doc: DocxDocument, signer: str = "{{ issuer_name }}", date: str = "{{ date|cn_date }}") -> None:
    """The signer and the date, right-aligned, the date four characters from the edge (GB/T 9704 §7.3.5)."""
    paragraph(doc, "")
    paragraph(doc, signer, align="right", right_indent_chars=2)
    paragraph(doc, date, align="right", right_indent_chars=4)


def _cell_text(cell, text: str, bold: bool = False, align: str = "center") -> None:
    p = cell.paragraphs[0]
    p.alignment = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = TABLE_LINE
    run = p.add_run(text)
    _style_run(run, HEADING_FONT if bold else None, SIZE_SMALL_4)


def _new_table(doc: DocxDocument, rows: int, widths_mm: Sequence[float]) -> Table:
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
    return table


def loop_table(
    doc: DocxDocument, headers: Sequence[str], loop: str, cells: Sequence[str], widths_mm: Sequence[float]
) -> Table:
    """A header row, then one row per item: ``loop`` is e.g. ``m in materials``.

    docxtpl replaces the whole row holding ``{%tr for %}`` (and ``{%tr endfor %}``), so those tags get
    rows of their own around the one row that repeats.
    """
    table = _new_table(doc, 4, widths_mm)
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell_text(cell, text, bold=True)
    _cell_text(table.rows[1].cells[0], f"{{%tr for {loop} %}}")
    for cell, text in zip(table.rows[2].cells, cells, strict=True):
        _cell_text(cell, text, align=_align(text))
    _cell_text(table.rows[3].cells[0], "{%tr endfor %}")
    return table


def _align(text: str) -> str:
    if text.startswith("{{ loop"):
        return "center"
    return "right" if "|money" in text else "left"  # amounts line up on the decimal point


def add_row(table: Table, cells: Sequence[str], bold: bool = False) -> None:
    row = table.add_row()
    for cell, text in zip(row.cells, cells, strict=True):
        _cell_text(cell, text, bold=bold, align="right" if "|money" in text else "center")


def field_table(doc: DocxDocument, pairs: Sequence[tuple[str, str]], widths_mm: Sequence[float] = (45, 111)) -> Table:
    """Label / value rows, e.g. ("企业名称", "{{ enterprise.name }}")."""
    table = _new_table(doc, len(pairs), widths_mm)
    for row, (label, value) in zip(table.rows, pairs, strict=True):
        _cell_text(row.cells[0], label, bold=True)
        _cell_text(row.cells[1], value, align="left")
    return table


def record_loop_table(doc: DocxDocument, columns: str, rows: str) -> Table:
    """One block per row, each cell on a line of its own under its column label: ``columns`` names a list
    of labels, ``rows`` a list of lists of cells in the same order.

    Transposed rather than one column per label because the caller decides the columns (eight for an
    insurance policy, seven for a loan) and eight columns do not fit a portrait text block legibly.
    The nested ``{%tr for %}`` loops each have rows of their own, as docxtpl requires.
    """
    table = _new_table(doc, 6, (45, 111))
    _cell_text(table.rows[0].cells[0], f"{{%tr for row in {rows} %}}")
    block = table.rows[1].cells[0].merge(table.rows[1].cells[1])
    _cell_text(block, "第{{ loop.index }}项", bold=True)
    _cell_text(table.rows[2].cells[0], "{%tr for cell in row %}")
    _cell_text(table.rows[3].cells[0], f"{{{{ {columns}[loop.index0] }}}}", bold=True)
    _cell_text(table.rows[3].cells[1], "{{ cell|fmt }}", align="left")
    _cell_text(table.rows[4].cells[0], "{%tr endfor %}")
    _cell_text(table.rows[5].cells[0], "{%tr endfor %}")
    return table
