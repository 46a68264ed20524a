"""A unit's reviewers see only their unit's ledgers (404 otherwise); the province reads all; others are refused."""

import pytest
from django.urls import reverse

from tests.ledger.conftest import add_activity
from tests.makers import signed_in

pytestmark = pytest.mark.django_db


def test_another_units_reviewer_gets_404_on_every_ledger_page(client, sjz_ledger, bd_reviewer):
    signed_in(client, bd_reviewer)
    for name in ("ledger:detail", "ledger:export_xlsx", "ledger:export_docx", "ledger:submit"):
        assert client.get(reverse(name, args=[sjz_ledger.pk])).status_code == 404
    assert client.get(reverse("ledger:unit_year", args=["SJZ", 2022])).status_code == 404


def test_another_units_reviewer_cannot_add_a_row(client, sjz_ledger, bd_reviewer):
    data = {"activity-category": "matchmaking", "activity-held_on": "2022-10-10", "activity-content": "x"}
    response = signed_in(client, bd_reviewer).post(reverse("ledger:row_add", args=[sjz_ledger.pk, "activities"]), data)
    assert response.status_code == 404
    assert not sjz_ledger.activities.exists()


def test_the_province_reads_every_ledger_but_does_not_fill_it(client, sjz_ledger, sjz_reviewer, admin_user):
    activity = add_activity(sjz_ledger, sjz_reviewer)
    signed_in(client, admin_user)
    page = client.get(reverse("ledger:detail", args=[sjz_ledger.pk])).content.decode()
    assert activity.content in page and "添加活动" not in page
    client.post(reverse("ledger:row_delete", args=[sjz_ledger.pk, "activities", activity.pk]))
    assert sjz_ledger.activities.exists()


@pytest.mark.parametrize("persona", ["sjz_enterprise", "expert", "outsider"])
def test_enterprises_experts_and_outsiders_are_refused(client, request, sjz_ledger, persona):
    user = request.getfixturevalue(persona)
    user = getattr(user, "user", user)
    signed_in(client, user)
    assert client.get(reverse("ledger:index")).status_code == 403
    assert client.get(reverse("ledger:detail", args=[sjz_ledger.pk])).status_code == 403
    assert client.get(reverse("ledger:overview", args=[2022])).status_code == 403


def test_a_reviewer_cannot_see_the_provinces_matrix(client, sjz_reviewer):
    assert signed_in(client, sjz_reviewer).get(reverse("ledger:overview", args=[2022])).status_code == 403
    assert client.get(reverse("ledger:overview_xlsx", args=[2022])).status_code == 403
