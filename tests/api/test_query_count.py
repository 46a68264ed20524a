"""The list costs the same number of queries for 1 application as for 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.api.conftest import bearer, token
from workflow.models import Status
from workflow.scale import generate


def queries(client, raw) -> tuple[int, int]:
    client.get(reverse("api:applications"), **bearer(raw))  # warm: last_used_at is written once a minute
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("api:applications"), **bearer(raw))
    assert response.status_code == 200
    return len(captured), response.json()["count"]


@pytest.mark.parametrize("who", ["admin_user", "sjz_reviewer", "finance_user"])
@pytest.mark.django_db
def test_list_queries_do_not_grow_with_the_number_of_applications(client, call, who, request):
    user = request.getfixturevalue(who)
    raw = token(user)
    generate(1, call=call, units=["SJZ"], statuses=[Status.SUBMITTED], seed=1)
    one, count = queries(client, raw)
    assert count == 1
    generate(49, call=call, units=["SJZ"], statuses=[Status.SUBMITTED, Status.APPROVED], seed=2)
    fifty, count = queries(client, raw)
    assert count == 50
    assert fifty == one, (one, fifty)
