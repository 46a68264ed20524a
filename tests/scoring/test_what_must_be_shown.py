"""The issue's 'What must be shown' list, one test each."""

from decimal import Decimal

from scoring.aggregation import aggregate
from scoring.decision import Candidate, decide
from scoring.editions import get_edition
from scoring.engine import evaluate
from scoring.ruleset import Aggregation

from .makers import make_facts, make_policy


def test_insurance_2019_premiums_12000_and_45000_give_the_50000_cap():
    facts = make_facts(items={"P1": make_policy("12000.00"), "P2": make_policy("45000.00")})
    result = evaluate(get_edition("insurance-2019"), facts)
    assert result.status == "eligible"
    assert result.amount == Decimal("50000.00")
    assert [result.items["P1"].amount, result.items["P2"].amount] == [Decimal("12000.00"), Decimal("38000.00")]


def test_insurance_2019_budget_of_a_million_against_1_25_million_pays_each_award_times_0_8():
    edition = get_edition("insurance-2019")
    premiums = ["50000.00"] * 20 + ["25000.00"] * 10  # 1,000,000 + 250,000 of eligible requests
    candidates = []
    for i, premium in enumerate(premiums):
        facts = make_facts(application_id=f"A{i:02d}", items={"P1": make_policy(premium)})
        candidates.append(Candidate(facts, evaluate(edition, facts), Decimal(80)))
    decision = decide(edition, candidates, Decimal("1000000.00"))
    assert decision.allocation.requested == Decimal("1250000.00")
    assert decision.allocation.ratio == Decimal("0.8")
    for award in decision.allocation.awards:
        assert award.amount == award.request.amount * Decimal("0.8")
    assert decision.allocation.total == Decimal("1000000.00")


def test_trimmed_mean_of_five_scores_drops_the_highest_and_lowest():
    spec = Aggregation(method="trimmed_mean", trim_k=1, trim_min_count=5, fallback="mean", min_experts=3)
    result = aggregate([60, 70, 80, 90, 100], spec)
    assert result.value == Decimal("80.00")
    assert result.dropped == (Decimal(60), Decimal(100))


def test_trimmed_mean_of_three_scores_falls_back_as_declared_and_says_so():
    spec = Aggregation(method="trimmed_mean", trim_k=1, trim_min_count=5, fallback="median", min_experts=3)
    result = aggregate([60, 70, 95], spec)
    assert (result.method, result.value) == ("median", Decimal("70.00"))
    assert "only 3 scores (trimmed mean needs 5): fell back to the median as declared" in result.trace
