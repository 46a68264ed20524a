"""Excel at the border for the survey: the template, the checks before openpyxl opens a file, and the user's own
workbook handed back with its bad cells marked.

Reading the data rows reuses ``patents.xlsx.read_sheet`` (content check, exact headers, formulas, merged cells,
row limit, streamed ``read_only``). Before it, ``refuse_bombs`` caps the *uncompressed* size from the zip's
directory, because openpyxl would otherwise inflate whatever the file claims. ``mark_problems`` reopens the
uploaded workbook in normal mode — every sheet and row stays where it was — fills each bad cell light red and
attaches a comment saying what is wrong; it runs only for refused files.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from patents.xlsx import WorkbookRefused

from . import formb

MAX_ROWS = 20_000
MAX_UPLOAD_BYTES = 25 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024  # a 20,000-row sheet of this template inflates to about 40 MB
MAX_RATIO = 200  # real sheets compress 5–20 times; a bomb compresses thousands of times
BAD_FILL = PatternFill("solid", fgColor="FFC7CE")  # Excel's own "light red fill"
SHEET_TITLE = "信息采集表"


def refuse_bombs(content: bytes) -> None:
    """Refuse a zip that would inflate beyond the cap, judged from its directory before anything is inflated."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        return  # not a zip at all: read_sheet explains that better
    total = sum(info.file_size for info in archive.infolist())
    packed = sum(info.compress_size for info in archive.infolist()) or 1
    if total > MAX_UNCOMPRESSED_BYTES or (total > 10 * 1024 * 1024 and total / packed > MAX_RATIO):
        raise WorkbookRefused(
            _("文件解压后达%(mb)d MB（压缩比%(ratio)d倍），超出限制，不是正常的信息采集表，已拒绝")
            % {"mb": total // (1024 * 1024), "ratio": total // packed}
        )


def template(year: int) -> bytes:
    """The downloadable template: Form B's columns in order with units, a drop-down for every choice, instructions."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(list(formb.HEADERS))
    bold = Font(bold=True)
    fills = {0: "EDEDED", 1: "DDEBF7", 2: "E2EFDA", 3: "FFF2CC", 4: "FCE4D6", 5: "D9D2E9"}
    for column, cell in zip(formb.COLUMNS, sheet[1], strict=True):
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor=fills[column.section])
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = min(max(len(column.header) * 1.6, 12), 40)
        if column.kind in ("uscc", "text", "banks", "purposes"):
            sheet.column_dimensions[letter].number_format = "@"  # codes and phones as text, never 9.1E+17
    sheet.row_dimensions[1].height = 48
    sheet.freeze_panes = "B2"
    last = MAX_ROWS + 1

    def add(validation: DataValidation, index: int, prompt: str, error: str) -> None:
        column = formb.COLUMNS[index]
        letter = get_column_letter(index + 1)
        validation.promptTitle = validation.errorTitle = column.header[:32]
        validation.prompt, validation.error = prompt[:255], error[:255]
        validation.showInputMessage = validation.showErrorMessage = True
        validation.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(validation)

    for index, column in enumerate(formb.COLUMNS):
        if column.kind == "choice":
            names = formb.chinese_labels(column.choices)
            add(
                DataValidation(type="list", formula1='"' + ",".join(names) + '"', allow_blank=not column.required),
                index,
                _("从下拉列表选择"),
                _("请从下拉列表选择：%(names)s") % {"names": "、".join(names)},
            )
        elif column.kind == "bool":
            add(
                DataValidation(type="list", formula1='"是,否"', allow_blank=not column.required),
                index,
                _("选择“是”或“否”"),
                _("请选择“是”或“否”"),
            )
        elif column.kind == "money":
            add(
                DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True),
                index,
                _("单位：万元，最多两位小数"),
                _("请填写以万元为单位的数字"),
            )
        elif column.kind == "int":
            add(
                DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True),
                index,
                _("填写整数（%(unit)s）") % {"unit": column.unit},
                _("请填写不小于0的整数"),
            )
        elif column.kind == "purposes":
            # A list validation would allow one purpose only; several are typed, separated by "、".
            add(
                DataValidation(type="textLength", operator="lessThanOrEqual", formula1="200", allow_blank=False),
                index,
                _("可多选，用“、”分隔：%(names)s") % {"names": "、".join(formb.chinese_labels(column.choices))},
                _("融资目的过长"),
            )

    notes = workbook.create_sheet("填写说明")
    notes.column_dimensions["A"].width = 34
    notes.column_dimensions["B"].width = 12
    notes.column_dimensions["C"].width = 90
    notes.append([f"{year}年企业知识产权质押融资信息采集表（导入模板）"])
    notes["A1"].font = bold
    for line in (
        "1. 只在第一个工作表“信息采集表”中填写，每家企业一行；"
        "不要修改、增删或合并表头和单元格，不要使用公式（请“粘贴为数值”）。",
        "2. 金额单位均为万元（最多两位小数）；数量填整数。带下拉列表的列请从列表中选择。",
        "3. 融资目的可多选，用“、”分隔，如“扩大经营规模、补充周转资金”；选“其他”时，在“其他融资目的（请注明）”列写明。",
        "4. 拟合作银行可填写多个，用“、”分隔。",
        "5. 白名单按企业自愿原则：只有企业书面同意的才填“是”；未同意展示电话的，推送名单中电话将被隐去中间数字。",
        "6. 信用代码对应的企业须属于本单位；系统中尚无的企业，导入时以“待市局确认”状态建立企业档案。",
        f"7. 每个文件最多{MAX_ROWS}行。导入时逐格检查，有任何错误则不写入任何数据，并返回您的工作簿，"
        "错误单元格标为浅红色并附批注说明问题；改正后重新上传即可。",
        "8. 同一企业本年度已有采集表的，导入后生成新版本，以最新版本为准。",
        "",
    ):
        notes.append([line])
    notes.append(["列", "必填", "说明（可选项）"])
    for cell in notes[notes.max_row]:
        cell.font = bold
    for column in formb.COLUMNS:
        options = "、".join(formb.chinese_labels(column.choices)) if column.choices else ""
        if column.kind == "bool":
            options = "是、否"
        notes.append(
            [
                f"{formb.SECTIONS[column.section][:2]} {column.header}",
                "是" if column.required else "",
                "；".join(part for part in (options, column.hint) if part),
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def mark_problems(content: bytes, problems: Iterable[tuple[int, int, str]], sheet_index: int = 0) -> bytes:
    """The uploaded workbook with each (row, column index from 1, message) cell filled and commented."""
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[sheet_index]
    merged = {  # a covered cell of a merged range cannot take a comment: its range's first cell does
        (r, c): (cells.min_row, cells.min_col)
        for cells in sheet.merged_cells.ranges
        for r in range(cells.min_row, cells.max_row + 1)
        for c in range(cells.min_col, cells.max_col + 1)
    }
    by_cell: dict[tuple[int, int], list[str]] = {}
    for row, column, message in problems:
        where = merged.get((row, column), (row, column))
        if where != (row, column):
            message = f"{get_column_letter(column)}{row}: {message}"
        by_cell.setdefault(where, []).append(message)
    for (row, column), messages in by_cell.items():
        cell = sheet.cell(row=row, column=column)
        cell.fill = BAD_FILL
        comment = Comment("\n".join(messages), _("系统检查"))
        comment.width, comment.height = 300, 40 + 20 * len(messages)
        cell.comment = comment
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
