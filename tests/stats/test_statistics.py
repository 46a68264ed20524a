"""Statistics: counts and amounts by status, programme, unit and industry; time in each stage; scope."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from stats import figures
from tests.makers import make_open_call, signed_in
from tests.workflow.conftest import ready_insurance_application
from workflow import lifecycle
from workflow.models import Application, Status
from workflow.scale import generate


@pytest.mark.django_db
def test_counts_and_amounts_by_status_add_up(sjz_reviewer, sjz_enterprise):
    call = make_open_call()
    generate(40, call=call, seed=3)
    applications = figures.scoped(call=call)
    rows = figures.by_status(applications)
    total = figures.totals(rows)
    assert total.count == applications.count()
    assert total.requested == sum((a.amount_requested for a in applications), Decimal("0.00"))
    assert {r.key for r in rows} <= set(Status.values) and "draft" not in {r.key for r in rows}


@pytest.mark.django_db
def test_time_in_stage_comes_from_the_audit_trail(sjz_enterprise, sjz_reviewer):
    application = lifecycle.submit(ready_insurance_application(sjz_enterprise), sjz_enterprise.user)
    lifecycle.pass_review(application, sjz_reviewer, "同意")
    stages = {s.status: s for s in figures.time_in_stages(Application.objects.filter(pk=application.pk))}
    assert stages["submitted"].applications == 1 and stages["submitted"].median_days >= 0
    assert "passed" in stages


@pytest.mark.django_db
def test_a_unit_sees_only_itself_and_the_province_everything(client, sjz_reviewer, admin_user):
    call = make_open_call()
    generate(10, call=call, units=["SJZ"], statuses=[Status.SUBMITTED], seed=1)
    generate(7, call=call, units=["BD"], statuses=[Status.SUBMITTED], seed=2)
    signed_in(client, sjz_reviewer)
    response = client.get(reverse("stats:index"), {"unit": "BD"})
    status_block = response.context["blocks"][0]
    assert status_block["total"].count == 10  # the unit filter is ignored: a unit sees itself
    signed_in(client, admin_user)
    response = client.get(reverse("stats:index"))
    assert response.context["blocks"][0]["total"].count == 17
    assert "<svg" in response.content.decode()


@pytest.mark.django_db
def test_enterprises_and_experts_see_no_statistics(client, sjz_enterprise, expert):
    for user in (sjz_enterprise.user, expert):
        signed_in(client, user)
        assert client.get(reverse("stats:index")).status_code == 403


@pytest.mark.django_db
def test_the_export_has_one_sheet_per_table(client, admin_user):
    generate(12, call=make_open_call(), seed=4)
    signed_in(client, admin_user)
    book = load_workbook(BytesIO(client.get(reverse("stats:export")).content))
    assert book.sheetnames == ["按状态", "按补助项目", "按行业", "按单位", "环节用时"]
    rows = list(book["按单位"].iter_rows(values_only=True))
    submitted = Application.objects.exclude(status=Status.DRAFT).count()  # drafts are not statistics yet
    assert rows[0][0] == "分组" and rows[-1][0] == "合计" and rows[-1][1] == submitted


@pytest.mark.django_db
def test_the_page_issues_a_constant_number_of_queries(client, admin_user):
    call = make_open_call()
    signed_in(client, admin_user)
    generate(5, call=call, seed=5)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("stats:index"))
    generate(200, call=call, seed=6)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("stats:index"))
    assert len(many) == len(few)
