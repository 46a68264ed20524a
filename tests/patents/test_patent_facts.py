"""A patent as the rules read it: type, own patent, valid, fee paid (scoring.facts.PATENT_FIELDS)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from patents.models import LegalStatus, Patent
from scoring.facts import PATENT_FIELDS, PATENT_TYPES, build_facts
from tests.patents.makers import make_number, make_patent


@pytest.mark.django_db
def test_facts_have_exactly_the_shape_the_rules_want(sjz_enterprise):
    patent = make_patent(sjz_enterprise)
    facts = patent.as_facts(sjz_enterprise, 2021)
    assert facts == {
        "type": "invention",
        "owner_is_applicant": True,
        "legal_status_valid": True,
        "annual_fee_paid": True,
    }
    assert set(facts) == set(PATENT_FIELDS)
    built = build_facts({"application_id": "A-1", "cycle_year": 2021, "patents": {patent.number: facts}}, "insurance")
    assert built is not None


def test_patent_types_match_the_rules_engine():
    from patents.models import PatentType

    assert tuple(PatentType.values) == PATENT_TYPES


@pytest.mark.django_db
def test_owner_written_with_full_width_brackets_and_spaces_is_the_enterprise(sjz_enterprise):
    sjz_enterprise.name = "石家庄甲科技(集团)有限公司"
    patent = make_patent(sjz_enterprise, owner=" 石家庄甲科技（集团） 有限公司")
    assert patent.owner_is(sjz_enterprise)
    assert not make_patent(sjz_enterprise, owner="石家庄甲科技有限公司；河北工业大学").owner_is(sjz_enterprise)


@pytest.mark.django_db
def test_someone_elses_patent_is_not_the_applicants_own(sjz_enterprise, bd_enterprise):
    patent = make_patent(sjz_enterprise, owner=bd_enterprise.name)
    assert patent.as_facts(sjz_enterprise, 2021)["owner_is_applicant"] is False


@pytest.mark.django_db
@pytest.mark.parametrize("status", [s for s in LegalStatus.values if s != LegalStatus.VALID])
def test_any_status_but_valid_fails(sjz_enterprise, status):
    assert (
        make_patent(sjz_enterprise, legal_status=status).as_facts(sjz_enterprise, 2021)["legal_status_valid"] is False
    )


@pytest.mark.django_db
def test_validity_follows_grant_and_term(sjz_enterprise):
    utility = make_patent(
        sjz_enterprise, number=make_number(2012, "2"), patent_type="utility_model", application_date=date(2012, 5, 10)
    )
    assert utility.is_valid_on(date(2022, 5, 9))
    assert not utility.is_valid_on(date(2022, 5, 10))  # 10 years from filing (Patent Law Art. 42)
    design = make_patent(
        sjz_enterprise, number=make_number(2021, "3"), patent_type="design", application_date=date(2021, 6, 1)
    )
    assert design.term_ends == date(2036, 6, 1)  # 15 years for designs filed from 1 June 2021
    granted_later = make_patent(sjz_enterprise, grant_date=date(2022, 2, 1))
    assert not granted_later.is_valid_on(date(2021, 12, 31))


@pytest.mark.django_db
def test_annual_fee_must_cover_the_end_of_the_cycle_year(sjz_enterprise):
    patent = make_patent(sjz_enterprise, annual_fee_paid_through=date(2021, 12, 30))
    assert patent.as_facts(sjz_enterprise, 2021)["annual_fee_paid"] is False
    assert patent.as_facts(sjz_enterprise, 2020)["annual_fee_paid"] is True
    assert (
        make_patent(sjz_enterprise, annual_fee_paid_through=None).as_facts(sjz_enterprise, 2020)["annual_fee_paid"]
        is False
    )


@pytest.mark.django_db
def test_type_that_contradicts_the_number_is_refused_on_the_field(sjz_enterprise):
    patent = Patent(
        enterprise=sjz_enterprise, number=make_number(2018, "2"), title="t", owner="o", patent_type="invention"
    )
    with pytest.raises(ValidationError) as exc:
        patent.full_clean()
    assert list(exc.value.message_dict) == ["patent_type"]
    assert "表示实用新型，与所选专利类型不符" in exc.value.message_dict["patent_type"][0]


@pytest.mark.django_db
def test_number_is_stored_normalised_and_type_filled_from_it(sjz_enterprise):
    patent = Patent(enterprise=sjz_enterprise, number="zl 201710601862。3", title="t", owner="o")
    patent.full_clean()
    patent.save()
    assert (patent.number, patent.patent_type) == ("ZL201710601862.3", "invention")
