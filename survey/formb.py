"""Form B (企业知识产权质押融资信息采集表): its fields in the form's order, with their units, and how a cell's
text becomes a typed value.

``COLUMNS`` is the one description of the form that the online form, the Excel template, the import and the
exports all read: the header (with its unit, as in the template), the section of the paper form, the kind of
value and, for choices, the TextChoices whose Chinese labels are the only accepted answers. The parsers turn
what people type into Excel (全角 digits, "1,200", "是"/"否", "2022年3月") into typed values, or raise a
ValidationError whose message says, for that one cell, what is wrong and what to write instead.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from enterprises import uscc as uscc_codes
from enterprises.models import Industry, Size

from .models import LoanTerm, MaxCost, Ownership, Purpose

SECTIONS = {
    0: "填报信息",
    1: "一、企业基本情况",
    2: "二、企业拥有知识产权情况（截至上年12月31日）",
    3: "三、融资需求",
    4: "四、对知识产权质押融资的政策建议",
    5: "五、自愿推送（白名单）",
}
LIST_SEPARATORS = r"[、，,；;/\n]+"  # what people separate several banks or purposes with
MAX_MONEY = Decimal("9999999999.99")  # Decimal(12, 2)


@dataclass(frozen=True)
class Column:
    field: str
    header: str  # exactly as in the template's first row
    section: int
    kind: str  # month, int, money, text, bool, choice, purposes, banks, uscc
    unit: str = ""
    required: bool = False
    choices: type[models.TextChoices] | None = None
    max_length: int = 0
    hint: str = ""  # for the instructions sheet


def _c(field, header, section, kind, **kw) -> Column:
    return Column(field, header, section, kind, **kw)


COLUMNS: tuple[Column, ...] = (
    _c("filled_month", "填报时间（年月）", 0, "month", required=True, hint="如 2022-03 或 2022年3月"),
    _c("controller_years", "实际控制人从业年限（年）", 1, "int", unit="年"),
    _c("controller_education", "实际控制人受教育程度", 1, "text", max_length=32, hint="如 本科、硕士"),
    _c("name", "企业名称", 1, "text", required=True, max_length=100),
    _c("ownership", "企业性质", 1, "choice", required=True, choices=Ownership),
    _c("years_established", "企业成立年限（年）", 1, "int", unit="年"),
    _c("registered_capital", "注册资本（万元）", 1, "money", unit="万元"),
    _c("address", "所在地址", 1, "text", required=True, max_length=200),
    _c("premises_ownership", "主要经营场所权属", 1, "text", max_length=64, hint="如 自有、租赁"),
    _c("listed_high_tech", "是否纳入省级及以上高新技术、专精特新等企业（是/否）", 1, "bool"),
    _c("management_changed", "近12个月关键管理人员是否发生变动（是/否）", 1, "bool"),
    _c("uscc", "信用代码（统一社会信用代码）", 1, "uscc", required=True, hint="18位，按营业执照填写"),
    _c("size", "企业规模", 1, "choice", required=True, choices=Size),
    _c("contact_name", "联系人", 1, "text", required=True, max_length=64),
    _c("contact_title", "职务", 1, "text", max_length=64),
    _c("contact_phone", "电话/手机", 1, "text", required=True, max_length=32),
    _c("industry", "所属行业", 1, "choice", required=True, choices=Industry),
    _c("assets", "上年度末资产金额（万元）", 1, "money", unit="万元"),
    _c("liabilities", "上年度末负债金额（万元）", 1, "money", unit="万元"),
    _c("revenue_last_year", "上年度营业收入（万元）", 1, "money", unit="万元"),
    _c("revenue_this_year", "当年累计营业收入（万元）", 1, "money", unit="万元"),
    _c("sales_two_years", "近两年销售收入", 1, "text", max_length=200, hint="如 2020年1200万元，2021年1500万元"),
    _c("large_assets", "大额资产", 1, "text", max_length=200),
    _c("audited", "财务报表是否经过审计（是/否）", 1, "bool"),
    _c("lawsuits_as_defendant", "近12个月企业作为被告的案件数量（次）", 1, "int", unit="次"),
    _c("administrative_penalties", "近12个月企业被工商/税务/海关行政处罚次数（次）", 1, "int", unit="次"),
    _c("main_products", "主要产品/服务名称", 1, "text", max_length=200),
    _c("military_civil", "军民融合企业（是/否）", 1, "bool"),
    _c("cultural", "文化企业（是/否）", 1, "bool"),
    _c("patent_applications", "专利申请量（件）", 2, "int", unit="件"),
    _c("patents_granted", "专利授权量（件）", 2, "int", unit="件"),
    _c("patents_valid", "有效专利量（件）", 2, "int", unit="件"),
    _c("trademarks", "商标拥有数量（件）", 2, "int", unit="件"),
    _c("software_copyrights", "软件著作权数量（件）", 2, "int", unit="件"),
    _c("ic_layouts", "集成电路布图设计数量（件）", 2, "int", unit="件"),
    _c("amount_sought", "拟融资额（万元）", 3, "money", unit="万元", required=True),
    _c("loan_term", "期望贷款期限", 3, "choice", required=True, choices=LoanTerm),
    _c("banks", "拟合作银行（可填写多个，用“、”分隔）", 3, "banks", hint="如 中国银行、河北银行"),
    _c("max_cost", "能够接受的最高融资成本", 3, "choice", required=True, choices=MaxCost),
    _c(
        "purposes",
        "融资目的（可多选，用“、”分隔）",
        3,
        "purposes",
        required=True,
        choices=Purpose,
        hint="如 扩大经营规模、补充周转资金；选“其他”时在下一列注明",
    ),
    _c("purpose_other", "其他融资目的（请注明）", 3, "text", max_length=200),
    _c("repayment_plan", "还款计划", 3, "text", max_length=2000),
    _c("other_notes", "其他补充说明", 3, "text", max_length=2000),
    _c("policy_suggestions", "对知识产权质押融资的政策建议", 4, "text", max_length=4000),
    _c("whitelist_consent", "同意列入白名单推送银行（是/否）", 5, "bool", required=True),
    _c("phone_consent", "同意向银行展示联系电话（是/否）", 5, "bool", required=True),
)
HEADERS: tuple[str, ...] = tuple(column.header for column in COLUMNS)
BY_FIELD = {column.field: column for column in COLUMNS}


def comparable(text: Any) -> str:
    """Text as compared with a label: 全角 to 半角, no spaces, every kind of dash the same, 其它 = 其他."""
    text = unicodedata.normalize("NFKC", str(text if text is not None else "")).strip()
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"[-–—―－~～]+", "-", text)
    return text.replace("其它", "其他")


@cache
def labels(choices: type[models.TextChoices]) -> dict[str, str]:
    """Comparable Chinese label (and code) -> code. Cached: asked for every row of a 20,000-row file."""
    with translation.override("zh-hans"):
        found = {comparable(label): value for value, label in choices.choices}
    found.update({comparable(value): value for value in choices.values})
    if choices is Purpose:
        found[comparable("其他")] = Purpose.OTHER
    return found


def chinese_labels(choices: type[models.TextChoices]) -> list[str]:
    with translation.override("zh-hans"):
        return [str(label) for label in choices.labels]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_text(value: Any, column: Column) -> str:
    text = _text(value)
    if column.max_length and len(text) > column.max_length:
        raise ValidationError(
            _("不能超过%(max)d个字，现有%(n)d个字") % {"max": column.max_length, "n": len(text)}, code="too_long"
        )
    return text


def parse_int(value: Any, column: Column) -> int | None:
    if isinstance(value, bool):
        raise ValidationError(_("应填写整数"))
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValidationError(_("应填写整数，文件中是%(got)s") % {"got": value})
        number = int(value)
    else:
        text = comparable(value).replace(",", "").removesuffix(column.unit) if column.unit else comparable(value)
        if not re.fullmatch(r"-?\d+", text):
            raise ValidationError(
                _("“%(got)s”不是数字，请填写整数（单位：%(unit)s）")
                % {"got": _text(value), "unit": column.unit or "-"},
                code="not_a_number",
            )
        number = int(text)
    if number < 0:
        raise ValidationError(_("不能为负数，文件中是%(got)s") % {"got": number})
    if number > 2_000_000_000:
        raise ValidationError(_("数字过大：%(got)s") % {"got": number})
    return number


def parse_money(value: Any, column: Column) -> Decimal | None:
    if isinstance(value, bool):
        raise ValidationError(_("应填写金额"))
    try:
        if isinstance(value, float):
            amount = Decimal(repr(value))  # Excel shows a float by its shortest repr, so do we
        elif isinstance(value, int):
            amount = Decimal(value)
        else:
            amount = Decimal(comparable(value).replace(",", "").removesuffix("万元").removesuffix("万"))
    except InvalidOperation:
        raise ValidationError(
            _("“%(got)s”不是数字，请填写以万元为单位的金额（如 500 或 12.5）") % {"got": _text(value)},
            code="not_a_number",
        ) from None
    if not amount.is_finite():
        raise ValidationError(_("“%(got)s”不是数字") % {"got": _text(value)}, code="not_a_number")
    if amount < 0:
        raise ValidationError(_("金额不能为负数，文件中是%(got)s") % {"got": _text(value)})
    if amount > MAX_MONEY:  # before quantize, which cannot hold 1e30 to the fen (InvalidOperation)
        raise ValidationError(_("金额过大，请确认单位为万元（文件中是%(got)s）") % {"got": _text(value)})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(_("单位为万元，最多保留两位小数，文件中是%(got)s") % {"got": _text(value)})
    return amount.quantize(Decimal("0.01"))


YES = {"是", "y", "yes", "true", "1", "√", "同意"}
NO = {"否", "n", "no", "false", "0", "×", "不同意"}


def parse_bool(value: Any, column: Column) -> bool | None:
    if isinstance(value, bool):
        return value
    text = comparable(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValidationError(_("应填写“是”或“否”，文件中是“%(got)s”") % {"got": _text(value)}, code="invalid_choice")


def parse_choice(value: Any, column: Column) -> str:
    accepted = labels(column.choices)
    found = accepted.get(comparable(value))
    if found is None:
        raise ValidationError(
            _("“%(got)s”不是可选项，请从下拉列表选择：%(names)s")
            % {"got": _text(value), "names": "、".join(chinese_labels(column.choices))},
            code="invalid_choice",
        )
    return found


def parse_purposes(value: Any, column: Column) -> tuple[list[str], str]:
    """Purposes (codes, in the form's order) and the text after "其他：" if it was written in the same cell."""
    accepted = labels(Purpose)
    chosen, other_text, unknown = set(), "", []
    for item in re.split(LIST_SEPARATORS, _text(value)):
        item = item.strip()
        if not item:
            continue
        key = comparable(item)
        match = re.fullmatch(r"其他[:：(（]?(.*?)[)）]?", unicodedata.normalize("NFKC", item))
        if key in accepted:
            chosen.add(accepted[key])
        elif match:
            chosen.add(Purpose.OTHER)
            other_text = match.group(1).strip()
        else:
            unknown.append(item)
    if unknown:
        raise ValidationError(
            _("“%(got)s”不是融资目的的选项，可选：%(names)s（多个用“、”分隔）")
            % {"got": "、".join(unknown), "names": "、".join(chinese_labels(Purpose))},
            code="invalid_choice",
        )
    return [code for code in Purpose.values if code in chosen], other_text


def parse_banks(value: Any, column: Column) -> list[str]:
    banks = [item.strip() for item in re.split(LIST_SEPARATORS, _text(value)) if item.strip()]
    if any(len(bank) > 60 for bank in banks):
        raise ValidationError(_("银行名称过长；多个银行请用“、”分隔"))
    return banks


def parse_uscc(value: Any, column: Column) -> str:
    return uscc_codes.validate(_text(value))


def parse_month(value: Any, column: Column) -> date:
    if isinstance(value, datetime | date):
        month = date(value.year, value.month, 1)
    else:
        text = unicodedata.normalize("NFKC", _text(value))
        match = re.fullmatch(r"(\d{4})\s*(?:年|[-/.])\s*(\d{1,2})\s*月?(?:\s*(?:[-/.])?\s*\d{1,2}\s*日?)?", text)
        match = match or re.fullmatch(r"(\d{4})(\d{2})", text)
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise ValidationError(
                _("“%(got)s”不是年月，请按 2022-03 或 2022年3月 填写") % {"got": _text(value)}, code="invalid_month"
            )
        month = date(int(match.group(1)), int(match.group(2)), 1)
    this_month = timezone.localdate().replace(day=1)
    if month > this_month or month.year < 2000:
        raise ValidationError(
            _("填报时间%(got)s不在2000年1月至本月之间") % {"got": f"{month.year}-{month.month:02d}"},
            code="invalid_month",
        )
    return month


PARSERS = {
    "month": parse_month,
    "int": parse_int,
    "money": parse_money,
    "text": parse_text,
    "bool": parse_bool,
    "choice": parse_choice,
    "purposes": parse_purposes,
    "banks": parse_banks,
    "uscc": parse_uscc,
}
EMPTY = {"int": None, "money": None, "text": "", "bool": None, "banks": [], "purposes": ([], "")}


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_cell(column: Column, value: Any) -> Any:
    """One cell's typed value; ValidationError with the message for that cell."""
    if is_blank(value):
        if column.required:
            raise ValidationError(_("此项必填"), code="required")
        return EMPTY[column.kind]
    return PARSERS[column.kind](value, column)


def parse_values(values: tuple) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """A whole row: the typed fields, and per field the messages for its cell (cells first, then together)."""
    parsed: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for column, value in zip(COLUMNS, values, strict=True):
        try:
            parsed[column.field] = parse_cell(column, value)
        except ValidationError as exc:
            errors[column.field] = exc.messages
    if "purposes" in parsed:
        purposes, other_text = parsed["purposes"]
        parsed["purposes"] = purposes
        if other_text and not parsed.get("purpose_other"):
            parsed["purpose_other"] = other_text
        if Purpose.OTHER in purposes and not parsed.get("purpose_other") and "purpose_other" not in errors:
            errors["purpose_other"] = [_("融资目的选了“其他”，请在此注明")]
        if parsed.get("purpose_other") and Purpose.OTHER not in purposes and "purpose_other" not in errors:
            errors["purposes"] = [_("注明了其他融资目的，请在融资目的中加上“其他”")]
    if parsed.get("amount_sought") == Decimal("0.00"):
        errors["amount_sought"] = [_("拟融资额应大于0（单位：万元）")]
    if parsed.get("phone_consent") and parsed.get("whitelist_consent") is False:
        errors["phone_consent"] = [_("未同意列入白名单时，联系电话不会推送，此项应为“否”")]
    return parsed, errors
