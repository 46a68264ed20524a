"""The catalogue of facts: everything an application tells the rules, with types and units.

A *fact* is one named, typed value the rules may read (`registered_in_hebei`, `premium`, `loan_start`).
Rules refer to facts by name only; the loader refuses any name that is not in `CATALOGUE`.

Scopes:
- ``application``: the enterprise, the call's cycle year, the materials present and what the award history
  says about the enterprise as a whole. One value per application.
- ``policy`` / ``loan``: one value per item. An insurance application lists one or more policies, a loan
  interest application one or more loans; item conditions are evaluated once per item.

Facts marked ``derived`` are computed here from the raw input (patents and award history joined to an
item), so rules can say ``patents_all_valid`` instead of looping over records. Facts with
``source="reviewer"`` are judgements a city or provincial reviewer records (None until they do).

The web layer fills the catalogue through :func:`build_facts`, which takes plain dicts (as stored, or as
read from YAML/JSON), checks every value against its type and returns an immutable :class:`Facts`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

PROGRAMMES = ("insurance", "loan_interest")
ITEM_SCOPE = {"insurance": "policy", "loan_interest": "loan"}

INSURANCE_TYPES = (
    "patent_enforcement",  # 专利执行保险
    "infringement_loss",  # 专利被侵权损失险
    "infringement_liability",  # 侵犯专利权责任险
    "overseas_exhibition_legal_costs",  # 境外会展专利纠纷法律费用险
    "other",  # any other product (2019 edition did not list types)
)
QUALIFICATIONS = (
    "high_tech",  # 高新技术企业
    "tech_sme",  # 科技型中小企业
    "specialised_provincial",  # 省级专精特新中小企业
    "specialised_little_giant",  # 国家级专精特新“小巨人”企业
    "military_civil",  # 军民融合企业
)
SIZES = ("large", "medium", "small", "micro")  # 大型 / 中型 / 小型 / 微型
INDUSTRIES = (
    "steel",
    "high_end_equipment",
    "petrochemical",
    "food",
    "information",
    "biomedicine",
    "new_energy",
    "other",
)
UNITS = ("SJZ", "TS", "QHD", "HD", "XT", "BD", "ZJK", "CD", "CZ", "LF", "HS", "DZ", "XJ", "XA")
PATENT_TYPES = ("invention", "utility_model", "design")

# Value types: how a raw value is checked and what Python type the rules see.
TYPES = ("bool", "int", "money", "decimal", "date", "text", "choice", "set")


@dataclass(frozen=True, slots=True)
class Fact:
    name: str
    type: str
    scope: str
    label: str
    unit: str = ""
    choices: tuple[str, ...] = ()
    required: bool = True  # False: may be absent (None) without being "missing"
    default: Any = None
    derived: bool = False
    source: str = "applicant"  # applicant | reviewer | system
    doc: str = ""


def _f(name: str, type_: str, scope: str, label: str, **kw: Any) -> Fact:
    return Fact(name=name, type=type_, scope=scope, label=label, **kw)


A, P, L = "application", "policy", "loan"

_FACTS: list[Fact] = [
    # --- the call -------------------------------------------------------------------------------------------
    _f(
        "cycle_year",
        "int",
        A,
        "补助年度",
        unit="year",
        source="system",
        doc="Calendar year whose policies / loans the call covers (the call itself is issued early the next year).",
    ),
    # --- the enterprise -------------------------------------------------------------------------------------
    _f("registered_in_hebei", "bool", A, "在河北省注册"),
    _f("is_enterprise", "bool", A, "申报主体为企业"),
    _f("is_legal_person", "bool", A, "具有独立法人资格"),
    _f(
        "qualifications",
        "set",
        A,
        "企业资质",
        choices=QUALIFICATIONS,
        default=frozenset(),
        required=False,
        doc="高新技术企业 / 科技型中小企业 / 专精特新 levels held in the cycle year.",
    ),
    _f("size", "choice", A, "企业规模", choices=SIZES),
    _f("industry", "choice", A, "所属行业", choices=INDUSTRIES, required=False),
    _f("unit", "choice", A, "所属地市", choices=UNITS, doc="Submitting unit (city bureau) code."),
    _f(
        "materials",
        "set",
        A,
        "已提交材料",
        default=frozenset(),
        required=False,
        doc="Material ids present for the application as a whole (see each edition's `materials`).",
    ),
    _f(
        "insurance_awarded_this_year",
        "money",
        A,
        "本年度已获专利保险补助",
        unit="CNY",
        derived=True,
        doc="Sum of insurance awards in the history with year == cycle_year.",
    ),
    _f(
        "loan_interest_awarded_this_year",
        "money",
        A,
        "本年度已获贴息补助",
        unit="CNY",
        derived=True,
        doc="Sum of loan-interest awards in the history with year == cycle_year.",
    ),
    # --- one insurance policy -------------------------------------------------------------------------------
    _f("insurer", "text", P, "保险机构"),
    _f("policy_number", "text", P, "保单号"),
    _f("insurance_type", "choice", P, "险种", choices=INSURANCE_TYPES),
    _f("policy_date", "date", P, "投保日期", doc="Date the policy was issued (保单签发日)."),
    _f("period_start", "date", P, "保险期间起"),
    _f("period_end", "date", P, "保险期间止"),
    _f("premium", "money", P, "保费", unit="CNY", doc="Premium of the whole policy period."),
    _f("first_year_premium", "money", P, "首年保费", unit="CNY"),
    _f("premium_rate", "decimal", P, "保险费率", unit="fraction (0.02 = 2 %)", doc="Premium / coverage."),
    _f("coverage", "money", P, "保险金额", unit="CNY"),
    _f("date_paid", "date", P, "保费缴纳日期"),
    _f("paid_in_one_payment", "bool", P, "保费一次性全额缴纳"),
    _f("is_renewal", "bool", P, "续保", default=False, required=False),
    _f(
        "core_technology_patent",
        "bool",
        P,
        "投保专利为核心技术专利或对产业发展有重要作用",
        source="reviewer",
        required=False,
        doc="Reviewer's judgement (2021 insurance); None until recorded.",
    ),
    _f(
        "product_matches_need",
        "bool",
        P,
        "保险产品与企业实际需求相符",
        source="reviewer",
        required=False,
        doc="Reviewer's judgement (2021 insurance); None until recorded.",
    ),
    _f(
        "subsidised_same_type_before",
        "bool",
        P,
        "同一专利同一险种已获补助",
        derived=True,
        doc="An insured patent already has an insurance award of the same insurance type in an earlier year.",
    ),
    _f(
        "subsidised_previous_year",
        "bool",
        P,
        "投保专利上年度已获补助",
        derived=True,
        doc="An insured patent has an insurance award in cycle_year - 1.",
    ),
    # --- one loan -------------------------------------------------------------------------------------------
    _f("bank", "text", L, "贷款银行"),
    _f("contract_number", "text", L, "贷款合同编号"),
    _f("principal", "money", L, "贷款本金", unit="CNY"),
    _f("annual_rate", "decimal", L, "贷款年利率", unit="fraction per year (0.0435 = 4.35 %)"),
    _f("loan_start", "date", L, "贷款起始日"),
    _f("loan_end", "date", L, "贷款到期日"),
    _f("repaid_on", "date", L, "实际还款日", required=False, doc="None while the loan is not repaid."),
    _f("interest_paid_in_cycle", "money", L, "年度内实际支付利息", unit="CNY"),
    _f("pledge_registration_number", "text", L, "专利权质押登记号"),
    _f(
        "pledged_share",
        "decimal",
        L,
        "专利质押占比",
        unit="fraction (1 = wholly secured by patents)",
        doc="Share of the loan secured by the pledged patents when collateral is mixed.",
    ),
    _f("funds_for_patent_production", "bool", L, "贷款用于专利产业化"),
    _f("other_fiscal_subsidy", "bool", L, "已享受其他财政贴息", default=False, required=False),
    _f(
        "days_in_cycle",
        "int",
        L,
        "年度内计息天数",
        unit="day",
        derived=True,
        doc="Days of [loan_start, repaid_on or loan_end) that fall in the cycle year.",
    ),
    # --- patents attached to an item (derived for both item kinds) ------------------------------------------
    *[
        fact
        for scope in (P, L)
        for fact in (
            _f(f"patent_count@{scope}", "int", scope, "涉及专利数量", derived=True),
            _f(
                f"patents_all_known@{scope}",
                "bool",
                scope,
                "所列专利均已填报",
                derived=True,
                doc="Every patent number the item lists is described in `patents`.",
            ),
            # the three below are None (unknown) until every listed patent is described
            _f(f"patents_all_own@{scope}", "bool", scope, "专利均为申报企业自有", derived=True),
            _f(f"patents_all_valid@{scope}", "bool", scope, "专利均处于有效状态", derived=True),
            _f(f"patents_all_fees_paid@{scope}", "bool", scope, "专利年费均已缴纳", derived=True),
            _f(f"item_materials@{scope}", "set", scope, "该项已提交材料", default=frozenset(), required=False),
        )
    ],
]

# Patent facts exist for both policies and loans under one name; the '@scope' suffix only keeps the
# catalogue keys unique. Rules write `patents_all_valid`.
CATALOGUE: dict[tuple[str, str], Fact] = {}
for _fact in _FACTS:
    _name = _fact.name.split("@")[0]
    CATALOGUE[(_fact.scope, _name)] = Fact(**{**{s: getattr(_fact, s) for s in Fact.__slots__}, "name": _name})

PATENT_FIELDS = {
    "type": ("choice", PATENT_TYPES, "专利类型"),
    "owner_is_applicant": ("bool", (), "专利权人为申报企业"),
    "legal_status_valid": ("bool", (), "法律状态有效"),
    "annual_fee_paid": ("bool", (), "年费已缴纳"),
}
AWARD_FIELDS = {
    "programme": ("choice", PROGRAMMES, "项目"),
    "year": ("int", (), "补助年度"),
    "patent": ("text", (), "专利号"),
    "insurance_type": ("choice", INSURANCE_TYPES, "险种"),
    "amount": ("money", (), "补助金额"),
}


def facts_in_scope(scope: str) -> dict[str, Fact]:
    """Facts a rule of this scope may read: application facts, plus the item's own facts for an item scope."""
    names = {name: f for (s, name), f in CATALOGUE.items() if s == A}
    if scope != A:
        names.update({name: f for (s, name), f in CATALOGUE.items() if s == scope})
    return names


def item_scope(programme: str) -> str:
    return ITEM_SCOPE[programme]


# --- building and validating facts ----------------------------------------------------------------------------


class FactsError(ValueError):
    """Raw facts that do not fit the catalogue; `errors` lists (path, message) pairs."""

    def __init__(self, errors: list[tuple[str, str]]):
        self.errors = errors
        super().__init__("; ".join(f"{p}: {m}" for p, m in errors))


@dataclass(frozen=True)
class Facts:
    """What one application tells the rules, checked against the catalogue (see module docstring)."""

    application_id: str
    programme: str
    cycle_year: int
    application: dict[str, Any]
    items: dict[str, dict[str, Any]]
    raw: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)


def _to_bool(value: Any, choices: tuple[str, ...]) -> bool:
    if value is True or value is False:
        return value
    raise ValueError(f"expected true/false, got {value!r}")


def _to_int(value: Any, choices: tuple[str, ...]) -> int:
    if type(value) is int:
        return value
    raise ValueError(f"expected a whole number, got {value!r}")


def _to_decimal(value: Any, choices: tuple[str, ...]) -> Decimal:
    kind = type(value)
    if kind is Decimal:
        if value.is_finite():
            return value
    elif kind is str or kind is int:
        try:
            result = Decimal(value.strip() if kind is str else value)
        except InvalidOperation:
            raise ValueError(f"expected a decimal number, got {value!r}") from None
        if result.is_finite():
            return result
    elif kind is float:
        raise ValueError(f'expected an exact decimal (write it as a string, e.g. "12000.00"), got {value!r}')
    raise ValueError(f"expected a finite decimal number, got {value!r}")


def _to_date(value: Any, choices: tuple[str, ...]) -> dt.date:
    kind = type(value)
    if kind is dt.date:
        return value
    if kind is str:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"expected a date YYYY-MM-DD, got {value!r}")


def _to_text(value: Any, choices: tuple[str, ...]) -> str:
    if isinstance(value, str):
        return value
    raise ValueError(f"expected text, got {value!r}")


def _to_choice(value: Any, choices: tuple[str, ...]) -> str:
    if value in choices:
        return value
    raise ValueError(f"expected one of {', '.join(choices)}, got {value!r}")


def _to_set(value: Any, choices: tuple[str, ...]) -> frozenset[str]:
    if isinstance(value, list | tuple | set | frozenset) and all(isinstance(v, str) for v in value):
        if choices and (bad := sorted(set(value) - set(choices))):
            raise ValueError(f"unknown values {bad}; expected any of {', '.join(choices)}")
        return frozenset(value)
    raise ValueError(f"expected a list of text values, got {value!r}")


_CONVERTERS = {
    "bool": _to_bool,
    "int": _to_int,
    "money": _to_decimal,
    "decimal": _to_decimal,
    "date": _to_date,
    "text": _to_text,
    "choice": _to_choice,
    "set": _to_set,
}


def _convert(type_: str, choices: tuple[str, ...], value: Any) -> Any:
    return _CONVERTERS[type_](value, choices)


def _inputs_of(scope: str) -> dict[str, Fact]:
    """The facts of a scope that come from the input (not derived, not filled by build_facts itself)."""
    own = {name: f for (s, name), f in CATALOGUE.items() if s == scope and not f.derived}
    for name in ("cycle_year", "materials", "item_materials"):
        own.pop(name, None)
    return own


_INPUTS = {scope: _inputs_of(scope) for scope in (A, P, L)}
_ALLOWED_KEYS = {scope: frozenset(own) | {"patents", "materials"} for scope, own in _INPUTS.items()}
_SECTIONS = frozenset(
    ("application_id", "cycle_year", "enterprise", "materials", "patents", "items", "awards", "programme")
)
_PLANS = {
    scope: tuple((f.name, _CONVERTERS[f.type], f.choices, f.default) for f in facts.values())
    for scope, facts in _INPUTS.items()
}


def _read_scope(scope: str, raw: dict[str, Any], path: str, errors: list[tuple[str, str]]) -> dict[str, Any]:
    own = _INPUTS[scope]
    if not isinstance(raw, dict):
        errors.append((path, f"expected a mapping, got {raw!r}"))
        return {}
    if not raw.keys() <= _ALLOWED_KEYS[scope]:  # the keys are walked (in order) only when one is unknown
        for key in raw:
            if key not in own and key not in ("patents", "materials"):
                errors.append((f"{path}.{key}", f"not a {scope} fact in the catalogue"))
    out: dict[str, Any] = {}
    get = raw.get
    for name, convert, choices, default in _PLANS[scope]:
        value = get(name)
        if value is None:
            out[name] = default
            continue
        try:
            out[name] = convert(value, choices)
        except ValueError as exc:
            errors.append((f"{path}.{name}", str(exc)))
    return out


_RECORD_PLANS: dict[int, tuple[dict, frozenset, tuple]] = {}


def _record_plan(fields: dict) -> tuple[frozenset, tuple]:
    hit = _RECORD_PLANS.get(id(fields))
    if hit is None or hit[0] is not fields:
        plan = tuple((name, _CONVERTERS[type_], choices) for name, (type_, choices, _label) in fields.items())
        hit = _RECORD_PLANS[id(fields)] = (fields, frozenset(fields), plan)
    return hit[1], hit[2]


def _read_records(raw: Any, fields: dict, path: str, errors: list[tuple[str, str]]) -> list[dict[str, Any]]:
    out = []
    known, plan = _record_plan(fields)
    for i, record in enumerate(raw or []):
        if not isinstance(record, dict):
            errors.append((f"{path}[{i}]", "expected a mapping"))
            continue
        row = {}
        if not record.keys() <= known:
            for key in record:
                if key not in fields:
                    errors.append((f"{path}[{i}].{key}", "unknown field"))
        get = record.get
        for name, convert, choices in plan:
            value = get(name)
            if value is None:
                row[name] = None
                continue
            try:
                row[name] = convert(value, choices)
            except ValueError as exc:
                errors.append((f"{path}[{i}].{name}", str(exc)))
        out.append(row)
    return out


def build_facts(data: dict[str, Any], programme: str) -> Facts:
    """Check plain-dict facts against the catalogue and compute the derived facts.

    Input shape (all keys but ``application_id`` and ``cycle_year`` optional)::

        application_id: "A-2021-001"
        cycle_year: 2021
        enterprise: {registered_in_hebei: true, is_legal_person: true, size: small, unit: SJZ, ...}
        materials: [application_form, integrity_pledge]
        patents: {ZL201710601862.3: {type: invention, owner_is_applicant: true, legal_status_valid: true,
                                     annual_fee_paid: true}}
        items:                      # policies (insurance) or loans (loan_interest), by item id
          P1: {insurance_type: patent_enforcement, premium: "12000.00", ..., patents: [ZL201710601862.3],
               materials: [policy_copy, premium_invoice]}
        awards: [{programme: insurance, year: 2020, patent: ZL201710601862.3, insurance_type: other,
                  amount: "8000.00"}]

    Raises FactsError listing every problem at once.
    """
    if programme not in PROGRAMMES:
        raise FactsError([("programme", f"unknown programme {programme!r}")])
    errors: list[tuple[str, str]] = []
    if not isinstance(data, dict):
        raise FactsError([("", "expected a mapping")])
    if not data.keys() <= _SECTIONS:
        for key in data:
            if key not in _SECTIONS:
                errors.append((key, "unknown section"))
    app_id = data.get("application_id")
    if not isinstance(app_id, str | int) or isinstance(app_id, bool) or app_id == "":
        errors.append(("application_id", "required: text"))
    cycle_year = data.get("cycle_year")
    if not isinstance(cycle_year, int) or isinstance(cycle_year, bool):
        errors.append(("cycle_year", f"required: a whole number, got {cycle_year!r}"))
    application = _read_scope(A, data.get("enterprise") or {}, "enterprise", errors)
    application["cycle_year"] = cycle_year
    try:
        application["materials"] = _convert("set", (), data.get("materials") or [])
    except ValueError as exc:
        errors.append(("materials", str(exc)))

    patents: dict[str, dict[str, Any]] = {}
    raw_patents = data.get("patents") or {}
    if not isinstance(raw_patents, dict):
        errors.append(("patents", "expected a mapping of patent number to its facts"))
        raw_patents = {}
    for number, pfacts in raw_patents.items():
        rows = _read_records([pfacts], PATENT_FIELDS, f"patents.{number}", errors)
        if rows:
            patents[str(number)] = rows[0]
    awards = _read_records(data.get("awards"), AWARD_FIELDS, "awards", errors)

    scope = ITEM_SCOPE[programme]
    items: dict[str, dict[str, Any]] = {}
    raw_items = data.get("items") or {}
    if not isinstance(raw_items, dict):
        errors.append(("items", "expected a mapping of item id to its facts"))
        raw_items = {}
    for item_id, raw_item in raw_items.items():
        path = f"items.{item_id}"
        item = _read_scope(scope, raw_item, path, errors)
        if not isinstance(raw_item, dict):
            continue
        numbers = raw_item.get("patents") or []
        if not isinstance(numbers, list) or not all(isinstance(n, str) for n in numbers):
            errors.append((f"{path}.patents", "expected a list of patent numbers"))
            numbers = []
        try:
            item["item_materials"] = _convert("set", (), raw_item.get("materials") or [])
        except ValueError as exc:
            errors.append((f"{path}.materials", str(exc)))
        items[str(item_id)] = (item, numbers)  # type: ignore[assignment]
    if errors:
        raise FactsError(errors)

    year = cycle_year
    for prog in PROGRAMMES:
        application[f"{prog}_awarded_this_year"] = sum(
            (a["amount"] or Decimal(0) for a in awards if a["programme"] == prog and a["year"] == year), Decimal(0)
        )
    done: dict[str, dict[str, Any]] = {}
    for item_id, (item, numbers) in items.items():  # type: ignore[misc]
        known = [patents[n] for n in numbers if n in patents]
        item["patent_count"] = len(numbers)
        item["patents_all_known"] = len(known) == len(numbers)
        # Unknown (None) rather than False while a listed patent is not described: a correction, not a reject.
        complete = bool(numbers) and len(known) == len(numbers)
        for derived, source in (
            ("patents_all_own", "owner_is_applicant"),
            ("patents_all_valid", "legal_status_valid"),
            ("patents_all_fees_paid", "annual_fee_paid"),
        ):
            values = [p[source] for p in known]
            item[derived] = all(values) if complete and None not in values else None
        if scope == P:
            mine = [a for a in awards if a["programme"] == "insurance" and a["patent"] in numbers]
            item["subsidised_same_type_before"] = any(
                a["insurance_type"] == item["insurance_type"] and a["year"] < year for a in mine
            )
            item["subsidised_previous_year"] = any(a["year"] == year - 1 for a in mine)
        else:
            item["days_in_cycle"] = _days_in_year(item["loan_start"], item["repaid_on"] or item["loan_end"], year)
        done[item_id] = item
    return Facts(
        application_id=str(app_id),
        programme=programme,
        cycle_year=year,
        application=application,
        items=done,
        raw=data,
    )


def _days_in_year(start: dt.date | None, end: dt.date | None, year: int) -> int | None:
    """Interest days of [start, end) inside the calendar year (the end day bears no interest)."""
    if start is None or end is None:
        return None
    lo = max(start, dt.date(year, 1, 1))
    hi = min(end, dt.date(year + 1, 1, 1))
    return max((hi - lo).days, 0)


def describe_catalogue() -> list[dict[str, Any]]:
    """The catalogue as plain rows (for documentation pages and the Django models' checks)."""
    return [
        {
            "scope": f.scope,
            "name": f.name,
            "type": f.type,
            "unit": f.unit,
            "label": f.label,
            "choices": list(f.choices),
            "derived": f.derived,
            "source": f.source,
            "doc": f.doc,
        }
        for f in CATALOGUE.values()
    ]
