"""Applying one edition to one application: eligibility with a trace, the amount, the computed criteria.

Words:
- a *condition* is one named eligibility test of the edition (``policy_in_cycle``). Application conditions are
  evaluated once; item conditions once per policy or loan, each with its own trace. Every required material is a
  condition too (``material:<id>``, severity ``correction``).
- a condition's *result* is ``passed``, ``failed`` or ``unknown`` (a fact it reads is missing, or a reviewer has
  not judged yet). Its *severity* says what that means:

  ========== ====================== =============================
  severity   failed                 unknown
  ========== ====================== =============================
  reject     ineligible             needs_correction (补正)
  correction needs_correction       needs_correction
  judgement  ineligible             awaiting_judgement
  warning    (shown, never blocks)  (shown, never blocks)
  ========== ====================== =============================

- an item's status is the worst of its own conditions. The application's status is the worst of its application
  conditions; when those pass, any item that needs correction or a judgement holds the whole application
  (so a correction notice lists every problem at once), otherwise it is ``eligible`` if at least one item is
  eligible and ``ineligible`` if none is. Ineligible items are simply left out of the amount.
- the *amount*: each eligible item runs the edition's steps (formula by formula, each value in the trace), is
  rounded as declared and capped per item; the items are then taken in the edition's ranking order and cut where
  the per-enterprise cap, then the per-year cap (less what the history already awarded this year), is reached.
  Items awaiting a reviewer's judgement get a provisional amount (as if the reviewer agrees); an ineligible
  application is owed 0.00.

Every result carries the edition's id, version and SHA-256 (`EditionRef`); the same facts and edition give the
same result to the fen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from scoring.allocation import sort_key
from scoring.expressions import EvaluationError
from scoring.facts import Facts
from scoring.ruleset import Condition, Edition, EditionRef, Material, Rounding

ELIGIBLE, INELIGIBLE, CORRECTION, JUDGEMENT = "eligible", "ineligible", "needs_correction", "awaiting_judgement"
_PAYABLE = (ELIGIBLE, JUDGEMENT)  # an item awaiting a judgement gets a provisional amount (if the reviewer agrees)
_RANK = {ELIGIBLE: 0, JUDGEMENT: 1, CORRECTION: 2, INELIGIBLE: 3}
_OUTCOME = {  # (severity, result) -> status
    ("reject", "failed"): INELIGIBLE,
    ("reject", "unknown"): CORRECTION,
    ("correction", "failed"): CORRECTION,
    ("correction", "unknown"): CORRECTION,
    ("judgement", "failed"): INELIGIBLE,
    ("judgement", "unknown"): JUDGEMENT,
}


class EngineError(ValueError):
    """The edition cannot decide these facts (draft edition, other programme, cycle year not governed)."""


@dataclass(frozen=True, slots=True)
class MaterialCondition:
    """A required material seen as a condition, so it shares the trace and the notices."""

    id: str
    label: str
    scope: str
    severity: str
    article: str
    notice: str

    @classmethod
    def of(cls, material: Material) -> MaterialCondition:
        return cls(
            id=f"material:{material.id}",
            label=f"提交{material.label}",
            scope=material.scope,
            severity="correction",
            article=material.article or "",
            notice=material.notice,
        )


class ConditionResult(NamedTuple):
    """One line of the eligibility trace."""

    condition: Condition | MaterialCondition
    item: str | None
    result: str  # passed | failed | unknown
    inputs: dict[str, Any]
    status: str  # what the result means under the condition's severity (see the module docstring)
    missing: tuple[str, ...] = ()
    error: str | None = None

    @property
    def id(self) -> str:
        return self.condition.id

    def as_dict(self) -> dict[str, Any]:
        c = self.condition
        return {
            "id": c.id,
            "item": self.item,
            "label": c.label,
            "severity": c.severity,
            "article": c.article,
            "result": self.result,
            "inputs": plain(self.inputs),
            "missing": list(self.missing),
            "error": self.error,
            "notice": c.notice if self.result != "passed" else None,
        }


_row = tuple.__new__  # builds a ConditionResult without the Python-level __new__: the trace is the hot path


@dataclass(slots=True)
class ItemResult:
    id: str
    status: str
    conditions: list[ConditionResult]
    steps: list[tuple[str, Any]] = field(default_factory=list)  # (step id, value) in order
    computed: Decimal | None = None  # last step, rounded
    capped: Decimal | None = None  # after the per-item cap
    amount: Decimal = Decimal("0.00")  # after the enterprise and year caps
    notes: list[str] = field(default_factory=list)
    missing: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "conditions": [c.as_dict() for c in self.conditions],
            "steps": [[k, plain(v)] for k, v in self.steps],
            "computed": plain(self.computed),
            "capped": plain(self.capped),
            "amount": plain(self.amount),
            "notes": self.notes,
            "missing": list(self.missing),
        }


@dataclass(slots=True)
class CriterionResult:
    id: str
    points: Decimal | None
    raw: Any
    inputs: dict[str, Any]
    note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "points": plain(self.points),
            "raw": plain(self.raw),
            "inputs": plain(self.inputs),
            "note": self.note,
        }


@dataclass(slots=True)
class Evaluation:
    """Everything the engine decided for one application under one pinned edition."""

    edition: EditionRef
    application_id: str
    cycle_year: int
    trial: bool
    status: str
    conditions: list[ConditionResult]  # application-level, materials included
    items: dict[str, ItemResult]
    amount: Decimal
    amount_notes: list[str]
    computed_criteria: list[CriterionResult]

    @property
    def failed(self) -> list[str]:
        """Ids of conditions that did not pass and block (application and items), without duplicates."""
        out: list[str] = []
        for r in self.all_conditions():
            if r.status != ELIGIBLE and r.id not in out:
                out.append(r.id)
        return out

    def all_conditions(self) -> list[ConditionResult]:
        rows = list(self.conditions)
        for item in self.items.values():
            rows.extend(item.conditions)
        return rows

    def notices(self, status: str | None = None) -> list[dict[str, Any]]:
        """Notice sentences of every blocking problem (for 补正 / 不予受理 letters), optionally of one status."""
        return [
            {
                "id": r.id,
                "item": r.item,
                "status": r.status,
                "article": r.condition.article,
                "notice": r.condition.notice,
                "missing": list(r.missing),
            }
            for r in self.all_conditions()
            if r.status != ELIGIBLE and (status is None or r.status == status)
        ]

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready snapshot to store with the application (money and dates as text)."""
        return {
            "edition": self.edition.as_dict(),
            "application_id": self.application_id,
            "cycle_year": self.cycle_year,
            "trial": self.trial,
            "status": self.status,
            "amount": plain(self.amount),
            "amount_notes": self.amount_notes,
            "conditions": [c.as_dict() for c in self.conditions],
            "items": {k: v.as_dict() for k, v in self.items.items()},
            "computed_criteria": [c.as_dict() for c in self.computed_criteria],
        }


def plain(value: Any) -> Any:
    """Money and dates as text, sets as sorted lists: a stable JSON form."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return sorted(value)
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def quantize(value: Decimal, rounding: Rounding) -> Decimal:
    return Decimal(value).quantize(Decimal(1).scaleb(-rounding.places), rounding=rounding.mode)


def _param_env(edition: Edition) -> tuple[dict[str, Any], dict[str, str]]:
    values, fact_params = {}, {}
    for name, p in edition.spec.parameters.items():
        if p.fact is not None:
            fact_params[name] = p.fact
        else:
            values[name] = tuple(p.value) if isinstance(p.value, list) else p.value
    return values, fact_params


def _missing(inputs: dict[str, Any]) -> tuple[str, ...]:
    return tuple(n for n, v in inputs.items() if v is None)


def _generate_checks(checks: tuple) -> Callable[[dict[str, Any], str | None, list[ConditionResult]], int]:
    """One function per edition and scope that evaluates its prepared conditions into `out` and returns the worst
    status rank seen, written out condition by condition (no loop, unpacking or comprehension per condition).

    For each condition: its inputs are read; if one is missing (None) the result is ``unknown``; otherwise the
    compiled expression decides ``passed`` or ``failed``, and an EvaluationError makes it ``unknown`` with the
    error. The generated code holds no text of the edition: conditions, their compiled expressions and statuses
    are bound by reference (``_c3``, ``_r3``...), names are read with ``env[...]`` under their checked identifiers.
    """
    namespace: dict[str, Any] = {
        "_row": _row,
        "_CR": ConditionResult,
        "_EvaluationError": EvaluationError,
        "_missing": _missing,
        "_ELIGIBLE": ELIGIBLE,
    }
    lines = ["def checks(env, item, out):", "    worst = 0", "    append = out.append"]
    for i, (condition, names, run, on_fail, on_unknown) in enumerate(checks):
        namespace.update({f"_c{i}": condition, f"_r{i}": run, f"_f{i}": on_fail, f"_u{i}": on_unknown})
        if not all(n.isidentifier() for n in names):  # pragma: no cover - expression names are identifiers
            raise ValueError(f"condition {condition.id}: bad names {names!r}")
        pairs = ", ".join(f"{n!r}: env[{n!r}]" for n in names)
        unknown_rank, fail_rank = _RANK[on_unknown], _RANK[on_fail]
        lines += [
            f"    inputs = {{{pairs}}}",
            "    if None in inputs.values():" if names else "    if False:",
            f"        append(_row(_CR, (_c{i}, item, 'unknown', inputs, _u{i}, _missing(inputs), None)))",
            f"        if {unknown_rank} > worst: worst = {unknown_rank}",
            "    else:",
            "        try:",
            f"            ok = _r{i}(env)",
            "        except _EvaluationError as exc:",
            f"            append(_row(_CR, (_c{i}, item, 'unknown', inputs, _u{i}, (), str(exc))))",
            f"            if {unknown_rank} > worst: worst = {unknown_rank}",
            "        else:",
            "            if ok:",
            f"                append(_row(_CR, (_c{i}, item, 'passed', inputs, _ELIGIBLE, (), None)))",
            "            else:",
            f"                append(_row(_CR, (_c{i}, item, 'failed', inputs, _f{i}, (), None)))",
            f"                if {fail_rank} > worst: worst = {fail_rank}",
        ]
    lines.append("    return worst")
    code = compile("\n".join(lines), "<rules conditions>", "exec")
    exec(code, namespace)  # noqa: S102 - generated above from the edition's checked, compiled conditions
    return namespace["checks"]


def _materials(checks: tuple, present: frozenset[str], item: str | None, out: list[ConditionResult]) -> int:
    worst = 0
    for m, material_id, inputs in checks:
        if material_id in present:
            out.append(_row(ConditionResult, (m, item, "passed", inputs, ELIGIBLE, (), None)))
        else:
            out.append(_row(ConditionResult, (m, item, "failed", inputs, CORRECTION, (), None)))
            worst = 2
    return worst


_BY_RANK = {rank: status for status, rank in _RANK.items()}


def evaluate(edition: Edition, facts: Facts, *, trial: bool = False) -> Evaluation:
    """Eligibility, amount and computed criteria of one application under `edition`.

    A draft edition, or a cycle year the edition does not govern, is refused unless ``trial=True``; a trial
    result says so (``trial`` is True) and must never decide a real application.
    """
    if facts.programme != edition.programme:
        raise EngineError(f"facts of programme {facts.programme!r} cannot be judged by {edition.id!r}")
    if not trial:
        if edition.status == "draft":
            raise EngineError(f"{edition.id} is a draft edition: it can be tried (trial=True) but decides nothing")
        if facts.cycle_year not in edition.cycle_years:
            raise EngineError(f"{edition.id} governs cycle years {list(edition.cycle_years)}, not {facts.cycle_year}")
    cache = _prepared(edition)
    params, fact_params = cache.params, cache.fact_params
    app_env = {**facts.application, **params}
    for name, fact in fact_params.items():
        if fact in app_env:
            app_env[name] = app_env[fact]

    app_results: list[ConditionResult] = []
    worst = cache.check_app(app_env, None, app_results)
    worst = max(worst, _materials(cache.app_materials, facts.application["materials"], None, app_results))
    status = _BY_RANK[worst]

    items: dict[str, ItemResult] = {}
    for item_id, item_facts in facts.items.items():
        env = {**app_env, **item_facts}
        for name, fact in fact_params.items():
            if fact in item_facts:
                env[name] = item_facts[fact]
        results: list[ConditionResult] = []
        worst = cache.check_item(env, item_id, results)
        worst = max(worst, _materials(cache.item_materials, item_facts["item_materials"], item_id, results))
        item = ItemResult(id=item_id, status=_BY_RANK[worst], conditions=results)
        if item.status in _PAYABLE:
            _run_steps(edition, cache, env, item)
        items[item_id] = item

    item_statuses = {i.status for i in items.values()}
    if status == ELIGIBLE:
        if CORRECTION in item_statuses:
            status = CORRECTION
        elif JUDGEMENT in item_statuses:
            status = JUDGEMENT
        elif ELIGIBLE not in item_statuses:
            status = INELIGIBLE

    amount, notes = _apply_caps(edition, cache, facts, items, app_env)
    if any(i.missing for i in items.values()) and status == ELIGIBLE:
        status = CORRECTION
    if status == INELIGIBLE and amount:
        # an ineligible application is owed nothing, whatever its items would have come to
        notes.append(f"application ineligible: {amount} computed for its items, 0.00 payable")
        amount = quantize(Decimal(0), edition.spec.amount.rounding)
        for item in items.values():
            item.amount = amount
    eligible_count = sum(1 for i in items.values() if i.status == ELIGIBLE)
    criteria = _computed_criteria(cache, app_env, eligible_count, amount)
    return Evaluation(
        edition=cache.ref,
        application_id=facts.application_id,
        cycle_year=facts.cycle_year,
        trial=trial or edition.status == "draft",
        status=status,
        conditions=app_results,
        items=items,
        amount=amount,
        amount_notes=notes,
        computed_criteria=criteria,
    )


def _run_steps(edition: Edition, cache: _Prepared, env: dict[str, Any], item: ItemResult) -> None:
    value: Any = None
    for step, expr in cache.steps:
        missing = tuple(n for n in expr.names if env[n] is None)
        if missing:
            item.missing = missing
            item.notes.append(f"{step.id}: missing {', '.join(missing)}")
            return
        try:
            value = expr.run(env)
        except EvaluationError as exc:
            item.missing = (step.id,)
            item.notes.append(f"{step.id}: {exc}")
            return
        env[step.id] = value
        item.steps.append((step.id, value))
    rounding = edition.spec.amount.rounding
    item.computed = quantize(value, rounding)
    cap = cache.per_item
    if cap is not None and item.computed > cap:
        item.capped = quantize(cap, rounding)
        item.notes.append(f"per-item cap {cap} applied ({edition.spec.amount.caps.per_item})")
    else:
        item.capped = item.computed


def _apply_caps(
    edition: Edition, cache: _Prepared, facts: Facts, items: dict[str, ItemResult], app_env: dict[str, Any]
) -> tuple[Decimal, list[str]]:
    rounding = edition.spec.amount.rounding
    zero = quantize(Decimal(0), rounding)
    payable = [i for i in items.values() if i.status in _PAYABLE and i.capped is not None]
    if len(payable) > 1:
        # the edition's ranking order decides which items are cut first when a cap bites (Art. 5 for 2021)
        # each item's ranking values merged once, not once per comparison
        values = {i.id: {**facts.application, **facts.items[i.id], "amount": i.capped} for i in payable}
        payable.sort(key=sort_key(cache.item_ranking, lambda i: values[i.id], lambda i: ("", i.id)))
    notes = []
    limits = []
    caps = edition.spec.amount.caps
    if cache.per_enterprise is not None:
        limits.append((cache.per_enterprise, f"per-enterprise cap {cache.per_enterprise} ({caps.per_enterprise})"))
    if cache.per_year is not None:
        already = app_env.get(f"{edition.programme}_awarded_this_year") or Decimal(0)
        left = max(cache.per_year - already, Decimal(0))
        limits.append(
            (left, f"per-year cap {cache.per_year} less {already} already awarded this year ({caps.per_year})")
        )
    room = min((limit for limit, _ in limits), default=None)
    total = zero
    for item in payable:
        amount = item.capped
        if room is not None:
            left = room - total
            if amount > left:
                amount = max(quantize(left, rounding), zero)
                reason = min(limits, key=lambda lim: lim[0])[1]
                item.notes.append(f"cut to {amount} by the {reason}")
        item.amount = amount
        total += amount
    if room is not None and total >= room and payable:
        notes.append(f"capped at {quantize(room, rounding)} by the {min(limits, key=lambda lim: lim[0])[1]}")
    return total, notes


def _computed_criteria(
    cache: _Prepared, app_env: dict[str, Any], eligible: int, amount: Decimal
) -> list[CriterionResult]:
    if not cache.computed:
        return []
    env = {**app_env, "eligible_item_count": eligible, "requested_amount": amount}
    out = []
    for crit, expr in cache.computed:
        inputs = {n: env[n] for n in expr.names}
        missing = [n for n in expr.names if inputs[n] is None]
        if missing:
            out.append(CriterionResult(crit.id, None, None, inputs, f"missing {', '.join(missing)}"))
            continue
        try:
            raw = expr.run(env)
        except EvaluationError as exc:
            out.append(CriterionResult(crit.id, None, None, inputs, str(exc)))
            continue
        points = min(max(Decimal(raw), Decimal(0)), crit.max_points)
        note = None if points == raw else f"clamped to 0..{crit.max_points}"
        out.append(CriterionResult(crit.id, points, raw, inputs, note))
    return out


# --- per-edition preparation (done once, kept on a small cache keyed by the edition object) ----------------


@dataclass(frozen=True)
class _Prepared:
    ref: EditionRef
    params: dict[str, Any]
    fact_params: dict[str, str]
    app_conditions: tuple
    item_conditions: tuple
    app_materials: tuple
    item_materials: tuple
    steps: tuple
    computed: tuple
    per_item: Decimal | None
    per_enterprise: Decimal | None
    per_year: Decimal | None
    item_ranking: tuple
    check_app: Callable[[dict[str, Any], str | None, list[ConditionResult]], int]
    check_item: Callable[[dict[str, Any], str | None, list[ConditionResult]], int]


_CACHE: dict[int, tuple[Edition, _Prepared]] = {}


def _plan(condition: Condition, expr: Any) -> tuple:
    severity = condition.severity
    return (
        condition,
        expr.names,
        expr.run,
        _OUTCOME.get((severity, "failed"), ELIGIBLE),
        _OUTCOME.get((severity, "unknown"), ELIGIBLE),
    )


def _prepared(edition: Edition) -> _Prepared:
    hit = _CACHE.get(id(edition))
    if hit is not None and hit[0] is edition:
        return hit[1]
    params, fact_params = _param_env(edition)
    spec = edition.spec
    materials = [(MaterialCondition.of(m), m.id, {"materials": m.id}) for m in spec.materials if m.required]

    def cap(name: str | None) -> Decimal | None:
        return None if name is None else Decimal(params[name])

    item_ranking = tuple(k for k in spec.decision.ranking if k.key not in ("score",))
    app_conditions = tuple(_plan(c, e) for c, e in edition.conditions if c.scope == "application")
    item_conditions = tuple(_plan(c, e) for c, e in edition.conditions if c.scope == "item")
    prepared = _Prepared(
        ref=edition.ref,
        params=params,
        fact_params=fact_params,
        app_conditions=app_conditions,
        item_conditions=item_conditions,
        app_materials=tuple(m for m in materials if m[0].scope == "application"),
        item_materials=tuple(m for m in materials if m[0].scope == "item"),
        steps=edition.steps,
        computed=edition.computed,
        per_item=cap(spec.amount.caps.per_item),
        per_enterprise=cap(spec.amount.caps.per_enterprise),
        per_year=cap(spec.amount.caps.per_year),
        item_ranking=item_ranking,
        check_app=_generate_checks(app_conditions),
        check_item=_generate_checks(item_conditions),
    )
    _CACHE[id(edition)] = (edition, prepared)
    return prepared
