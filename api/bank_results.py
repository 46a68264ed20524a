"""The bank's payment results over the API: the very path of the page import (``finance.bank_import``).

An uploaded .xlsx goes to ``bank_import.commit`` as it is. A JSON list of rows is first written into the
same sheet (columns A–G under the same headers, row *n* of the list on Excel row *n*+1) and then goes the
same way, so both are parsed, rehearsed and committed by one code: all rows or none, a voucher never
twice. The workbook is written byte-for-byte the same for the same rows, so the file hash that makes an
import unique also recognises a retried JSON request: a retry answers with the first import and writes
nothing (``replayed``).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from finance import bank_import
from finance.models import BankImport, Kind, Payment, Result

FIELDS = list(bank_import.COLUMNS)  # voucher, application, account, amount, paid_on, result, reason
FIELD_OF_LETTER = {letter: name for name, (letter, _header) in bank_import.COLUMNS.items()}
_FIXED = (2000, 1, 1, 0, 0, 0)


class RowsRefused(Exception):
    def __init__(self, errors: list[dict]):
        self.errors = errors
        super().__init__(errors[0]["message"] if errors else "")


@dataclass
class Outcome:
    batch: BankImport
    replayed: bool


def problem_dict(problem, *, from_json: bool) -> dict:
    row = problem.row
    if from_json and row is not None:
        row -= 1  # Excel row n+1 holds the list's row n
    return {
        "row": row,
        "column": None if from_json else problem.column,
        "header": problem.header or None,
        "field": FIELD_OF_LETTER.get(problem.column) if problem.column else None,
        "message": problem.message,
    }


def rows_to_xlsx(rows: list) -> bytes:
    """The JSON rows as the bank's sheet; refuses (naming row and field) what no cell could hold."""
    errors = []
    book = Workbook()
    sheet = book.active
    sheet.append(list(bank_import.HEADERS))
    if not isinstance(rows, list) or not rows:
        raise RowsRefused([_error(None, None, _("rows 应为非空列表"))])
    if len(rows) > bank_import.MAX_ROWS:
        raise RowsRefused([_error(None, None, _("一次最多%(n)d行，请分批提交") % {"n": bank_import.MAX_ROWS})])
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            errors.append(_error(number, None, _("每一行应为对象（JSON object）")))
            continue
        for name in sorted(set(row) - set(FIELDS)):
            errors.append(_error(number, name, _("未知字段；可用字段：%(f)s") % {"f": "、".join(FIELDS)}))
        values = []
        for name in FIELDS:
            value = row.get(name)
            if isinstance(value, bool) or not (value is None or isinstance(value, str | int | float)):
                errors.append(_error(number, name, _("应为文字或数字")))
                value = None
            if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):  # no cell can hold them
                errors.append(_error(number, name, _("含有控制字符（不可见字符），请删除后重新提交")))
                value = None
            if isinstance(value, float):
                value = Decimal(repr(value))  # as written, not as binary floating point
            values.append(str(value) if isinstance(value, Decimal) else value)
        sheet.append(values)
    if errors:
        raise RowsRefused(errors)
    book.properties.created = book.properties.modified = dt.datetime(2000, 1, 1)
    out = io.BytesIO()
    book.save(out)
    return _stable(out.getvalue())


def _error(row, field, message) -> dict:
    header = bank_import.COLUMNS[field][1] if field in bank_import.COLUMNS else None
    return {"row": row, "column": None, "header": header, "field": field, "message": message}


def _stable(content: bytes) -> bytes:
    """The same workbook bytes for the same rows: fixed entry times and a fixed modification date."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", data)
            target.writestr(zipfile.ZipInfo(info.filename, _FIXED), data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def earlier_import(content: bytes) -> BankImport | None:
    return BankImport.objects.filter(sha256=bank_import.sha256_of(content)).first()


def commit(content: bytes, file_name: str, subject: str, by, *, from_json: bool) -> Outcome:
    """Record the file through the page import's door; the first import again if this content was done."""
    earlier = earlier_import(content)
    if earlier is not None:
        return Outcome(earlier, replayed=True)
    try:
        batch = bank_import.commit(content, file_name, subject, by)
    except bank_import.ImportRefused as exc:
        # Committed by a concurrent retry a moment ago, or the same rows sent again in a re-exported file.
        earlier = earlier_import(content) or _recorded_before(exc.preview)
        if earlier is not None:
            return Outcome(earlier, replayed=True)
        problems = exc.preview.problems or [bank_import.xlsx.Problem(_("文件中没有数据行"))]
        raise RowsRefused([problem_dict(p, from_json=from_json) for p in problems]) from None
    return Outcome(batch, replayed=False)


def _recorded_before(preview: bank_import.Preview) -> BankImport | None:
    """The earlier import these rows are, if every row was recorded there as it stands now — same voucher,
    application, amount, result and date (a bank re-exporting its file: other bytes, the same rows)."""
    # Every problem must be the rehearsal's (on a row that parsed): a row that does not parse is never a retry.
    parsed = {row.row for row in preview.rows}
    if not preview.rows or any(p.row not in parsed for p in preview.problems):
        return None
    vouchers = [row.voucher for row in preview.rows]
    found = {p.voucher: p for p in Payment.objects.filter(kind=Kind.PAYMENT, voucher__in=vouchers)}
    imports = set()
    for row in preview.rows:
        payment = found.get(row.voucher)
        if payment is None or payment.source_import_id is None:
            return None
        recorded = (payment.application_id, payment.amount, payment.status, payment.paid_on)
        if recorded != (row.application.pk, row.amount, row.result, row.paid_on):
            return None
        imports.add(payment.source_import_id)
    if len(imports) != 1:
        return None
    batch = BankImport.objects.get(pk=imports.pop())
    return batch if batch.row_count == len(preview.rows) else None


def check(content: bytes, file_name: str, subject: str, by, *, from_json: bool) -> bank_import.Preview:
    preview = bank_import.check_file(content, file_name, subject, by)
    if not preview.ok:
        problems = preview.problems or [bank_import.xlsx.Problem(_("文件中没有数据行"))]
        raise RowsRefused([problem_dict(p, from_json=from_json) for p in problems])
    return preview


def totals(batch: BankImport) -> dict:
    rows = Payment.objects.filter(source_import=batch)
    return {
        "paid_total": rows.filter(status=Result.PAID).aggregate(s=Sum("amount"))["s"] or Decimal("0.00"),
        "failed_count": rows.filter(status=Result.FAILED).count(),
    }
