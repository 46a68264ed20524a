"""Conflict rules (回避): links within three years, the applicant's bank or insurer, the expert's own unit."""

from datetime import date

import pytest

from accounts.models import Role, RoleKind
from enterprises.models import Industry
from experts.conflicts import Code, conflicts, name_key, years_before
from experts.models import Expertise, LinkKind, Relation
from places.models import Unit
from tests.makers import make_open_call
from workflow.samples import complete_application

from .makers import link, make_expert

ON = date(2024, 5, 20)


@pytest.fixture
def application(sjz_enterprise):
    """石家庄甲科技's insurance application: insured by 中国人民财产保险股份有限公司."""
    return complete_application(sjz_enterprise, make_open_call("insurance"), sjz_enterprise.user)


@pytest.fixture
def wang(db):
    return make_expert("E01", "王建国")


def codes(expert, application, on=ON):
    return [c.code for c in conflicts(expert, application, on)]


def test_an_expert_without_links_has_no_conflict(wang, application):
    assert conflicts(wang, application, ON) == []


def test_an_open_advice_link_to_the_applicant_is_a_conflict(wang, application, sjz_enterprise):
    link(wang, enterprise=sjz_enterprise, started_on=date(2015, 1, 1))
    [conflict] = conflicts(wang, application, ON)
    assert conflict.code == Code.ENTERPRISE_LINK
    assert "石家庄甲科技有限公司" in conflict.reason and "顾问" in conflict.reason and "至今" in conflict.reason


def test_a_link_ended_exactly_three_years_ago_still_counts(wang, application, sjz_enterprise):
    link(wang, enterprise=sjz_enterprise, relation=Relation.EMPLOYMENT, ended_on=date(2021, 5, 20))
    assert codes(wang, application) == [Code.ENTERPRISE_LINK]


def test_a_link_ended_three_years_and_a_day_ago_does_not(wang, application, sjz_enterprise):
    link(wang, enterprise=sjz_enterprise, relation=Relation.EMPLOYMENT, ended_on=date(2021, 5, 19))
    assert codes(wang, application) == []


def test_three_years_before_29_february_is_28_february():
    assert years_before(date(2024, 2, 29), 3) == date(2021, 2, 28)


def test_a_link_to_another_enterprise_is_no_conflict(wang, application, bd_enterprise):
    link(wang, enterprise=bd_enterprise, relation=Relation.DISPUTE)
    assert codes(wang, application) == []


def test_an_unregistered_enterprise_is_matched_by_name(wang, application):
    link(wang, counterpart="石家庄甲科技 有限公司", relation=Relation.RELATIVE)
    assert codes(wang, application) == [Code.ENTERPRISE_LINK]


def test_a_link_with_the_applicants_insurer_branch_is_a_conflict(wang, application):
    link(wang, kind=LinkKind.INSURER, counterpart="中国人民财产保险股份有限公司河北省分公司", ended_on=date(2022, 1, 1))
    [conflict] = conflicts(wang, application, ON)
    assert conflict.code == Code.INSURER_LINK and "承保机构" in conflict.reason


def test_an_old_insurer_link_is_no_conflict(wang, application):
    link(wang, kind=LinkKind.INSURER, counterpart="中国人民财产保险股份有限公司", ended_on=date(2021, 5, 19))
    assert codes(wang, application) == []


def test_a_link_with_the_lending_bank_is_a_conflict(wang, sjz_enterprise):
    loan_application = complete_application(sjz_enterprise, make_open_call("loan_interest"), sjz_enterprise.user)
    link(wang, kind=LinkKind.BANK, counterpart="中国银行石家庄裕华支行", relation=Relation.EMPLOYMENT)
    assert codes(wang, loan_application) == [Code.BANK_LINK]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("中国银行股份有限公司石家庄分行", "中国银行"),
        ("中国银行 石家庄裕华支行", "中国银行股份有限公司"),
        ("中国人民财产保险股份有限公司（河北省分公司）", "中国人民财产保险股份有限公司"),
        ("HSBC Bank (China) Company Limited", "hsbc bank china company limited"),
        ("ＨＳＢＣ银行", "hsbc银行"),
    ],
)
def test_names_match_ignoring_case_spaces_brackets_and_branches(a, b):
    assert name_key(a) == name_key(b)


def test_different_banks_do_not_match():
    assert name_key("中国建设银行石家庄分行") != name_key("中国银行石家庄分行")


def test_an_expert_of_the_reviewing_unit_is_conflicted(application):
    colleague = make_expert("E02", "李明", unit=Unit.objects.get(code="SJZ"))
    assert codes(colleague, application) == [Code.OWN_UNIT]


def test_an_expert_of_another_unit_is_not(application):
    outsider = make_expert("E03", "张晓燕", unit=Unit.objects.get(code="BD"))
    assert codes(outsider, application) == []


def test_an_expert_who_is_the_units_city_reviewer_is_conflicted(application):
    expert = make_expert("E04", "刘志强")
    Role.objects.create(user=expert.user, kind=RoleKind.CITY_REVIEWER, unit=Unit.objects.get(code="SJZ"))
    [conflict] = conflicts(expert, application, ON)
    assert conflict.code == Code.OWN_UNIT and "初审审核员" in conflict.reason


def test_every_industry_is_a_field_of_expertise():
    assert set(Industry.values) <= set(Expertise.values)
