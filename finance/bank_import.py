"""The bank's payment result file: check every row, preview, then record all rows or none.

Finance uploads the .xlsx the bank returns (one row per payment: voucher, application number or the
enterprise's USCC, account, amount, date, result, failure reason) and names the budget subject once. Each
row is parsed column by column (第3行 D列（金额）：…); then the whole file is *rehearsed* through the real
doors (``finance.payments``) inside a transaction that is always rolled back, each row in its own
savepoint, so the preview reports exactly what committing would refuse — an over-payment, a voucher already
recorded, an application not awaiting payment — with its row and column. Commit does the same in a
transaction that is kept only if every row went through.

Each row's idempotency key is ``bank:<file sha256>:<row>``, and the file's hash is unique: importing the
same file twice is refused, and a retried commit writes nothing twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import record
from audit.transitions import TransitionNotAllowed
from patents import xlsx
from workflow.models import Application

from . import payments, permissions
from .models import BankImport

HEADERS = ("凭证号", "申报编号或统一社会信用代码", "收款账号", "金额", "支付日期", "支付结果", "失败原因")
MAX_ROWS = 5000
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
RESULTS = {"成功": "paid", "已支付": "paid", "支付成功": "paid", "paid": "paid", "失败": "failed", "支付失败": "failed"}
RESULTS["failed"] = "failed"
COLUMNS = {  # field -> (letter, header)
    "voucher": ("A", HEADERS[0]),
    "application": ("B", HEADERS[1]),
    "account": ("C", HEADERS[2]),
    "amount": ("D", HEADERS[3]),
    "paid_on": ("E", HEADERS[4]),
    "result": ("F", HEADERS[5]),
    "reason": ("G", HEADERS[6]),
}


class _Rollback(Exception):
    """Raised to undo a rehearsal."""


@dataclass
class BankRow:
    row: int
    voucher: str
    application: Application
    account: str
    amount: Decimal
    paid_on: dt.date
    result: str
    reason: str

    @property
    def result_label(self) -> str:
        return _("成功") if self.result == "paid" else _("失败")


@dataclass
class Preview:
    file_name: str
    sha256: str
    subject: str
    rows: list[BankRow] = field(default_factory=list)
    problems: list[xlsx.Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)

    @property
    def paid_total(self) -> Decimal:
        return sum((r.amount for r in self.rows if r.result == "paid"), Decimal("0.00"))

    @property
    def failed_count(self) -> int:
        return sum(1 for r in self.rows if r.result == "failed")


class ImportRefused(Exception):
    def __init__(self, preview: Preview):
        self.preview = preview
        super().__init__("；".join(str(p) for p in preview.problems[:5]))


def _problem(row: int, name: str, message: str) -> xlsx.Problem:
    letter, header = COLUMNS.get(name, (None, ""))
    return xlsx.Problem(message, row, letter, header)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _parse_application(value: Any) -> Application:
    text = _text(value).upper()
    if not text:
        raise ValidationError(_("请填写申报编号或统一社会信用代码"))
    candidates = Application.objects.select_related("enterprise", "call").filter(
        Q(number=text) | Q(enterprise__uscc=text, status__in=payments.PAYABLE)
    )
    found = list(candidates[:2])
    if not found:
        raise ValidationError(_("找不到申报编号或统一社会信用代码为“%(v)s”的待拨付申报") % {"v": text})
    if len(found) > 1:
        raise ValidationError(_("该企业有多个待拨付申报，请填写申报编号"))
    return found[0]


def _parse_amount(value: Any) -> Decimal:
    if isinstance(value, bool) or _text(value) == "":
        raise ValidationError(_("请填写金额"))
    try:
        return payments.money(repr(value) if isinstance(value, float) else _text(value).removesuffix("元"))
    except payments.Refused as exc:
        raise ValidationError(exc.message) from None


def _parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(_text(value).replace("/", "-").replace(".", "-"))
        except ValueError:
            raise ValidationError(_("应为日期，如2024-05-20，文件中是“%(v)s”") % {"v": _text(value)}) from None
    if day > timezone.localdate():
        raise ValidationError(_("支付日期不能晚于今天"))
    return day


def _parse_result(value: Any) -> str:
    text = _text(value)
    if text not in RESULTS:
        raise ValidationError(_("应为“成功”或“失败”，文件中是“%(v)s”") % {"v": text})
    return RESULTS[text]


def parse_row(number: int, values: tuple) -> tuple[BankRow | None, list[xlsx.Problem]]:
    voucher, application, account, amount, paid_on, result, reason = values
    parsed: dict[str, Any] = {"row": number}
    problems: list[xlsx.Problem] = []
    parsers = {
        "voucher": (voucher, lambda v: _text(v) or _raise(_("请填写凭证号"))),
        "application": (application, _parse_application),
        "account": (account, lambda v: _text(v).replace(" ", "") or _raise(_("请填写收款账号"))),
        "amount": (amount, _parse_amount),
        "paid_on": (paid_on, _parse_date),
        "result": (result, _parse_result),
        "reason": (reason, _text),
    }
    for name, (value, parser) in parsers.items():
        try:
            parsed[name] = parser(value)
        except ValidationError as exc:
            problems.extend(_problem(number, name, message) for message in exc.messages)
    if parsed.get("result") == "failed" and not parsed.get("reason"):
        problems.append(_problem(number, "reason", _("支付失败的行须填写失败原因")))
    found = parsed.get("application")
    if found is not None and "account" in parsed and parsed["account"] != found.account_number:
        problems.append(
            _problem(
                number,
                "account",
                _("与申报%(n)s登记的收款账号（尾号%(tail)s）不一致")
                % {"n": found.number, "tail": found.account_number[-4:]},
            )
        )
    if problems:
        return None, problems
    return BankRow(**parsed), []


def _raise(message: str):
    raise ValidationError(message)


def _apply(preview: Preview, by, batch: BankImport | None) -> list[xlsx.Problem]:
    """Run every row through the doors, each in a savepoint; the problems the doors raised, by row."""
    problems = []
    for row in preview.rows:
        key = f"bank:{preview.sha256}:{row.row}"
        try:
            with transaction.atomic():
                if row.result == "paid":
                    payments.record_payment(
                        row.application,
                        amount=row.amount,
                        voucher=row.voucher,
                        subject=preview.subject,
                        paid_on=row.paid_on,
                        by=by,
                        idempotency_key=key,
                        source_import=batch,
                    )
                else:
                    payments.record_failure(
                        row.application,
                        row.reason,
                        by,
                        idempotency_key=key,
                        amount=row.amount,
                        voucher=row.voucher,
                        subject=preview.subject,
                        failed_on=row.paid_on,
                        source_import=batch,
                    )
        except payments.Refused as exc:
            problems.append(_problem(row.row, exc.field if exc.field in COLUMNS else "application", exc.message))
        except (TransitionNotAllowed, PermissionDenied) as exc:
            problems.append(_problem(row.row, "application", str(exc)))
    return problems


sha256_of = xlsx.sha256_of


def check_file(content: bytes, file_name: str, subject: str, by) -> Preview:
    """Parse and rehearse the whole file; never writes anything."""
    preview = Preview(file_name=file_name, sha256=sha256_of(content), subject=(subject or "").strip())
    if not preview.subject:
        preview.problems.append(xlsx.Problem(_("请填写预算科目")))
    if len(content) > MAX_UPLOAD_BYTES:
        preview.problems.append(xlsx.Problem(_("文件超过10MB，请拆分后分批导入")))
        return preview
    done = BankImport.objects.filter(sha256=preview.sha256).first()
    if done is not None:
        preview.problems.append(
            xlsx.Problem(
                _("该文件已于%(at)s导入，不能重复导入")
                % {"at": timezone.localtime(done.imported_at).strftime("%Y-%m-%d %H:%M")}
            )
        )
        return preview
    try:
        sheet = xlsx.read_sheet(content, HEADERS, MAX_ROWS)
    except xlsx.WorkbookRefused as exc:
        preview.problems.append(exc.problem)
        return preview
    preview.problems.extend(sheet.problems)
    formula_rows = {p.row for p in sheet.problems}
    vouchers: dict[str, int] = {}
    for number, values in sheet.rows:
        row, problems = parse_row(number, values)
        if row is not None and row.voucher in vouchers:
            problems.append(_problem(number, "voucher", _("与第%(r)d行的凭证号重复") % {"r": vouchers[row.voucher]}))
        elif row is not None:
            vouchers[row.voucher] = number
        if problems:
            preview.problems.extend(problems)
        elif number not in formula_rows:
            preview.rows.append(row)
    if not preview.problems and preview.rows:
        try:
            with transaction.atomic():
                preview.problems.extend(_apply(preview, by, None))
                raise _Rollback
        except _Rollback:
            pass
    preview.problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    return preview


def commit(content: bytes, file_name: str, subject: str, by) -> BankImport:
    """Record every row of the file, or nothing (raises ImportRefused with the problems, by row and column)."""
    verdict = permissions.can_record(by)
    if not verdict:
        raise PermissionDenied(verdict.reason)
    preview = check_file(content, file_name, subject, by)
    if not preview.ok:
        raise ImportRefused(preview)
    try:
        with transaction.atomic():
            batch = BankImport.objects.create(
                file_name=file_name[:255],
                sha256=preview.sha256,
                subject=preview.subject,
                row_count=len(preview.rows),
                imported_by=by,
            )
            problems = _apply(preview, by, batch)
            if problems:  # the database changed since the rehearsal: nothing is kept
                preview.problems.extend(problems)
                raise ImportRefused(preview)
            record(
                by,
                "finance.bankimport.committed",
                batch,
                file_name=batch.file_name,
                sha256=batch.sha256,
                rows=batch.row_count,
                paid_total=str(preview.paid_total),
                failed=preview.failed_count,
            )
    except IntegrityError:  # the same file committed by someone else at the same moment
        preview.problems.append(xlsx.Problem(_("该文件刚刚已被导入，未写入任何数据")))
        raise ImportRefused(preview) from None
    return batch


# --- the file between preview and commit (the SHA-256 is the token) ---------------------------------------

StagedFileMissing = xlsx.StagedFileMissing
_staging = xlsx.Staging("bank-results")
stage, staged, discard = _staging.stage, _staging.staged, _staging.discard
