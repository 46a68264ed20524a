"""Importing earlier years' award lists: check every row, preview, then commit all rows or none.

The province uploads an .xlsx in the template's shape (``xlsx.read_sheet``). Each row is parsed column by
column into an ``AwardRow``; every problem is reported with its row and column (第5行 C列（统一社会信用代码）：…),
including duplicates within the file and against what is already imported. Only a file without a single
problem can be committed, in one transaction with one audit entry.

Between preview and commit the file waits under ``MEDIA_ROOT/imports/<sha256>.xlsx``; the SHA-256 is the
token the commit names, and the file is hashed again before commit, so what is committed is exactly what
was previewed (and checked again against the database, which may have changed in between).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.models import record
from calls.models import Programme
from enterprises import uscc as uscc_codes

from . import numbers, permissions, xlsx
from .models import AwardImport, InsuranceType, PastAward

HEADERS = ("年度", "项目", "统一社会信用代码", "企业名称", "专利号", "险种", "补助金额（元）")
MAX_ROWS = 50_000
FIRST_YEAR = 2019  # the first measures (冀市监发〔2019〕280号); nothing earlier is compared against
MAX_AMOUNT = Decimal("1000000000000")  # the field holds 12 integer digits
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
BATCH = 1000


@cache
def _labels(choices) -> dict[str, str]:
    """Chinese labels (what the template's drop-downs offer) and the codes, both accepted.

    Cached: the Chinese labels never change at run time, and this is asked for every row."""
    with translation.override("zh-hans"):
        found = {str(label): value for value, label in choices.choices}
    found.update({value: value for value in choices.values})
    return found


@dataclass(frozen=True)
class AwardRow:
    row: int
    year: int
    programme: str
    uscc: str
    enterprise_name: str
    patent_number: str
    insurance_type: str
    amount: Decimal

    @property
    def key(self) -> tuple:
        return (self.year, self.programme, self.uscc, self.patent_number, self.insurance_type)

    @property
    def programme_label(self) -> str:
        return Programme(self.programme).label

    @property
    def insurance_type_label(self) -> str:
        return InsuranceType(self.insurance_type).label if self.insurance_type else ""


# --- one parser per column: a value, or ValidationError with the message for that cell ---------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_year(value: Any) -> int:
    text = _text(value).removesuffix("年")
    if not re.fullmatch(r"\d{4}", text):
        raise ValidationError(_("应填写四位年份，如2021，文件中是“%(got)s”") % {"got": _text(value)})
    year, this_year = int(text), timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        raise ValidationError(
            _("年度应在%(first)d年至%(now)d年之间，文件中是%(year)d")
            % {"first": FIRST_YEAR, "now": this_year, "year": year}
        )
    return year


def parse_programme(value: Any) -> str:
    text = _text(value)
    accepted = _labels(Programme)
    if text not in accepted:
        names = "”或“".join(label for label, code in accepted.items() if label != code)
        raise ValidationError(_("应为“%(names)s”（从下拉列表选择），文件中是“%(got)s”") % {"names": names, "got": text})
    return accepted[text]


def parse_uscc(value: Any) -> str:
    if isinstance(value, int | float):
        raise ValidationError(
            _("统一社会信用代码被存成了数字（Excel会丢失15位以后的数字），请将该列设为文本格式后重新填写")
        )
    if not _text(value):
        raise ValidationError(_("请填写统一社会信用代码"))
    return uscc_codes.validate(_text(value))


def parse_name(value: Any) -> str:
    text = _text(value)
    if not text:
        raise ValidationError(_("请填写企业名称"))
    if len(text) > 100:
        raise ValidationError(_("企业名称不能超过100个字，文件中有%(n)d个字") % {"n": len(text)})
    return text


def parse_patent(value: Any) -> str:
    text = _text(value) if not isinstance(value, float) else repr(value)
    if not text:
        return ""
    if re.search(r"[,，;；、/\n]", text):
        raise ValidationError(_("一格只能填写一个专利号；一项补助涉及多个专利时，每个专利填一行"))
    return numbers.normalise(text)


def parse_insurance_type(value: Any) -> str:
    text = _text(value)
    if not text:
        return ""
    accepted = _labels(InsuranceType)
    if text not in accepted:
        names = "、".join(label for label, code in accepted.items() if label != code)
        raise ValidationError(
            _("险种应为%(names)s之一（从下拉列表选择），文件中是“%(got)s”") % {"names": names, "got": text}
        )
    return accepted[text]


def parse_amount(value: Any) -> Decimal:
    if isinstance(value, bool) or value is None or _text(value) == "":
        raise ValidationError(_("请填写补助金额"))
    try:
        # A float from Excel is shown by its shortest repr (1234.56, not 1234.5599999…), as Excel shows it.
        amount = Decimal(repr(value) if isinstance(value, float) else _text(value).replace(",", "").removesuffix("元"))
    except InvalidOperation:
        raise ValidationError(_("“%(got)s”不是金额，请填写以元为单位的数字") % {"got": _text(value)}) from None
    if not amount.is_finite() or amount <= 0:
        raise ValidationError(_("补助金额必须大于0，文件中是%(got)s") % {"got": _text(value)})
    if amount >= MAX_AMOUNT:  # before quantize, which cannot hold 1e30 to the fen (InvalidOperation)
        raise ValidationError(_("补助金额过大，请确认单位为元"))
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(_("补助金额最多保留两位小数（到分），文件中是%(got)s") % {"got": _text(value)})
    return amount.quantize(Decimal("0.01"))


COLUMNS: tuple[tuple[str, str, str, Callable[[Any], Any]], ...] = (
    # letter, header, AwardRow field, parser
    ("A", HEADERS[0], "year", parse_year),
    ("B", HEADERS[1], "programme", parse_programme),
    ("C", HEADERS[2], "uscc", parse_uscc),
    ("D", HEADERS[3], "enterprise_name", parse_name),
    ("E", HEADERS[4], "patent_number", parse_patent),
    ("F", HEADERS[5], "insurance_type", parse_insurance_type),
    ("G", HEADERS[6], "amount", parse_amount),
)
_COLUMN = {name: (letter, header) for letter, header, name, _parser in COLUMNS}


def _problem(row: int, name: str, message: str) -> xlsx.Problem:
    letter, header = _COLUMN[name]
    return xlsx.Problem(message, row, letter, header)


def parse_row(row: int, values: tuple) -> tuple[AwardRow | None, list[xlsx.Problem]]:
    """One row into an AwardRow, or every problem it has (each cell checked, then the cells together)."""
    parsed: dict[str, Any] = {}
    problems = []
    for (_letter, _header, name, parser), value in zip(COLUMNS, values, strict=True):
        try:
            parsed[name] = parser(value)
        except ValidationError as exc:
            problems.extend(_problem(row, name, message) for message in exc.messages)
    programme = parsed.get("programme")
    if programme == Programme.INSURANCE:
        if parsed.get("patent_number") == "":
            problems.append(_problem(row, "patent_number", _("专利保险补助须填写专利号")))
        if parsed.get("insurance_type") == "":
            problems.append(_problem(row, "insurance_type", _("专利保险补助须选择险种；名单未注明险种的选“其他”")))
    elif programme == Programme.LOAN_INTEREST and parsed.get("insurance_type"):
        problems.append(_problem(row, "insurance_type", _("贴息补助没有险种，请留空")))
    if problems:
        return None, sorted(problems, key=lambda p: p.column or "")
    return AwardRow(row=row, **parsed), []


@dataclass
class Preview:
    """What a file would import, and everything wrong with it."""

    file_name: str
    sha256: str
    rows: list[AwardRow] = field(default_factory=list)
    problems: list[xlsx.Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)

    @property
    def total_amount(self) -> Decimal:
        return sum((row.amount for row in self.rows), Decimal("0.00"))

    @property
    def counts(self) -> list[tuple[int, str, int, Decimal]]:
        """(year, programme label, rows, amount) for the summary table."""
        rows: Counter = Counter()
        amounts: dict = {}
        for row in self.rows:
            rows[(row.year, row.programme)] += 1
            amounts[(row.year, row.programme)] = amounts.get((row.year, row.programme), Decimal(0)) + row.amount
        return [
            (year, Programme(programme).label, rows[(year, programme)], amounts[(year, programme)])
            for year, programme in sorted(rows)
        ]


class ImportRefused(Exception):
    def __init__(self, preview: Preview):
        self.preview = preview
        super().__init__("; ".join(str(p) for p in preview.problems[:5]))


sha256_of = xlsx.sha256_of


def check_file(content: bytes, file_name: str) -> Preview:
    """Check the whole file; never writes anything."""
    preview = Preview(file_name=file_name, sha256=sha256_of(content))
    if len(content) > MAX_UPLOAD_BYTES:
        preview.problems.append(xlsx.Problem(_("文件超过20MB，请拆分后分批导入")))
        return preview
    done = AwardImport.objects.filter(sha256=preview.sha256).select_related("imported_by").first()
    if done is not None:
        preview.problems.append(
            xlsx.Problem(
                _("该文件已于%(at)s由%(by)s导入（%(n)d行），不能重复导入")
                % {
                    "at": timezone.localtime(done.imported_at).strftime("%Y-%m-%d %H:%M"),
                    "by": done.imported_by,
                    "n": done.row_count,
                }
            )
        )
        return preview
    try:
        sheet = xlsx.read_sheet(content, HEADERS, MAX_ROWS)
    except xlsx.WorkbookRefused as exc:
        preview.problems.append(exc.problem)
        return preview
    preview.problems.extend(p for p in sheet.problems if p.row is None)  # merged cells: about the sheet
    cell_problems = {(p.row, p.column): p for p in sheet.problems if p.row is not None}  # formulas

    first_seen: dict[tuple, int] = {}
    for number, values in sheet.rows:
        award, problems = parse_row(number, values)
        # A formula cell's own message replaces whatever its text made the parser say.
        problems = [p for p in problems if (p.row, p.column) not in cell_problems]
        problems += [p for (row, _col), p in cell_problems.items() if row == number]
        if award is not None and not problems:
            if award.key in first_seen:
                problems.append(
                    xlsx.Problem(
                        _("与第%(first)d行重复（年度、项目、统一社会信用代码、专利号、险种均相同）")
                        % {"first": first_seen[award.key]},
                        number,
                    )
                )
            else:
                first_seen[award.key] = number
                preview.rows.append(award)
        preview.problems.extend(sorted(problems, key=lambda p: p.column or ""))

    preview.problems.extend(_already_imported(preview.rows))
    if preview.problems:
        preview.rows = [row for row in preview.rows if row.row not in {p.row for p in preview.problems}]
    return preview


def _already_imported(rows: list[AwardRow]) -> list[xlsx.Problem]:
    if not rows:
        return []
    wanted = {row.key: row.row for row in rows}
    existing = PastAward.objects.filter(year__in={row.year for row in rows}).values_list(
        "year", "programme", "uscc", "patent_number", "insurance_type", "source_import__file_name"
    )
    problems = []
    for *key, file_name in existing.iterator(chunk_size=5000):
        row = wanted.get(tuple(key))
        if row is not None:
            problems.append(xlsx.Problem(_("该补助记录已随“%(file)s”导入，不能重复导入") % {"file": file_name}, row))
    return sorted(problems, key=lambda p: p.row)


def commit(content: bytes, file_name: str, by) -> AwardImport:
    """Check the file again and write every row, or nothing (raises ImportRefused with the problems)."""
    verdict = permissions.can_manage_past_awards(by)
    if not verdict:
        raise PermissionDenied(verdict.reason)
    preview = check_file(content, file_name)
    if not preview.ok:
        raise ImportRefused(preview)
    try:
        with transaction.atomic():
            batch = AwardImport.objects.create(
                file_name=file_name[:255], sha256=preview.sha256, imported_by=by, row_count=len(preview.rows)
            )
            PastAward.objects.bulk_create(
                (
                    PastAward(
                        year=row.year,
                        programme=row.programme,
                        uscc=row.uscc,
                        enterprise_name=row.enterprise_name,
                        patent_number=row.patent_number,
                        insurance_type=row.insurance_type,
                        amount=row.amount,
                        source_import=batch,
                    )
                    for row in preview.rows
                ),
                batch_size=BATCH,
            )
            record(
                by,
                "patents.awardimport.committed",
                batch,
                file_name=batch.file_name,
                sha256=batch.sha256,
                rows=batch.row_count,
                total_amount=str(preview.total_amount),
                years=sorted({row.year for row in preview.rows}),
            )
    except IntegrityError:  # someone committed overlapping rows (or the same file) between check and write
        preview.problems.append(
            xlsx.Problem(_("写入时发现与刚导入的记录重复（可能有人同时导入），未写入任何数据，请重新上传预览"))
        )
        raise ImportRefused(preview) from None
    return batch


# --- the file between preview and commit (the SHA-256 is the token) -------------------------------------------

StagedFileMissing = xlsx.StagedFileMissing
_staging = xlsx.Staging("imports")
stage, staged, discard = _staging.stage, _staging.staged, _staging.discard


def template() -> bytes:
    with translation.override("zh-hans"):
        programmes = [str(label) for label in Programme.labels]
        insurance_types = [str(label) for label in InsuranceType.labels]
    return xlsx.past_awards_template(HEADERS, programmes, insurance_types, FIRST_YEAR, MAX_ROWS)
