"""The city review queue: that unit's reviewers only, counts, filters, and a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.makers import make_open_call, signed_in
from workflow.models import Status
from workflow.scale import generate


@pytest.mark.django_db
def test_the_queue_issues_the_same_queries_for_1_50_and_1000_applications(client, sjz_reviewer, admin_user):
    call = make_open_call()
    signed_in(client, sjz_reviewer)
    counts, made = [], 0
    for target in (1, 50, 1000):
        generate(target - made, call=call, units=["SJZ"], statuses=[Status.SUBMITTED], seed=target)
        made = target
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("workflow:queue"))
        assert response.status_code == 200
        assert len(response.context["page"].object_list) == min(response.context["page"].paginator.count, 50)
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2], counts


@pytest.mark.django_db
def test_the_queue_counts_each_state_and_filters(client, sjz_reviewer):
    call = make_open_call()
    generate(30, call=call, units=["SJZ"], seed=7)
    generate(5, call=call, units=["BD"], seed=8)
    signed_in(client, sjz_reviewer)
    response = client.get(reverse("workflow:queue"))
    counts = response.context["counts"]
    from workflow.models import Application

    assert counts["submitted"] == Application.objects.filter(unit__code="SJZ", status="submitted").count()
    assert response.context["page"].paginator.count == counts["submitted"]
    passed = client.get(reverse("workflow:queue"), {"status": "passed"})
    assert all(a.status == "passed" and a.unit.code == "SJZ" for a in passed.context["page"].object_list)


@pytest.mark.django_db
def test_enterprises_and_experts_have_no_queue(client, sjz_enterprise, expert):
    for user in (sjz_enterprise.user, expert):
        signed_in(client, user)
        assert client.get(reverse("workflow:queue")).status_code == 403


@pytest.mark.django_db
def test_the_queue_exports_to_excel(client, sjz_reviewer):
    from io import BytesIO

    from openpyxl import load_workbook

    call = make_open_call()
    generate(12, call=call, units=["SJZ"], statuses=[Status.SUBMITTED])
    signed_in(client, sjz_reviewer)
    response = client.get(reverse("workflow:queue_export"))
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "申报编号" and len(rows) == 13
