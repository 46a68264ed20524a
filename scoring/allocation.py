"""Ranking and sharing a budget over a set of requests.

A *request* is what one application (or one policy of it, when the edition allocates per item) asks for after
eligibility, caps and the pass mark. The edition declares the ranking keys (e.g. 2021 insurance Art. 5: lower
premium rate, larger coverage, earlier policy date); ties that remain are always broken by application id, then
item id, so the order never depends on input order.

Policies:
- ``pro_rata``: when requests exceed the budget, every request gets the same share budget / total, rounded down
  to the fen; the fens left over go one each to the largest rounding remainders (ties: ranking order). The total
  is then exactly the budget, and never more.
- ``fill_in_order``: requests in ranking order are paid in full while they fit; the first that does not fit gets
  what is left if the edition says ``partial_last``, and everything after it gets nothing.
- ``skip_and_continue``: like fill-in-order, but a request that does not fit is skipped and the next ones are
  still tried.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Any

from scoring.ruleset import RankKey

FEN = Decimal("0.01")


@dataclass(frozen=True)
class Request:
    application_id: str
    item_id: str | None
    amount: Decimal
    keys: dict[str, Any] = field(default_factory=dict)  # values of the ranking keys


@dataclass(frozen=True)
class Award:
    request: Request
    rank: int  # 1-based position in ranking order
    amount: Decimal
    note: str


@dataclass(frozen=True)
class AllocationResult:
    policy: str
    budget: Decimal
    requested: Decimal
    total: Decimal
    ratio: Decimal | None  # pro rata only, when the budget was short
    awards: list[Award]
    trace: list[str]

    def amount_of(self, application_id: str, item_id: str | None = None) -> Decimal:
        return sum(
            (
                a.amount
                for a in self.awards
                if a.request.application_id == application_id and (item_id is None or a.request.item_id == item_id)
            ),
            Decimal("0.00"),
        )


def _compare(a: Any, b: Any) -> int:
    if a is None or b is None:  # missing values rank last whatever the order
        return (a is None) - (b is None)
    return (a > b) - (a < b)


def sort_key(
    ranking: Sequence[RankKey], values_of: Callable[[Any], dict[str, Any]], tiebreak: Callable[[Any], tuple]
) -> Callable[[Any], Any]:
    """A sort key for `sorted` that applies the declared keys, then the tie-break tuple."""

    def cmp(x: Any, y: Any) -> int:
        vx, vy = values_of(x), values_of(y)
        for key in ranking:
            a, b = vx.get(key.key), vy.get(key.key)
            c = _compare(a, b)
            if c and a is not None and b is not None and key.order == "desc":
                c = -c
            if c:
                return c
        return _compare(tiebreak(x), tiebreak(y))

    return functools.cmp_to_key(cmp)


def rank(requests: Sequence[Request], ranking: Sequence[RankKey]) -> list[Request]:
    return sorted(requests, key=sort_key(ranking, lambda r: r.keys, lambda r: (r.application_id, r.item_id or "")))


def allocate(
    requests: Sequence[Request], budget: Decimal, policy: str, ranking: Sequence[RankKey], partial_last: bool = False
) -> AllocationResult:
    """Share `budget` over `requests` by `policy`; the total never exceeds the budget."""
    budget = Decimal(budget).quantize(FEN, rounding=ROUND_DOWN)
    ordered = rank(requests, ranking)
    requested = sum((r.amount for r in ordered), Decimal("0.00"))
    trace = [
        f"{len(ordered)} requests, {requested} requested, budget {budget}, policy {policy}",
        "order: " + ", ".join(f"{k.key} {k.order}" for k in ranking) + ", then application id, item id",
    ]
    if requested <= budget:
        trace.append("budget suffices: every request paid in full")
        awards = [Award(r, i + 1, r.amount, "paid in full") for i, r in enumerate(ordered)]
        return AllocationResult(policy, budget, requested, requested, None, awards, trace)
    if policy == "pro_rata":
        return _pro_rata(ordered, budget, requested, trace)
    if policy not in ("fill_in_order", "skip_and_continue"):
        raise ValueError(f"unknown allocation policy {policy!r}")
    awards, left, stopped = [], budget, False
    for i, r in enumerate(ordered):
        if stopped:
            awards.append(Award(r, i + 1, Decimal("0.00"), "budget exhausted"))
        elif r.amount <= left:
            awards.append(Award(r, i + 1, r.amount, "paid in full"))
            left -= r.amount
        elif policy == "skip_and_continue":
            awards.append(Award(r, i + 1, Decimal("0.00"), f"skipped: {r.amount} does not fit the {left} left"))
        else:
            part = left if partial_last else Decimal("0.00")
            note = f"partly paid: {part} of {r.amount} left in the budget" if partial_last else "does not fit: stop"
            awards.append(Award(r, i + 1, part, note))
            left -= part
            stopped = True
    total = budget - left
    trace.append(f"paid {total}, {left} left unspent")
    return AllocationResult(policy, budget, requested, total, None, awards, trace)


def _pro_rata(ordered: list[Request], budget: Decimal, requested: Decimal, trace: list[str]) -> AllocationResult:
    ratio = budget / requested
    exact = [r.amount * budget / requested for r in ordered]
    floors = [e.quantize(FEN, rounding=ROUND_DOWN) for e in exact]
    left_fens = int((budget - sum(floors, Decimal(0))) / FEN)
    remainders = [(e - f, i) for i, (e, f) in enumerate(zip(exact, floors, strict=True)) if e > f]
    # largest remainder first; equal remainders in ranking order (i is the rank)
    remainders.sort(key=lambda x: (-x[0], x[1]))
    extra = {i for _, i in remainders[:left_fens]}
    awards = []
    for i, r in enumerate(ordered):
        amount = floors[i] + (FEN if i in extra else 0)
        note = f"{r.amount} x {budget}/{requested}" + (" + 0.01 (largest remainder)" if i in extra else "")
        awards.append(Award(r, i + 1, amount, note))
    total = sum((a.amount for a in awards), Decimal("0.00"))
    trace.append(
        f"pro rata: ratio {budget}/{requested} = {ratio:.6f}; rounded down to the fen, "
        f"{len(extra)} leftover fen(s) to the largest remainders (ties in ranking order)"
    )
    return AllocationResult("pro_rata", budget, requested, total, ratio, awards, trace)
