"""Past awards as the rules read an enterprise's award history (scoring.facts.AWARD_FIELDS)."""

import pytest

from patents import imports
from patents.history import awards_for
from scoring.facts import AWARD_FIELDS, build_facts
from tests.makers import make_uscc
from tests.patents.makers import workbook_bytes


@pytest.mark.django_db
def test_awards_for_gives_the_rules_shape_with_blanks_as_none(admin_user):
    code, other = make_uscc(), make_uscc()
    imports.commit(
        workbook_bytes(
            [
                [2021, "专利保险补助", code, "甲", "ZL201710601862.3", "专利执行保险", 12000],
                [2020, "专利权质押贷款贴息补助", code.lower(), "甲", None, None, "3500.5"],
                [2021, "专利保险补助", other, "乙", "ZL201710601862.3", "其他", 100],
            ]
        ),
        "a.xlsx",
        admin_user,
    )
    awards = awards_for(f" {code.lower()} ")
    assert awards == [
        {"programme": "loan_interest", "year": 2020, "patent": None, "insurance_type": None, "amount": "3500.50"},
        {
            "programme": "insurance",
            "year": 2021,
            "patent": "ZL201710601862.3",
            "insurance_type": "patent_enforcement",
            "amount": "12000.00",
        },
    ]
    assert all(set(a) == set(AWARD_FIELDS) for a in awards)
    facts = build_facts({"application_id": "A-1", "cycle_year": 2021, "awards": awards}, "insurance")
    assert facts is not None


@pytest.mark.django_db
def test_an_enterprise_without_past_awards_has_an_empty_history():
    assert awards_for(make_uscc()) == []
