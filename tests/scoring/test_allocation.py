"""Sharing a budget: never over it, remainders of the fen placed deterministically, ties by declared keys."""

import random
from decimal import Decimal

import pytest

from scoring.allocation import Request, allocate
from scoring.ruleset import RankKey

BY_SCORE = [RankKey(key="score", order="desc")]


def requests(*amounts, scores=None):
    scores = scores or [80] * len(amounts)
    pairs = zip(amounts, scores, strict=True)
    return [Request(f"A{i}", None, Decimal(a), {"score": s}) for i, (a, s) in enumerate(pairs)]


def paid(result):
    return {a.request.application_id: str(a.amount) for a in result.awards}


def test_enough_budget_pays_everyone_in_full():
    result = allocate(requests("100.00", "200.00"), Decimal("1000"), "pro_rata", BY_SCORE)
    assert (paid(result), result.ratio) == ({"A0": "100.00", "A1": "200.00"}, None)


def test_pro_rata_leftover_fens_go_to_the_largest_remainders():
    result = allocate(requests("100.00", "200.00", "300.00"), Decimal("100.00"), "pro_rata", BY_SCORE)
    # exact shares 16.666.., 33.333.., 50: floors 16.66 + 33.33 + 50.00 = 99.99; the fen goes to A0 (.0066 left)
    assert paid(result) == {"A0": "16.67", "A1": "33.33", "A2": "50.00"}
    assert result.total == Decimal("100.00")


def test_pro_rata_equal_remainders_follow_the_ranking():
    result = allocate(requests("1.00", "1.00", "1.00", scores=[70, 90, 80]), Decimal("2.00"), "pro_rata", BY_SCORE)
    assert paid(result) == {"A0": "0.66", "A1": "0.67", "A2": "0.67"}


@pytest.mark.parametrize("seed", range(20))
def test_pro_rata_never_exceeds_the_budget_and_never_pays_more_than_asked(seed):
    rng = random.Random(seed)
    amounts = [Decimal(rng.randint(1, 5_000_000)) / 100 for _ in range(rng.randint(1, 40))]
    budget = (sum(amounts) * Decimal(rng.uniform(0.05, 0.99))).quantize(Decimal("0.01"))
    result = allocate(requests(*amounts), budget, "pro_rata", BY_SCORE)
    assert result.total == budget
    assert all(Decimal(0) <= a.amount <= a.request.amount for a in result.awards)


def test_result_does_not_depend_on_input_order():
    reqs = requests("10.00", "10.00", "10.00", scores=[80, 80, 80])
    first = allocate(reqs, Decimal("10.00"), "pro_rata", BY_SCORE)
    second = allocate(list(reversed(reqs)), Decimal("10.00"), "pro_rata", BY_SCORE)
    assert paid(first) == paid(second) == {"A0": "3.34", "A1": "3.33", "A2": "3.33"}


def test_fill_in_order_gives_the_remainder_to_the_first_that_does_not_fit_when_declared():
    reqs = requests("50.00", "40.00", "5.00", scores=[90, 80, 70])
    assert paid(allocate(reqs, Decimal("60"), "fill_in_order", BY_SCORE, partial_last=True)) == {
        "A0": "50.00",
        "A1": "10.00",
        "A2": "0.00",
    }
    assert paid(allocate(reqs, Decimal("60"), "fill_in_order", BY_SCORE)) == {"A0": "50.00", "A1": "0.00", "A2": "0.00"}


def test_skip_and_continue_tries_the_next_request():
    reqs = requests("50.00", "40.00", "5.00", scores=[90, 80, 70])
    result = allocate(reqs, Decimal("60"), "skip_and_continue", BY_SCORE)
    assert paid(result) == {"A0": "50.00", "A1": "0.00", "A2": "5.00"}
    assert result.awards[1].note == "skipped: 40.00 does not fit the 10.00 left"


def test_art_5_keys_rank_lower_rate_then_larger_coverage_then_earlier_date():
    keys = [
        RankKey(key="premium_rate", order="asc"),
        RankKey(key="coverage", order="desc"),
        RankKey(key="policy_date", order="asc"),
    ]
    reqs = [
        Request("A1", "P1", Decimal(1), {"premium_rate": Decimal("0.02"), "coverage": 5, "policy_date": 2}),
        Request("A2", "P1", Decimal(1), {"premium_rate": Decimal("0.01"), "coverage": 1, "policy_date": 3}),
        Request("A3", "P1", Decimal(1), {"premium_rate": Decimal("0.02"), "coverage": 9, "policy_date": 3}),
        Request("A4", "P1", Decimal(1), {"premium_rate": Decimal("0.02"), "coverage": 5, "policy_date": 1}),
    ]
    result = allocate(reqs, Decimal(2), "fill_in_order", keys)
    assert [a.request.application_id for a in result.awards] == ["A2", "A3", "A4", "A1"]
