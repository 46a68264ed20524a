"""The province edits the per-year plan figures; every save is audited; nobody else may."""

import pytest
from django.urls import reverse

from audit.models import Entry
from ledger.models import PlanYear
from tests.makers import signed_in

pytestmark = pytest.mark.django_db


def test_2022_is_loaded_as_the_default():
    plan = PlanYear.objects.get(year=2022)
    assert (plan.due_day, plan.matchmaking_per_quarter) == (10, 1)


def test_the_province_adds_a_year_and_it_is_audited(client, admin_user):
    signed_in(client, admin_user).post(
        reverse("ledger:plan_years"), {"year": 2023, "due_day": 12, "matchmaking_per_quarter": 2, "note": "2023年计划"}
    )
    plan = PlanYear.objects.get(year=2023)
    assert (plan.due_day, plan.matchmaking_per_quarter) == (12, 2)
    assert Entry.objects.for_object(plan).get().action == "ledger.plan_year.saved"


def test_a_due_day_that_not_every_month_has_is_refused(client, admin_user):
    signed_in(client, admin_user).post(
        reverse("ledger:plan_years"), {"year": 2023, "due_day": 31, "matchmaking_per_quarter": 1}
    )
    assert not PlanYear.objects.filter(year=2023).exists()


def test_a_reviewer_cannot_edit_the_plan(client, sjz_reviewer):
    response = signed_in(client, sjz_reviewer).post(
        reverse("ledger:plan_year_edit", args=[2022]), {"year": 2022, "due_day": 28, "matchmaking_per_quarter": 0}
    )
    assert response.status_code == 403
    assert PlanYear.objects.get(year=2022).due_day == 10
