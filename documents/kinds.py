"""The registry of document kinds: what each outgoing document is called, which template prints it,
whether it carries a 文号, and exactly which context keys its template reads.

The key lists are the contract with callers (the application workflow, later the province): ``issue()``
checks a context against them before anything is written, so a missing key is a clear error naming
the key instead of a blank in a letter that has already consumed a number. Keys are checked one
level deep: a *record* key is a dict with the listed fields, a *rows* key a list of such dicts.

Every template also receives four keys that ``issue()`` fills itself: ``number`` (the 文号, "" when
unnumbered), ``issuer_name`` (the issuing body as printed), ``title`` (the heading) and ``date``
(the date of issue; a caller may pass ``date`` to print another one).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

TEMPLATE_DIR = Path(__file__).resolve().parent / "docx"

# Filled by issue(): a caller passing them would silently print something other than the record.
RESERVED_KEYS = ("number", "issuer_name", "title")
OPTIONAL_KEYS = ("date",)


@dataclass(frozen=True)
class Key:
    """One context key: its name, what it means (for error messages and the README), its shape."""

    name: str
    meaning: str
    fields: tuple[str, ...] = ()  # the keys of a record, or of each row
    rows: bool = False  # a list of records rather than one
    types: tuple[type, ...] = ()  # accepted types of a plain value; empty means anything printable


@dataclass(frozen=True)
class Kind:
    code: str
    title: str  # the Chinese name of the document, also its heading unless ``heading`` says more
    numbered: bool
    keys: tuple[Key, ...]
    # A heading built from the context with str.format, e.g. a letter's "关于推荐…的函".
    heading: str = ""
    # Values the template needs that follow from the context (totals): computed, never passed.
    derive: Callable[[Mapping], dict] | None = field(default=None, compare=False)

    @property
    def template_path(self) -> Path:
        return TEMPLATE_DIR / f"{self.code}.docx"

    def heading_for(self, context: Mapping) -> str:
        return self.heading.format(**context) if self.heading else self.title


TEXT = (str,)
MONEY = (Decimal, int)  # never float: amounts are printed to the fen exactly as computed
DAY = (date,)
MOMENT = (datetime,)

ENTERPRISE_SHORT = Key("enterprise", "企业", fields=("name", "uscc"))
ENTERPRISE_FULL = Key(
    "enterprise",
    "企业基本信息",
    fields=("name", "uscc", "address", "unit", "size", "industry", "contact_name", "contact_phone"),
)
APPLICATION_NUMBER = Key("application_number", "申请编号", types=TEXT)
PROGRAMME = Key("programme", "补助项目名称，如 专利保险补助", types=TEXT)
CALL_TITLE = Key("call_title", "申报通知名称，如 2022年度专利保险补助", types=TEXT)
SUBMITTED_AT = Key("submitted_at", "提交时间", types=MOMENT)
AMOUNT_REQUESTED = Key("amount_requested", "申请补助金额（元）", types=MONEY)
REVIEWER = Key("reviewer", "审核人姓名", types=TEXT)


def _recommendation_totals(context: Mapping) -> dict:
    amounts = [row["amount_requested"] for row in context["applications"]]
    return {"count": len(amounts), "total": sum(amounts, Decimal("0"))}


def _notice_totals(context: Mapping) -> dict:
    amounts = [row["amount"] for row in context["entries"]]
    return {"count": len(amounts), "total": sum(amounts, Decimal("0"))}


KINDS: dict[str, Kind] = {
    kind.code: kind
    for kind in [
        Kind(
            "acceptance_receipt",
            "受理回执",
            numbered=True,
            keys=(
                APPLICATION_NUMBER,
                ENTERPRISE_SHORT,
                PROGRAMME,
                CALL_TITLE,
                SUBMITTED_AT,
                Key("materials", "已提交材料", fields=("label", "file_name", "sha256"), rows=True),
            ),
        ),
        Kind(
            "application_form",
            "申报书",
            numbered=False,
            heading="{call_title}申报书",
            keys=(
                APPLICATION_NUMBER,
                ENTERPRISE_FULL,
                PROGRAMME,
                CALL_TITLE,
                # Generic so that insurance policies and loans share one template: the caller
                # names the columns and gives each row's cells in the same order.
                Key(
                    "items",
                    "投保/贷款明细：heading 标题、columns 表头列表、rows 每行单元格列表",
                    fields=("heading", "columns", "rows"),
                ),
                Key("patents", "涉及专利", fields=("number", "title", "type", "legal_status"), rows=True),
                Key("payee", "收款账户", fields=("bank", "account_name", "account_number")),
                AMOUNT_REQUESTED,
            ),
        ),
        Kind(
            "integrity_pledge",
            "诚信承诺书",
            numbered=False,
            keys=(ENTERPRISE_SHORT, PROGRAMME, CALL_TITLE),
        ),
        Kind(
            "correction_notice",
            "补正通知书",
            numbered=True,
            keys=(
                ENTERPRISE_SHORT,
                APPLICATION_NUMBER,
                CALL_TITLE,
                # 一次性告知: every defect in one notice, never one at a time.
                Key("defects", "需补正事项", fields=("item", "problem", "what_to_provide"), rows=True),
                Key("deadline", "补正期限", types=DAY),
                REVIEWER,
            ),
        ),
        Kind(
            "review_opinion",
            "初审意见表",
            numbered=True,
            keys=(
                APPLICATION_NUMBER,
                ENTERPRISE_SHORT,
                PROGRAMME,
                CALL_TITLE,
                SUBMITTED_AT,
                AMOUNT_REQUESTED,
                Key("checklist", "材料核对", fields=("label", "present", "note"), rows=True),
                Key("conditions", "条件预审", fields=("label", "result"), rows=True),
                Key("opinion", "初审意见", types=TEXT),
                Key("outcome", "初审结论，如 通过 / 退回补正 / 不予通过", types=TEXT),
                REVIEWER,
            ),
        ),
        Kind(
            "recommendation_letter",
            "推荐函",
            numbered=True,
            heading="关于推荐{call_title}项目的函",
            keys=(
                CALL_TITLE,
                Key("batch", "批次号", types=(int,)),
                Key(
                    "applications",
                    "推荐项目",
                    fields=("number", "enterprise", "programme", "amount_requested"),
                    rows=True,
                ),
            ),
            derive=_recommendation_totals,
        ),
        Kind(
            "approval_letter",
            "补助批准通知书",
            numbered=True,
            keys=(
                ENTERPRISE_SHORT,
                APPLICATION_NUMBER,
                PROGRAMME,
                CALL_TITLE,
                Key("amount", "批准补助金额（元）", types=MONEY),
                Key("basis", "批准依据，如 评审、公示情况", types=TEXT),
            ),
        ),
        Kind(
            "non_approval_notice",
            "不予补助通知书",
            numbered=True,
            keys=(
                ENTERPRISE_SHORT,
                APPLICATION_NUMBER,
                PROGRAMME,
                CALL_TITLE,
                Key("reasons", "不予补助的理由", fields=("reason",), rows=True),
            ),
        ),
        Kind(
            "notice_list",
            "补助项目公示名单",
            numbered=True,
            heading="{call_title}拟补助项目公示",
            keys=(
                CALL_TITLE,
                Key("published_on", "公示开始日期", types=DAY),
                Key("ends_on", "公示截止日期", types=DAY),
                Key("contact", "异议受理联系方式", types=TEXT),
                Key("entries", "公示项目", fields=("enterprise", "unit", "programme", "amount"), rows=True),
            ),
            derive=_notice_totals,
        ),
    ]
}


class UnknownKind(LookupError):
    pass


class ContextError(ValueError):
    """A context that does not fit its kind's key list: raised before a number is taken or a file written."""


def check_context(kind: Kind, context: Mapping) -> None:
    """Refuse a context with a missing, unexpected, reserved or mistyped key, naming the key."""
    for name in RESERVED_KEYS:
        if name in context:
            raise ContextError(f"{kind.code}: context key {name!r} is filled by issue() and must not be passed")
    expected = {key.name for key in kind.keys} | set(OPTIONAL_KEYS)
    for name in context:
        if name not in expected:
            raise ContextError(f"{kind.code}: unexpected context key {name!r}; expected {sorted(expected)}")
    for key in kind.keys:
        if key.name not in context:
            raise ContextError(f"{kind.code}: missing context key {key.name!r} ({key.meaning})")
        value = context[key.name]
        if key.rows:
            if not isinstance(value, list | tuple):
                raise ContextError(f"{kind.code}: context key {key.name!r} must be a list of records")
            for i, row in enumerate(value):
                _check_record(kind, f"{key.name}[{i}]", row, key)
        elif key.fields:
            _check_record(kind, key.name, value, key)
        elif key.types and not (isinstance(value, key.types) and not isinstance(value, bool)):
            wanted = " or ".join(t.__name__ for t in key.types)
            raise ContextError(
                f"{kind.code}: context key {key.name!r} ({key.meaning}) must be {wanted}, got {type(value).__name__}"
            )
    if "date" in context and not isinstance(context["date"], date):
        raise ContextError(f"{kind.code}: context key 'date' must be a date")


def _check_record(kind: Kind, path: str, record: object, key: Key) -> None:
    if not isinstance(record, Mapping):
        raise ContextError(f"{kind.code}: context key {path!r} ({key.meaning}) must be a dict")
    for name in key.fields:
        if name not in record:
            raise ContextError(f"{kind.code}: missing context key '{path}.{name}' ({key.meaning})")


def get(code: str) -> Kind:
    try:
        return KINDS[code]
    except KeyError:
        raise UnknownKind(f"no document kind {code!r}; known kinds: {', '.join(KINDS)}") from None
