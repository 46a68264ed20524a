"""The province's pages: the call board (its queries do not grow with the results), a run with its re-run
check, the .xlsx download, the letters' progress, and refusals shown as messages rather than errors."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from calls.models import Call
from evaluation import approval, ranking
from evaluation.models import PanelResult, RankingRun
from jobs.models import Job
from tests.makers import make_open_call, signed_in

from .conftest import forwarded


def board_of(count, admin_user):
    """A call with ``count`` forwarded applications, each with a panel result, and a run per three."""
    call = make_open_call("insurance")
    for n in range(count):
        application = forwarded(("SJZ", "BD", "TS")[n % 3], "9000.00", call)
        PanelResult.objects.create(
            application=application,
            edition_id="insurance-2021",
            edition_version="1",
            edition_sha256="0" * 64,
            experts_score=Decimal("70.00"),
            computed_score=Decimal("5.00"),
            total=Decimal("75.00"),
            method="mean",
            sheets={"E01": "70.00"},
            outliers=["40"] if n % 2 else [],
            moderated_total=Decimal("72.00") if n % 3 == 0 else None,
        )
    for n in range(1, count // 3 + 1):
        RankingRun.objects.create(
            call=call,
            number=n,
            created_by=admin_user,
            edition_id="insurance-2021",
            edition_version="1",
            edition_sha256="0" * 64,
            budget=call.budget,
            policy="fill",
            inputs={},
            results={"applications": {}},
            total_awarded=Decimal("0.00"),
        )
    Job.objects.create(
        kind="letters",
        title="letters",
        total=count,
        done=count,
        created_by=admin_user,
        state="done",
        params={"call": call.pk},
    )
    return call


def board_queries(client, call):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/evaluation/calls/{call.pk}/")
    assert response.status_code == 200
    return response, len(captured)


@pytest.mark.django_db
def test_the_board_costs_the_same_queries_for_3_and_15_results(client, admin_user):
    signed_in(client, admin_user)
    small = board_of(3, admin_user)
    response, few = board_queries(client, small)
    text = response.content.decode()
    assert text.count("75.00") + text.count("72.00") == 3 and "第1次计算" in text
    assert all(r.application.number in text for r in PanelResult.objects.select_related("application"))
    PanelResult.objects.all().delete()
    RankingRun.objects.all().delete()
    Job.objects.all().delete()
    larger = board_of(15, admin_user)
    assert larger.pk == small.pk  # the same call (make_open_call reuses it), now with fifteen more
    _response, many = board_queries(client, larger)
    assert PanelResult.objects.count() == 15 and RankingRun.objects.count() == 5
    assert many == few


@pytest.mark.django_db
def test_the_board_is_for_the_province(client, call, sjz_reviewer, expert):
    for user in (sjz_reviewer, expert):
        signed_in(client, user)
        assert client.get(f"/evaluation/calls/{call.pk}/").status_code == 403


@pytest.mark.django_db
def test_the_run_page_with_its_check_compare_and_download(client, evaluated, call, admin_user):
    first = ranking.rank(call, admin_user)
    Call.objects.filter(pk=call.pk).update(budget=Decimal("20000.00"))
    run = ranking.rank(Call.objects.get(pk=call.pk), admin_user)
    signed_in(client, admin_user)
    page = client.get(f"/evaluation/runs/{run.pk}/").content.decode()
    assert "复算结果" not in page and "结果完全一致" not in page
    assert str(first) in page and "9000.00 → 8000.00" in page
    checked = client.get(f"/evaluation/runs/{run.pk}/?check=1")
    assert checked.status_code == 200
    assert "按保存的输入和规则版本复算，结果完全一致（精确到分）。" in checked.content.decode()

    download = client.get(f"/evaluation/runs/{run.pk}/export.xlsx")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert download["Content-Disposition"] == 'attachment; filename="ranking-2022-insurance-2.xlsx"'
    rows = list(load_workbook(io.BytesIO(download.content)).active.iter_rows(values_only=True))
    assert len(rows) == 3 + 3 and sum(row[8] for row in rows[3:]) == 20000


@pytest.mark.django_db
def test_a_tampered_run_fails_its_check(client, evaluated, call, admin_user):
    run = ranking.rank(call, admin_user)
    results = run.results
    number = next(iter(results["applications"]))
    results["applications"][number]["award"] = "99999.00"
    RankingRun.objects.filter(pk=run.pk).update(results=results)
    signed_in(client, admin_user)
    assert "复算结果与保存的结果不一致" in client.get(f"/evaluation/runs/{run.pk}/?check=1").content.decode()


@pytest.mark.django_db
def test_rank_from_the_board_and_refusals_as_messages(client, group, call, admin_user):
    signed_in(client, admin_user)
    refused = client.post(f"/evaluation/calls/{call.pk}/rank/", follow=True)
    assert "还有3件申报的专家评审未完成" in refused.content.decode()
    again = client.post(f"/evaluation/groups/{group.pk}/start/", follow=True)  # already started
    assert again.status_code == 200 and "不能执行此操作" in again.content.decode()
    assert not RankingRun.objects.exists()


@pytest.mark.django_db
def test_the_letters_progress_as_json(client, evaluated, call, admin_user):
    from datetime import date, timedelta

    from notice import publication
    from notice.models import Notice

    run = ranking.rank(call, admin_user)
    notice = approval.publish_notice(run, admin_user, contact="0311-1")
    Notice.objects.filter(pk=notice.pk).update(ends_on=date.today() - timedelta(days=1))
    publication.close(Notice.objects.get(pk=notice.pk), admin_user)
    signed_in(client, admin_user)
    assert client.post(f"/evaluation/calls/{call.pk}/approve/").status_code == 302
    response = client.post(f"/evaluation/calls/{call.pk}/letters/")
    job = Job.objects.get(kind="letters")
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    progress = client.get(f"/jobs/{job.pk}/?format=json")
    assert progress.json() == {"state": "done", "total": 3, "done": 3, "failed": 0, "percent": 100, "files": []}
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "3 / 3" in page and "location.reload" not in page
