"""What changed between two editions, and whom the change affects.

`diff_editions` compares two editions section by section, by stable id: parameters (value, verified), materials,
eligibility conditions (expression, severity, scope, wording), amount steps, caps and rounding, rubric criteria
(weights, formulas), aggregation and the decision (pass mark, ranking keys, allocation policy).

`impact` evaluates the same applications' facts under both editions (as trials: neither may govern the facts'
cycle year) and reports whose eligibility, failing conditions or amount change.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from scoring.engine import evaluate, plain
from scoring.facts import Facts, FactsError, build_facts
from scoring.loader import RulesError, read_yaml
from scoring.ruleset import Edition


@dataclass(frozen=True)
class Change:
    section: str  # parameters | materials | eligibility | amount | rubric | aggregation | decision | edition
    id: str  # the parameter / condition / step / criterion id, or the field for single-valued sections
    field: str  # what changed ('added' / 'removed' for whole entries)
    old: Any
    new: Any

    def __str__(self) -> str:
        if self.field == "added":
            return f"{self.section}.{self.id}: added"
        if self.field == "removed":
            return f"{self.section}.{self.id}: removed"
        return f"{self.section}.{self.id}.{self.field}: {_show(self.old)} -> {_show(self.new)}"


def _show(value: Any) -> str:
    return json.dumps(plain(value), ensure_ascii=False, default=str)


def _by_id(rows: Iterable[Any]) -> dict[str, dict[str, Any]]:
    return {row.id: row.model_dump() for row in rows}


def _compare(section: str, old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]) -> list[Change]:
    out = []
    for key in old:
        if key not in new:
            out.append(Change(section, key, "removed", old[key], None))
    for key in new:
        if key not in old:
            out.append(Change(section, key, "added", None, new[key]))
            continue
        for fld in new[key]:
            if old[key].get(fld) != new[key][fld]:
                out.append(Change(section, key, fld, old[key].get(fld), new[key][fld]))
    return out


def diff_editions(a: Edition, b: Edition) -> list[Change]:
    """Every difference from `a` to `b`, in document order."""
    sa, sb = a.spec, b.spec
    changes: list[Change] = []
    ha, hb = sa.edition.model_dump(), sb.edition.model_dump()
    for fld in ("programme", "version", "status", "cycle_years", "supersedes", "references"):
        if ha[fld] != hb[fld]:
            changes.append(Change("edition", "header", fld, ha[fld], hb[fld]))
    changes += _compare(
        "parameters",
        {k: v.model_dump() for k, v in sa.parameters.items()},
        {k: v.model_dump() for k, v in sb.parameters.items()},
    )
    changes += _compare("materials", _by_id(sa.materials), _by_id(sb.materials))
    changes += _compare("eligibility", _by_id(sa.eligibility), _by_id(sb.eligibility))
    changes += _compare("amount.steps", _by_id(sa.amount.steps), _by_id(sb.amount.steps))
    changes += _compare(
        "amount",
        {"caps": sa.amount.caps.model_dump(), "rounding": sa.amount.rounding.model_dump()},
        {"caps": sb.amount.caps.model_dump(), "rounding": sb.amount.rounding.model_dump()},
    )
    changes += _compare("rubric.criteria", _by_id(sa.rubric.criteria), _by_id(sb.rubric.criteria))
    if sa.rubric.total_points != sb.rubric.total_points:
        changes.append(Change("rubric", "total_points", "value", sa.rubric.total_points, sb.rubric.total_points))
    changes += _compare(
        "aggregation", {"aggregation": sa.aggregation.model_dump()}, {"aggregation": sb.aggregation.model_dump()}
    )
    da, db = sa.decision.model_dump(), sb.decision.model_dump()
    changes += _compare(
        "decision",
        {"decision": {k: v for k, v in da.items() if k != "note"}},
        {"decision": {k: v for k, v in db.items() if k != "note"}},
    )
    return changes


# --- impact ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImpactRow:
    application_id: str
    status_a: str
    status_b: str
    amount_a: Decimal
    amount_b: Decimal
    newly_failing: tuple[str, ...]
    no_longer_failing: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return (
            self.status_a != self.status_b
            or self.amount_a != self.amount_b
            or bool(self.newly_failing)
            or bool(self.no_longer_failing)
        )

    def __str__(self) -> str:
        parts = [self.application_id]
        if self.status_a != self.status_b:
            parts.append(f"status {self.status_a} -> {self.status_b}")
        if self.amount_a != self.amount_b:
            parts.append(f"amount {self.amount_a} -> {self.amount_b} ({self.amount_b - self.amount_a:+})")
        if self.newly_failing:
            parts.append(f"now failing {', '.join(self.newly_failing)}")
        if self.no_longer_failing:
            parts.append(f"no longer failing {', '.join(self.no_longer_failing)}")
        return ": ".join(parts[:1]) + (": " + "; ".join(parts[1:]) if len(parts) > 1 else ": unchanged")


def impact(a: Edition, b: Edition, applications: Sequence[Facts]) -> list[ImpactRow]:
    """Each application evaluated under `a` and under `b` (trial runs); one row per application."""
    if a.programme != b.programme:
        raise ValueError(f"{a.id} and {b.id} belong to different programmes")
    rows = []
    for facts in applications:
        ea, eb = evaluate(a, facts, trial=True), evaluate(b, facts, trial=True)
        fa, fb = set(ea.failed), set(eb.failed)
        rows.append(
            ImpactRow(
                facts.application_id,
                ea.status,
                eb.status,
                ea.amount,
                eb.amount,
                tuple(sorted(fb - fa)),
                tuple(sorted(fa - fb)),
            )
        )
    return rows


def load_facts_file(path: Path | str, programme: str) -> list[Facts]:
    """Applications' facts from a YAML or JSON file: a list of fact mappings, or {applications: [...]}."""
    path = Path(path)
    if path.suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
    else:
        data, composed, _t, _s = read_yaml(path)
        if composed.errors:
            raise RulesError(composed.errors)
    if isinstance(data, dict):
        data = data.get("applications")
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of applications (or a mapping with `applications:`)")
    out, errors = [], []
    for i, row in enumerate(data):
        try:
            out.append(build_facts(row, programme))
        except FactsError as exc:
            errors.extend((f"[{i}].{p}", m) for p, m in exc.errors)
    if errors:
        raise FactsError(errors)
    return out
