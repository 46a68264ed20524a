"""An enterprise fills Form B online: pre-filled from its profile, field-precise errors, a new version each time."""

import pytest
from django.urls import reverse

from audit.models import Entry
from survey.models import Source, SurveyResponse
from tests.makers import signed_in


def _post_data(**overrides) -> dict:
    data = {
        "filled_month": "2022-03",
        "ownership": "private",
        "address": "石家庄市测试路2号",
        "size": "small",
        "industry": "information",
        "contact_name": "李四",
        "contact_phone": "13812345678",
        "amount_sought": "300.50",
        "loan_term": "1to2y",
        "max_cost": "6-7",
        "purposes": ["expand", "other"],
        "purpose_other": "研发投入",
        "banks": "中国银行、河北银行",
        "whitelist_consent": "true",
        "phone_consent": "true",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_the_form_is_prefilled_from_the_profile_and_grouped_in_four_sections(client, sjz_enterprise):
    signed_in(client, sjz_enterprise.user)
    page = client.get(reverse("survey:fill") + "?year=2022").content.decode()
    assert sjz_enterprise.name in page and sjz_enterprise.uscc in page
    assert 'value="河北省测试路1号"' in page and 'value="13800000000"' in page
    for title in ("一、企业基本情况", "二、企业拥有知识产权情况", "三、融资需求", "四、对知识产权质押融资的政策建议"):
        assert title in page
    assert "单位：万元" in page


@pytest.mark.django_db
def test_enterprise_submits_and_consent_is_recorded(client, sjz_enterprise):
    signed_in(client, sjz_enterprise.user)
    response = client.post(reverse("survey:fill") + "?year=2022", _post_data())
    saved = SurveyResponse.objects.get()
    assert response.status_code == 302
    assert (saved.source, saved.version, saved.uscc) == (Source.ONLINE, 1, sjz_enterprise.uscc)
    assert saved.banks == ["中国银行", "河北银行"] and saved.purposes == ["expand", "other"]
    assert saved.consent_recorded_by == sjz_enterprise.user
    assert Entry.objects.filter(action="survey.surveyresponse.submitted").exists()


@pytest.mark.django_db
def test_errors_name_the_field_and_keep_what_was_typed(client, sjz_enterprise):
    signed_in(client, sjz_enterprise.user)
    response = client.post(
        reverse("survey:fill") + "?year=2022", _post_data(amount_sought="很多", purpose_other="", address="我的新地址")
    )
    page = response.content.decode()
    assert response.status_code == 200 and not SurveyResponse.objects.exists()
    assert "拟融资额（万元）" in page and "融资目的选了“其他”，请注明" in page
    assert 'value="我的新地址"' in page and 'value="很多"' in page


@pytest.mark.django_db
def test_resubmitting_makes_version_two_the_current_one(client, sjz_enterprise):
    signed_in(client, sjz_enterprise.user)
    client.post(reverse("survey:fill") + "?year=2022", _post_data())
    page = client.get(reverse("survey:fill") + "?year=2022").content.decode()
    assert 'value="300.50"' in page  # pre-filled from version 1
    client.post(reverse("survey:fill") + "?year=2022", _post_data(amount_sought="800"))
    current = SurveyResponse.objects.current().get()
    assert (current.version, current.amount_sought) == (2, 800)
    assert SurveyResponse.objects.count() == 2
