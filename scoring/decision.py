"""What the panel score decides: the score itself, the pass mark, the ranking and the share of the budget.

`panel_score` turns expert sheets (criterion -> points per expert) into the aggregated expert part plus the
computed criteria of the evaluation. `decide` takes the evaluated (and scored) applications of one call, keeps
those that are eligible and reach the pass mark, builds the requests (per application or per item, as the
edition says) with the ranking keys' values, and shares the budget by the edition's allocation policy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from scoring.aggregation import Aggregate, aggregate, expert_totals
from scoring.allocation import AllocationResult, Request, allocate
from scoring.engine import ELIGIBLE, Evaluation
from scoring.facts import Facts
from scoring.ruleset import Edition, EditionRef


@dataclass(frozen=True)
class Score:
    edition: EditionRef
    experts: Aggregate
    expert_totals: dict[str, Decimal]
    computed: Decimal
    total: Decimal | None  # None without enough experts
    passed: bool | None  # None when there is no total, or no pass mark


def panel_score(edition: Edition, evaluation: Evaluation, sheets: Mapping[str, Mapping[str, Decimal | int]]) -> Score:
    """Aggregate the expert sheets and add the computed criteria of `evaluation`."""
    criteria = {c.id: c.max_points for c in edition.spec.rubric.criteria if c.kind == "expert"}
    totals = expert_totals(sheets, criteria)
    agg = aggregate(list(totals.values()), edition.spec.aggregation)
    computed = sum((c.points or Decimal(0) for c in evaluation.computed_criteria), Decimal(0))
    total = None if agg.value is None else agg.value + computed
    mark = edition.spec.decision.pass_mark
    passed = None if total is None or mark is None else total >= mark
    return Score(edition.ref, agg, totals, computed, total, passed)


@dataclass(frozen=True)
class Candidate:
    facts: Facts
    evaluation: Evaluation
    score: Decimal | None = None


@dataclass(frozen=True)
class Decision:
    edition: EditionRef
    excluded: dict[str, str]  # application id -> reason
    allocation: AllocationResult

    def award(self, application_id: str, item_id: str | None = None) -> Decimal:
        return self.allocation.amount_of(application_id, item_id)


def decide(edition: Edition, candidates: Sequence[Candidate], budget: Decimal, policy: str | None = None) -> Decision:
    """Pass mark, ranking and allocation over one call's applications. `policy` overrides the edition's (what-if)."""
    spec = edition.spec.decision
    excluded: dict[str, str] = {}
    requests: list[Request] = []
    for cand in candidates:
        ev = cand.evaluation
        if ev.edition.sha256 != edition.sha256:
            raise ValueError(
                f"{ev.application_id} was evaluated with {ev.edition.id} {ev.edition.sha256[:12]}, "
                f"not with {edition.id} {edition.sha256[:12]}"
            )
        if ev.trial:
            raise ValueError(f"{ev.application_id}: a trial result (draft edition or ungoverned year) decides nothing")
        if ev.status != ELIGIBLE:
            excluded[ev.application_id] = f"status {ev.status}"
            continue
        if spec.pass_mark is not None and (cand.score is None or cand.score < spec.pass_mark):
            excluded[ev.application_id] = f"score {cand.score} below the pass mark {spec.pass_mark}"
            continue
        if spec.allocation.unit == "application":
            keys = {**cand.facts.application, "score": cand.score, "amount": ev.amount}
            requests.append(Request(ev.application_id, None, ev.amount, keys))
            continue
        for item in ev.items.values():
            if item.status == ELIGIBLE and item.amount > 0:
                keys = {
                    **cand.facts.application,
                    **cand.facts.items[item.id],
                    "score": cand.score,
                    "amount": item.amount,
                }
                requests.append(Request(ev.application_id, item.id, item.amount, keys))
    result = allocate(requests, budget, policy or spec.allocation.policy, spec.ranking, spec.allocation.partial_last)
    return Decision(edition.ref, excluded, result)
