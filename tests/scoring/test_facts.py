"""The fact catalogue: what the rules may read, and how plain dicts become checked facts."""

import datetime as dt
from decimal import Decimal

import pytest

from scoring.facts import CATALOGUE, FactsError, build_facts, describe_catalogue, facts_in_scope

from .makers import make_loan, make_policy, make_raw


def test_catalogue_has_typed_facts_with_units_for_every_scope():
    assert CATALOGUE[("policy", "premium")].unit == "CNY"
    assert CATALOGUE[("loan", "annual_rate")].type == "decimal"
    assert CATALOGUE[("policy", "core_technology_patent")].source == "reviewer"
    assert {"application", "policy", "loan"} == {row["scope"] for row in describe_catalogue()}
    assert "premium" in facts_in_scope("policy") and "premium" not in facts_in_scope("loan")


def test_plain_dicts_become_typed_facts():
    facts = build_facts(make_raw(), "insurance")
    policy = facts.items["P1"]
    assert policy["premium"] == Decimal("12000.00")
    assert policy["policy_date"] == dt.date(2020, 3, 1)
    assert policy["patents_all_valid"] is True
    assert facts.application["qualifications"] == frozenset({"high_tech"})


def test_every_bad_value_is_reported_at_once():
    raw = make_raw(
        items={"P1": make_policy(premium=12000.5, policy_date="2020-03-01", period_end="2020-02-30", colour="red")}
    )
    with pytest.raises(FactsError) as info:
        build_facts(raw, "insurance")
    assert [path for path, _ in info.value.errors] == [
        "items.P1.colour",
        "items.P1.period_end",
        "items.P1.premium",
        "items.P1.first_year_premium",
    ]
    assert "exact decimal" in dict(info.value.errors)["items.P1.premium"]


def test_history_is_joined_to_each_policy():
    awards = [
        {
            "programme": "insurance",
            "year": 2019,
            "patent": "ZL201710601862.3",
            "insurance_type": "infringement_loss",
            "amount": "5000.00",
        }
    ]
    policy = build_facts(make_raw(awards=awards), "insurance").items["P1"]
    assert (policy["subsidised_same_type_before"], policy["subsidised_previous_year"]) == (True, True)


def test_loan_interest_days_count_the_part_of_the_loan_inside_the_cycle_year():
    loan = build_facts(make_raw(cycle_year=2021, items={"L1": make_loan()}), "loan_interest").items["L1"]
    assert loan["days_in_cycle"] == 150


def test_patent_facts_are_unknown_until_every_listed_patent_is_described():
    policy = build_facts(make_raw(items={"P1": make_policy(patents=["ZL2099"])}), "insurance").items["P1"]
    assert (policy["patents_all_known"], policy["patents_all_own"]) == (False, None)
