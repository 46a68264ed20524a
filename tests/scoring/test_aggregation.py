"""Aggregating expert scores: methods, minimum experts, outliers, rounding, and the panel score."""

from decimal import Decimal

import pytest

from scoring.aggregation import aggregate, expert_totals
from scoring.decision import panel_score
from scoring.editions import get_edition
from scoring.engine import evaluate
from scoring.ruleset import Aggregation

from .makers import make_facts


def test_mean_and_median_round_half_up_to_two_places():
    assert aggregate([70, 71, 71], Aggregation(method="mean")).value == Decimal("70.67")
    assert aggregate([60, 70, 75, 90], Aggregation(method="median")).value == Decimal("72.50")


def test_fewer_scores_than_the_minimum_give_no_panel_score():
    result = aggregate([80, 90], Aggregation(method="mean", min_experts=3))
    assert result.value is None
    assert "fewer than the minimum of 3 experts: no panel score" in result.trace


def test_outliers_are_flagged_and_kept():
    result = aggregate([70, 72, 74, 75, 20], Aggregation(method="mean", outlier={"points": 20}))
    assert result.outliers == (Decimal(20),)
    assert result.value == Decimal("62.20")


def test_a_trimmed_mean_must_keep_something():
    with pytest.raises(ValueError, match="trim_min_count > 2 \\* trim_k"):
        Aggregation(method="trimmed_mean", trim_k=1, trim_min_count=2)


def test_expert_sheets_are_checked_against_the_rubric():
    criteria = {"a": Decimal(10), "b": Decimal(5)}
    assert expert_totals({"E1": {"a": 7, "b": 5}}, criteria) == {"E1": Decimal(12)}
    with pytest.raises(ValueError, match=r"b = 6 is outside 0\.\.5"):
        expert_totals({"E1": {"a": 7, "b": 6}}, criteria)
    with pytest.raises(ValueError, match="missing criteria \\['b'\\]"):
        expert_totals({"E1": {"a": 7}}, criteria)


def test_panel_score_adds_computed_criteria_and_applies_the_pass_mark():
    edition = get_edition("insurance-2019")
    evaluation = evaluate(edition, make_facts())
    sheet = {"patent_importance": 25, "product_fit": 20, "materials_quality": 10}  # 55 each
    score = panel_score(edition, evaluation, {"E1": sheet, "E2": sheet, "E3": sheet})
    assert (score.experts.value, score.computed, score.total, score.passed) == (
        Decimal("55.00"),
        Decimal(5),
        Decimal("60.00"),
        True,
    )
