"""What changed between two editions, and whose outcome the change moves."""

import json
from decimal import Decimal

from scoring.diff import diff_editions, impact, load_facts_file
from scoring.editions import get_edition

from .makers import make_facts, make_policy, make_raw


def test_diff_shows_conditions_parameters_caps_and_weights():
    changes = [str(c) for c in diff_editions(get_edition("insurance-2019"), get_edition("insurance-2021"))]
    assert "eligibility.no_renewal_after_award: removed" in changes
    assert "eligibility.once_per_patent_and_type: added" in changes
    assert "parameters.cap_per_enterprise.verified: true -> false" in changes
    assert 'amount.steps.base.formula: "premium" -> "first_year_premium"' in changes
    assert 'rubric.criteria.patent_importance.max_points: "40" -> "35"' in changes


def test_an_edition_compared_with_itself_has_no_changes():
    edition = get_edition("loan-interest-2021")
    assert diff_editions(edition, edition) == []


def test_impact_lists_whose_status_or_amount_changes():
    first_year_only = make_policy(premium="36000.00", first_year_premium="12000.00")
    rows = impact(
        get_edition("insurance-2019"),
        get_edition("insurance-2021"),
        [make_facts(application_id="A1", items={"P1": first_year_only})],
    )
    [row] = rows
    assert (row.amount_a, row.amount_b) == (Decimal("36000.00"), Decimal("0.00"))
    assert row.newly_failing == ("policy_in_cycle",)
    assert "amount 36000.00 -> 0.00 (-36000.00)" in str(row)


def test_facts_file_may_be_json(tmp_path):
    path = tmp_path / "apps.json"
    path.write_text(json.dumps({"applications": [make_raw()]}), encoding="utf-8")
    assert [f.application_id for f in load_facts_file(path, "insurance")] == ["A1"]
