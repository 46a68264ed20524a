"""Excel at the border: the past-awards template, and reading an uploaded sheet safely.

``read_sheet`` checks the *file* (an .xlsx by its content, one header row exactly as the template's, no
merged cells in the data, not more rows than we accept) and returns the data rows as plain values, with
every cell that holds a formula (or text starting with ``=``) reported as a ``Problem``. What the values
mean is the importer's business (``imports``). Workbooks are opened ``read_only`` so a 50,000-row file is
streamed, not loaded.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.xml.functions import iterparse  # defusedxml's when installed, as openpyxl itself uses

XLSX_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls (and encrypted .xlsx)
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024  # 50,000 rows of the past-awards template inflate to about 15 MB
MAX_RATIO = 200  # real sheets compress 5–20 times; a zip bomb compresses hundreds or thousands of times


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file, located as precisely as it can be."""

    message: str
    row: int | None = None
    column: str | None = None  # letter
    header: str = ""

    def __str__(self) -> str:
        if self.row is not None and self.column:
            return _("第%(row)d行 %(col)s列（%(header)s）：%(message)s") % {
                "row": self.row,
                "col": self.column,
                "header": self.header,
                "message": self.message,
            }
        if self.row is not None:
            return _("第%(row)d行：%(message)s") % {"row": self.row, "message": self.message}
        return self.message


class WorkbookRefused(Exception):
    """The file as a whole cannot be read as the expected sheet; nothing row by row is worth reporting."""

    def __init__(self, problem: Problem | str):
        self.problem = problem if isinstance(problem, Problem) else Problem(problem)
        super().__init__(str(self.problem))


@dataclass
class Sheet:
    rows: list[tuple[int, tuple]] = field(default_factory=list)  # (row number in Excel, values)
    problems: list[Problem] = field(default_factory=list)


def _comparable(text) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text or "")).split())


def _refuse_unless_xlsx(content: bytes) -> zipfile.ZipFile:
    if content.startswith(OLE2_MAGIC):
        raise WorkbookRefused(
            _("这是旧版Excel（.xls）文件或加密的工作簿，请在Excel中另存为“Excel工作簿（.xlsx）”后上传")
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise WorkbookRefused(_("文件不是Excel工作簿（.xlsx），请下载模板填写后上传")) from None
    names = set(archive.namelist())
    if not all(part in names for part in XLSX_PARTS):
        raise WorkbookRefused(_("文件是压缩包但不是Excel工作簿（.xlsx），请下载模板填写后上传"))
    # Judged from the zip's directory before anything is inflated: openpyxl would parse whatever it claims.
    total = sum(info.file_size for info in archive.infolist())
    packed = sum(info.compress_size for info in archive.infolist()) or 1
    if total > MAX_UNCOMPRESSED_BYTES or (total > 10 * 1024 * 1024 and total / packed > MAX_RATIO):
        raise WorkbookRefused(
            _("文件解压后达%(mb)d MB（压缩比%(ratio)d倍），超出限制，不是正常的Excel工作簿，已拒绝")
            % {"mb": total // (1024 * 1024), "ratio": total // packed}
        )
    return archive


def _contains(archive: zipfile.ZipFile, path: str, needle: bytes, chunk: int = 1 << 20) -> bool:
    tail = b""
    with archive.open(path) as source:
        while block := source.read(chunk):
            if needle in tail + block[: len(needle)] or needle in block:
                return True
            tail = block[-len(needle) :]
    return False


def _merged_ranges(archive: zipfile.ZipFile, sheet_path: str) -> list[str]:
    """openpyxl's read-only mode does not read merged cells; find them in the sheet's XML ourselves."""
    found: list[str] = []
    if not _contains(archive, sheet_path, b"mergeCell"):
        return found  # the usual case: skip parsing the whole sheet a second time
    with archive.open(sheet_path) as source:
        for _event, element in iterparse(source):
            if element.tag.endswith("}mergeCell"):
                found.append(element.get("ref"))
            element.clear()
    return found


def read_sheet(content: bytes, headers: tuple[str, ...], max_rows: int) -> Sheet:
    """The data rows of the first worksheet, after checking the file's shape. Raises WorkbookRefused."""
    archive = _refuse_unless_xlsx(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on a damaged file; all mean the same to the user
        raise WorkbookRefused(_("无法读取该Excel文件，文件可能已损坏，请在Excel中打开并另存后重新上传")) from None
    try:
        if not workbook.worksheets:
            raise WorkbookRefused(_("工作簿中没有工作表"))
        sheet = workbook.worksheets[0]
        if sheet.sheet_state != "visible":  # what Excel shows is not what would be imported
            raise WorkbookRefused(
                _("第一个工作表“%(sheet)s”是隐藏的，请取消隐藏并把要导入的数据放在第一个工作表后重新上传")
                % {"sheet": sheet.title}
            )
        width = len(headers)
        rows = sheet.iter_rows(values_only=True)
        header_row = next(rows, None)
        if header_row is None or all(value is None or str(value).strip() == "" for value in header_row):
            raise WorkbookRefused(_("工作表“%(sheet)s”为空（第1行应为表头），请下载模板填写") % {"sheet": sheet.title})
        header_row = tuple(header_row) + (None,) * max(0, width - len(header_row))
        for index, expected in enumerate(headers):
            if _comparable(header_row[index]) != _comparable(expected):
                raise WorkbookRefused(
                    _("表头与模板不符：第1行 %(col)s列应为“%(expected)s”，文件中是“%(got)s”。请下载模板填写")
                    % {"col": get_column_letter(index + 1), "expected": expected, "got": header_row[index] or ""}
                )
        for index, extra in enumerate(header_row[width:], start=width):
            if extra is not None and str(extra).strip():
                raise WorkbookRefused(
                    _("表头与模板不符：模板只有%(n)d列，第1行 %(col)s列多出“%(got)s”")
                    % {"n": width, "col": get_column_letter(index + 1), "got": extra}
                )

        result = Sheet()
        for number, values in enumerate(rows, start=2):
            values = tuple(values[:width]) + (None,) * max(0, width - len(values))
            if all(value is None or (isinstance(value, str) and not value.strip()) for value in values):
                continue  # blank rows (often just formatted) are not data
            if len(result.rows) == max_rows:
                raise WorkbookRefused(
                    _("数据超过%(max)d行（第%(row)d行起超出），请拆分为多个文件分批导入")
                    % {"max": max_rows, "row": number}
                )
            for index, value in enumerate(values):
                if isinstance(value, str) and value.lstrip().startswith("="):
                    result.problems.append(
                        Problem(
                            _("含公式“%(formula)s”，请复制后“粘贴为数值”再上传") % {"formula": value.strip()[:40]},
                            number,
                            get_column_letter(index + 1),
                            headers[index],
                        )
                    )
            result.rows.append((number, values))
        sheet_path = sheet._worksheet_path  # openpyxl 3.1: where this read-only sheet's XML lives
    finally:
        workbook.close()

    for ref in _merged_ranges(archive, sheet_path):
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        if max_row < 2:
            continue  # a merged header is already refused by the header check
        rows_text = str(min_row) if min_row == max_row else f"{min_row}–{max_row}"
        cols_text = get_column_letter(min_col) + (f"–{get_column_letter(max_col)}" if max_col != min_col else "")
        result.problems.append(
            Problem(
                _("第%(rows)s行 %(cols)s列：合并单元格（%(ref)s）。请取消合并，并在每一行填写完整数据")
                % {"rows": rows_text, "cols": cols_text, "ref": ref}
            )
        )
    if not result.rows and not result.problems:
        raise WorkbookRefused(_("表头之后没有数据行"))
    return result


# --- the past-awards template ---------------------------------------------------------------------------------


def past_awards_template(
    headers: tuple[str, ...], programmes: list[str], insurance_types: list[str], first_year: int, max_rows: int
) -> bytes:
    """The downloadable template: the header, drop-downs for 项目 and 险种, text columns, instructions."""
    this_year = timezone.localdate().year
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "历年补助"
    sheet.append(list(headers))
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(horizontal="center")
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFG", (8, 26, 24, 36, 22, 30, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    # Codes and patent numbers as text: Excel would otherwise turn an all-digit code into 9.11E+17.
    for letter in "CE":
        sheet.column_dimensions[letter].number_format = "@"
    last = max_rows + 1

    def add(validation: DataValidation, letter: str, title: str, prompt: str, error: str) -> None:
        validation.promptTitle, validation.prompt = title, prompt
        validation.errorTitle, validation.error = title, error
        validation.showInputMessage = validation.showErrorMessage = True
        validation.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(validation)

    add(
        DataValidation(type="whole", operator="between", formula1=str(first_year), formula2=str(this_year)),
        "A",
        "年度",
        f"补助发放的年度，{first_year}至{this_year}",
        f"年度应为{first_year}至{this_year}之间的整数",
    )
    add(
        DataValidation(type="list", formula1='"' + ",".join(programmes) + '"', allow_blank=False),
        "B",
        "项目",
        "从下拉列表选择",
        "请从下拉列表选择项目",
    )
    add(
        DataValidation(type="list", formula1='"' + ",".join(insurance_types) + '"', allow_blank=True),
        "F",
        "险种",
        "专利保险补助必填；贴息补助留空",
        "请从下拉列表选择险种",
    )
    add(
        DataValidation(type="decimal", operator="greaterThan", formula1="0"),
        "G",
        "补助金额（元）",
        "单位：元，最多两位小数",
        "金额应大于0，单位为元",
    )

    notes = workbook.create_sheet("填写说明")
    notes.column_dimensions["A"].width = 110
    for line in (
        "历年补助名单导入模板（河北省专利保险补助、专利权质押贷款贴息补助）",
        "",
        "1. 只填写第一个工作表“历年补助”，不要修改、增删表头，不要合并单元格，不要使用公式（请“粘贴为数值”）。",
        f"2. 年度：补助发放的年度，{first_year}年至今年的四位数字。",
        f"3. 项目：从下拉列表选择“{programmes[0]}”或“{programmes[1]}”。",
        "4. 统一社会信用代码：18位，按营业执照填写；该列为文本格式，请勿改为数字。",
        "5. 企业名称：按补助名单原文填写。",
        "6. 专利号：如 ZL201710601862.3（含校验位）。专利保险补助必填；贴息补助未列专利的可留空。"
        "一项补助涉及多个专利时，每个专利填一行，金额按实际分摊填写，各行之和等于该项补助总额。",
        "7. 险种：专利保险补助必填，从下拉列表选择；名单未注明险种的选“其他”。贴息补助留空。",
        "8. 补助金额（元）：大于0，单位为元，最多两位小数。",
        f"9. 每个文件最多{max_rows}行；同一年度、项目、企业、专利、险种只能有一行，已导入的记录不能重复导入。",
        "10. 上传后系统先逐行检查并显示预览，全部无误后确认导入；有任何错误时不写入任何数据。",
    ):
        notes.append([line])
    notes["A1"].font = bold

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- a previewed file kept until it is committed (past awards, bank results) --------------------------------


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


class StagedFileMissing(Exception):
    pass


class Staging:
    """Workbooks kept between the preview and the commit, one folder under MEDIA_ROOT per import. The token
    is the file's SHA-256: it names the file, and proves at commit time that it is the file previewed."""

    def __init__(self, folder: str):
        self.folder = folder

    def _path(self, token: str) -> Path:
        if not re.fullmatch(r"[0-9a-f]{64}", token or ""):  # the token names a file: nothing but a hash
            raise StagedFileMissing(_("导入凭据无效，请重新上传文件"))
        return Path(settings.MEDIA_ROOT) / self.folder / f"{token}.xlsx"

    def stage(self, content: bytes) -> str:
        token = sha256_of(content)
        path = self._path(token)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        return token

    def staged(self, token: str) -> bytes:
        """The previewed file's bytes, refused if it is gone or no longer the file that was previewed."""
        try:
            content = self._path(token).read_bytes()
        except FileNotFoundError:
            raise StagedFileMissing(_("预览的文件已不存在（可能已导入或已过期），请重新上传")) from None
        if sha256_of(content) != token:
            raise StagedFileMissing(_("暂存的文件与预览时不一致，已拒绝导入，请重新上传"))
        return content

    def discard(self, token: str) -> None:
        try:
            self._path(token).unlink(missing_ok=True)
        except StagedFileMissing:
            pass
