"""Every ledger page opens for the people it is for (the forms, the confirmation, the reopen page, the plans)."""

import pytest
from django.urls import reverse

from ledger import filing
from tests.ledger.conftest import add_activity, add_policy
from tests.makers import signed_in

pytestmark = pytest.mark.django_db


def test_the_reviewers_pages_open(client, sjz_ledger, sjz_reviewer):
    activity = add_activity(sjz_ledger, sjz_reviewer)
    policy = add_policy(sjz_ledger, sjz_reviewer, wps=False)
    signed_in(client, sjz_reviewer)
    for url in (
        reverse("ledger:unit_year", args=["SJZ", 2022]),
        reverse("ledger:detail", args=[sjz_ledger.pk]),
        reverse("ledger:row_edit", args=[sjz_ledger.pk, "activities", activity.pk]),
        reverse("ledger:row_edit", args=[sjz_ledger.pk, "policies", policy.pk]),
    ):
        assert client.get(url).status_code == 200, url
    confirm = client.get(reverse("ledger:submit", args=[sjz_ledger.pk])).content.decode()
    assert "缺少WPS版文件" in confirm and "确认报送" not in confirm


def test_the_provinces_pages_open(client, sjz_ledger, sjz_reviewer, admin_user):
    filing.submit(sjz_ledger, sjz_reviewer)
    signed_in(client, admin_user)
    for url in (
        reverse("ledger:unit_year", args=["SJZ", 2022]),
        reverse("ledger:detail", args=[sjz_ledger.pk]),
        reverse("ledger:reopen", args=[sjz_ledger.pk]),
        reverse("ledger:overview", args=[2023]),
        reverse("ledger:plan_years"),
        reverse("ledger:plan_year_edit", args=[2022]),
    ):
        assert client.get(url).status_code == 200, url
    assert "沿用2022年" in client.get(reverse("ledger:overview", args=[2023])).content.decode()
