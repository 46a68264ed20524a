"""Calls: one programme in one year, dates in order, a budget, a rules edition that fits."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from calls.models import Call, Phase
from tests.makers import make_call, signed_in


def call_form(**overrides):
    data = {
        "programme": "insurance",
        "year": "2022",
        "cycle_start": "",
        "cycle_end": "",
        "window_opens": "2022-02-07",
        "window_closes": "2022-03-04",
        "city_review_deadline": "2022-03-31",
        "evaluation_date": "2022-04-20",
        "notice_starts": "2022-05-09",
        "notice_ends": "2022-05-13",
        "budget": "3000000.00",
        "rules_edition": "insurance-2021",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_admin_opens_a_call_whose_cycle_defaults_to_the_previous_year(client, admin_user):
    signed_in(client, admin_user)
    response = client.post(reverse("calls:create"), call_form())
    assert response.status_code == 302, response.context["form"].errors
    call = Call.objects.get()
    assert (call.cycle_start, call.cycle_end) == (date(2021, 1, 1), date(2021, 12, 31))
    assert call.budget == Decimal("3000000.00")
    assert str(call) == "2022年度专利保险补助"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"window_closes": "2022-02-01"}, "window_closes", "申报截止不能早于申报开始"),
        ({"city_review_deadline": "2022-03-01"}, "city_review_deadline", "市局初审截止不能早于申报截止"),
        ({"window_opens": "2021-12-01"}, "window_opens", "后补助：申报开始应在补助周期结束之后"),
        ({"notice_ends": ""}, "notice_ends", "公示开始和结束需同时填写"),
        ({"budget": "-5"}, "budget", "确保该值大于或等于0.01"),
        ({"budget": "abc"}, "budget", "输入一个数字"),
        ({"rules_edition": "insurance-2030"}, "rules_edition", "insurance-2030"),
        ({"rules_edition": "loan-interest-2021"}, "rules_edition", "不适用于该补助项目"),
        ({"rules_edition": "insurance-2019"}, "rules_edition", "适用于2020年的补助周期，不适用于2021年"),
    ],
)
def test_a_bad_call_is_refused_on_the_field_and_nothing_is_saved(client, admin_user, overrides, field, message):
    signed_in(client, admin_user)
    response = client.post(reverse("calls:create"), call_form(**overrides))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors, response.context["form"].errors
    assert not Call.objects.exists()


@pytest.mark.django_db
def test_one_call_per_programme_per_year(client, admin_user):
    make_call("insurance", 2022)
    signed_in(client, admin_user)
    response = client.post(reverse("calls:create"), call_form())
    assert response.status_code == 200
    assert Call.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["sjz_reviewer", "expert", "finance_user", "sjz_enterprise"])
def test_only_the_province_admin_opens_calls(client, request, persona):
    user = request.getfixturevalue(persona)
    signed_in(client, getattr(user, "user", user))
    assert client.post(reverse("calls:create"), call_form()).status_code == 403
    assert not Call.objects.exists()


@pytest.mark.django_db
def test_phases_follow_the_dates():
    call = make_call(evaluation_date=date(2022, 4, 20), notice_starts=date(2022, 5, 9), notice_ends=date(2022, 5, 13))
    assert call.phase_on(date(2022, 2, 6)) == Phase.UPCOMING
    assert call.phase_on(date(2022, 2, 7)) == Phase.OPEN
    assert call.phase_on(date(2022, 3, 4)) == Phase.OPEN
    assert call.phase_on(date(2022, 3, 5)) == Phase.CITY_REVIEW
    assert call.phase_on(date(2022, 4, 1)) == Phase.EVALUATION
    assert call.phase_on(date(2022, 5, 9)) == Phase.NOTICE
    assert call.phase_on(date(2022, 5, 14)) == Phase.CLOSED


@pytest.mark.django_db
def test_everyone_signed_in_sees_the_calls(client, sjz_enterprise):
    make_call()
    signed_in(client, sjz_enterprise.user)
    assert "2022年度专利保险补助" in client.get(reverse("calls:list")).content.decode()
