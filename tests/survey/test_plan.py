"""The province keeps the per-year plan (2022 loaded by migration) and the list of key enterprises."""

from datetime import date

import pytest
from django.urls import reverse

from audit.models import Entry
from survey.models import KeyEnterprise, SurveyPlan, UnitTarget
from tests.makers import make_uscc, signed_in
from tests.survey.makers import make_response


@pytest.mark.django_db
def test_the_2022_plan_is_loaded_with_50_and_10_april():
    plan = SurveyPlan.objects.get(year=2022)
    assert (plan.target, plan.deadline) == (50, date(2022, 4, 10))


@pytest.mark.django_db
def test_province_edits_the_plan_and_overrides_one_units_target(client, admin_user, sjz):
    signed_in(client, admin_user)
    data = {"year": 2023, "target": 60, "deadline": "2023-04-12", "note": "", "target_SJZ": 80}
    response = client.post(reverse("survey:plan") + "?year=2023", data)
    assert response.status_code == 302
    plan = SurveyPlan.objects.get(year=2023)
    assert (plan.target, plan.target_for(sjz), UnitTarget.objects.get().target) == (60, 80, 80)
    assert Entry.objects.filter(action="survey.surveyplan.edited").exists()


@pytest.mark.django_db
def test_a_reviewer_cannot_edit_the_plan(client, sjz_reviewer):
    signed_in(client, sjz_reviewer)
    assert client.post(reverse("survey:plan"), {"year": 2022, "target": 1}).status_code == 403


@pytest.mark.django_db
def test_province_pastes_key_enterprises_and_they_are_listed_first(client, admin_user, sjz_enterprise):
    from tests.makers import make_enterprise

    other = make_enterprise("SJZ", name="石家庄阿尔法有限公司")  # sorts before 甲 by name
    make_response(other), make_response(sjz_enterprise)
    signed_in(client, admin_user)
    entries = f"{sjz_enterprise.uscc}\t{sjz_enterprise.name}\n{make_uscc()}\t尚未注册的龙头企业"
    response = client.post(reverse("survey:key_enterprises") + "?year=2022", {"entries": entries})
    assert response.status_code == 302
    assert KeyEnterprise.objects.filter(year=2022).count() == 2
    assert KeyEnterprise.objects.get(uscc=sjz_enterprise.uscc).enterprise == sjz_enterprise
    page = client.get(reverse("survey:list") + "?year=2022").content.decode()
    assert page.index(sjz_enterprise.name) < page.index(other.name)
    assert "重点企业" in page


@pytest.mark.django_db
def test_a_bad_uscc_in_the_key_list_is_named_by_line(client, admin_user):
    signed_in(client, admin_user)
    page = client.post(reverse("survey:key_enterprises"), {"entries": "91130104MA00000000 某公司"}).content.decode()
    assert "第1行" in page and "校验位" in page and not KeyEnterprise.objects.exists()
