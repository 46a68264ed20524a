"""YAML cases beside each edition (``rules/<programme>/<edition>.cases.yaml``), run by the test suite.

A cases file names its edition, a ``base`` set of facts, and:
- ``cases``: each deep-merges its ``facts`` into the base (mappings merge key by key, anything else replaces;
  an item set to null is removed) and states what must come out: ``status``, ``failed`` (the exact set of blocking
  condition ids), ``amount``, per-item ``items`` expectations, and optionally a panel ``score`` from ``sheets``;
- ``allocations``: a set of applications (each a base merge with an ``id`` and a ``score``), a ``budget`` and the
  expected ``awards`` (by application id, or ``application/item``), ``total`` and ``excluded``; ``policy`` may
  override the edition's allocation policy to show what another policy would do (a what-if).

`condition_coverage` lists, per condition id, the results seen over all cases: every condition must be seen both
passing and failing.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from scoring.decision import Candidate, decide, panel_score
from scoring.engine import Evaluation, evaluate
from scoring.facts import FactsError, build_facts
from scoring.loader import RULES_DIR, RuleBook, RulesError, read_yaml, validation_errors
from scoring.ruleset import Dec, Strict


class ItemExpect(Strict):
    status: str | None = None
    failed: list[str] | None = None
    amount: Dec | None = None


class Expect(Strict):
    status: Literal["eligible", "ineligible", "needs_correction", "awaiting_judgement"]
    failed: list[str] = []
    amount: Dec | None = None
    items: dict[str, ItemExpect] = {}
    score: Dec | None = None
    trace_contains: list[str] = []


class Case(Strict):
    name: str
    trial: bool = False
    facts: dict[str, Any] = {}
    sheets: dict[str, dict[str, Dec]] | None = None
    expect: Expect


class AllocApplication(Strict):
    id: str
    score: Dec | None = None
    facts: dict[str, Any] = {}


class AllocExpect(Strict):
    awards: dict[str, Dec]
    total: Dec
    excluded: list[str] = []
    ratio: Dec | None = None


class AllocCase(Strict):
    name: str
    budget: Dec
    policy: Literal["pro_rata", "fill_in_order", "skip_and_continue"] | None = None
    applications: list[AllocApplication]
    expect: AllocExpect


class CasesFile(Strict):
    edition: str
    base: dict[str, Any]
    cases: list[Case] = []
    allocations: list[AllocCase] = []


@dataclass
class CaseOutcome:
    file: str
    name: str
    problems: list[str] = field(default_factory=list)
    evaluations: list[Evaluation] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def merge(base: Any, override: Any) -> Any:
    """Deep merge for case facts: mappings merge key by key, anything else replaces."""
    if isinstance(base, dict) and isinstance(override, dict):
        out = dict(base)
        for key, value in override.items():
            out[key] = merge(base.get(key), value) if key in base else copy.deepcopy(value)
        return out
    return copy.deepcopy(override)


def _facts(base: dict, override: dict, application_id: str, programme: str):
    data = merge(base, override)
    data["application_id"] = application_id
    data["items"] = {k: v for k, v in (data.get("items") or {}).items() if v is not None}
    return build_facts(data, programme)


def load_cases(path: Path | str) -> CasesFile:
    data, composed, _text, _sha = read_yaml(path)
    if composed.errors:
        raise RulesError(composed.errors)
    try:
        return CasesFile.model_validate(data)
    except ValidationError as exc:
        raise RulesError(validation_errors(exc, composed)) from None


def run_cases(book: RuleBook, path: Path | str) -> list[CaseOutcome]:
    spec = load_cases(path)
    edition = book.edition(spec.edition)
    outcomes = []
    for case in spec.cases:
        out = CaseOutcome(str(path), case.name)
        outcomes.append(out)
        try:
            facts = _facts(spec.base, case.facts, case.name, edition.programme)
        except FactsError as exc:
            out.problems.append(f"facts: {exc}")
            continue
        ev = evaluate(edition, facts, trial=case.trial)
        out.evaluations.append(ev)
        exp = case.expect
        if ev.status != exp.status:
            out.problems.append(f"status {ev.status}, expected {exp.status}")
        if sorted(set(ev.failed)) != sorted(set(exp.failed)):
            out.problems.append(f"failed {sorted(set(ev.failed))}, expected {sorted(set(exp.failed))}")
        if exp.amount is not None and ev.amount != exp.amount:
            out.problems.append(f"amount {ev.amount}, expected {exp.amount}")
        for item_id, iexp in exp.items.items():
            item = ev.items.get(item_id)
            if item is None:
                out.problems.append(f"no item {item_id}")
                continue
            if iexp.status is not None and item.status != iexp.status:
                out.problems.append(f"item {item_id} status {item.status}, expected {iexp.status}")
            if iexp.amount is not None and item.amount != iexp.amount:
                out.problems.append(f"item {item_id} amount {item.amount}, expected {iexp.amount}")
            if iexp.failed is not None:
                got = sorted({c.id for c in item.conditions if c.status != "eligible"})
                if got != sorted(iexp.failed):
                    out.problems.append(f"item {item_id} failed {got}, expected {sorted(iexp.failed)}")
        text = str(ev.as_dict())
        for needle in exp.trace_contains:
            if needle not in text:
                out.problems.append(f"trace does not contain {needle!r}")
        if case.sheets is not None:
            score = panel_score(edition, ev, case.sheets)
            if exp.score is not None and score.total != exp.score:
                out.problems.append(f"score {score.total}, expected {exp.score}")
    for alloc in spec.allocations:
        out = CaseOutcome(str(path), alloc.name)
        outcomes.append(out)
        candidates = []
        try:
            for app in alloc.applications:
                facts = _facts(spec.base, app.facts, app.id, edition.programme)
                ev = evaluate(edition, facts)
                out.evaluations.append(ev)
                candidates.append(Candidate(facts, ev, app.score))
        except FactsError as exc:
            out.problems.append(f"facts: {exc}")
            continue
        decision = decide(edition, candidates, alloc.budget, alloc.policy)
        got = {}
        for award in decision.allocation.awards:
            r = award.request
            key = r.application_id if r.item_id is None else f"{r.application_id}/{r.item_id}"
            got[key] = award.amount
        want = {k: Decimal(v) for k, v in alloc.expect.awards.items()}
        if got != want:
            out.problems.append(f"awards {_show(got)}, expected {_show(want)}")
        if decision.allocation.total != alloc.expect.total:
            out.problems.append(f"total {decision.allocation.total}, expected {alloc.expect.total}")
        if decision.allocation.total > decision.allocation.budget:
            out.problems.append("total exceeds the budget")
        if sorted(decision.excluded) != sorted(alloc.expect.excluded):
            out.problems.append(f"excluded {sorted(decision.excluded)}, expected {sorted(alloc.expect.excluded)}")
        if alloc.expect.ratio is not None and decision.allocation.ratio != alloc.expect.ratio:
            out.problems.append(f"ratio {decision.allocation.ratio}, expected {alloc.expect.ratio}")
    return outcomes


def _show(awards: dict[str, Decimal]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in sorted(awards.items())) + "}"


def case_files(root: Path | str = RULES_DIR) -> list[Path]:
    return sorted(Path(root).glob("*/*.cases.yaml"))


def run_all_cases(book: RuleBook, root: Path | str = RULES_DIR) -> list[CaseOutcome]:
    outcomes = []
    for path in case_files(root):
        outcomes.extend(run_cases(book, path))
    return outcomes


def condition_coverage(book: RuleBook, outcomes: list[CaseOutcome]) -> dict[str, dict[str, set[str]]]:
    """edition id -> condition id -> results seen ('passed', 'failed', 'unknown') over the cases."""
    seen: dict[str, dict[str, set[str]]] = {
        e.id: {cid: set() for cid in e.condition_ids()} for e in book.editions.values()
    }
    for outcome in outcomes:
        for ev in outcome.evaluations:
            table = seen[ev.edition.id]
            for r in ev.all_conditions():
                table[r.id].add(r.result)
    return seen


def uncovered(coverage: dict[str, dict[str, set[str]]]) -> list[str]:
    """'edition: condition (lacks passing/failing)' for every condition not seen both ways."""
    out = []
    for edition_id, table in sorted(coverage.items()):
        for cid, results in table.items():
            lacks = [w for w, ok in (("passing", "passed" in results), ("failing", "failed" in results)) if not ok]
            if lacks:
                out.append(f"{edition_id}: {cid} lacks a {' and a '.join(lacks)} case")
    return out
