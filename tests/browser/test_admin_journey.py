"""The provincial administrator: forms a group, starts the scoring, allocates, publishes the notice, records
and decides an objection, closes the notice, approves and generates the letters; finance then sees the awards."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import RoleKind
from documents.models import Document
from evaluation.models import RankingRun
from experts.models import Assignment, EvaluationGroup
from notice.models import Notice, Objection
from tests.evaluation.conftest import forwarded, score_all, sheet
from tests.experts.makers import make_pool
from tests.makers import make_open_call, make_user
from workflow.models import Application, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_administrator_groups_allocates_publishes_approves_and_issues_letters(journey):
    page = journey.page
    make_user("province_admin", (RoleKind.ADMIN, None))
    make_user("finance", (RoleKind.FINANCE, None))
    call = make_open_call("insurance", budget=Decimal("20000.00"))
    a, b, c = (forwarded(code, premium, call) for code, premium in (("SJZ", "12000"), ("BD", "9000"), ("TS", "8000")))
    make_pool()

    # --- forms a group of five for the three forwarded applications ----------------------------------------
    journey.login("province_admin")
    journey.nav("省级评审", "evaluation-calls")
    journey.go(f"/experts/calls/{call.pk}/groups/", "groups")
    page.get_by_role("link", name="组建评审组").first.click()
    journey.step("group-form")
    for application in (a, b, c):
        page.get_by_label(application.number).check()
    journey.field("评审组名称").fill("保险一组")
    journey.field("抽取人数").fill("5")
    journey.field("每件申报最少专家数").fill("3")
    journey.submit("group-drawn", "抽取")
    group = EvaluationGroup.objects.get(call=call)
    assert group.members.count() == 5

    # --- starts the scoring; the experts score (their own journey) ----------------------------------------------
    journey.go(f"/evaluation/calls/{call.pk}/", "board")
    journey.submit("scoring-started", "启动评审")
    assert Application.objects.get(pk=a.pk).status == Status.UNDER_EVALUATION
    assert Assignment.objects.filter(group=group, status="active").count() >= 9
    score_all(a, sheet(30, 22, 18))
    score_all(b, sheet(31, 23, 18))
    score_all(c, sheet(28, 21, 17))

    # --- ranks and allocates within the budget ------------------------------------------------------------------
    journey.go(f"/evaluation/calls/{call.pk}/", "board-evaluated")
    journey.field("说明").fill("首次排序")
    journey.submit("allocated", "排序与分配")
    run = RankingRun.objects.get(call=call)
    assert run.total_awarded <= call.budget
    if f"/evaluation/runs/{run.pk}/" not in page.url:
        journey.go(f"/evaluation/runs/{run.pk}/", "run")

    # --- publishes the notice -------------------------------------------------------------------------------------
    journey.field("异议受理联系方式").fill("0311-12345678")
    journey.submit("published", "公示本次结果")
    notice = Notice.objects.get(call=call)
    assert Application.objects.get(pk=b.pk).status == Status.IN_NOTICE

    # --- records an objection by telephone, and decides it ---------------------------------------------------------
    journey.go(f"/notice/{notice.pk}/manage/", "notice-manage")
    journey.field("涉及条目").select_option(index=1)
    journey.field("异议人").fill("李某")
    journey.field("联系方式").fill("13900000000")
    journey.field("异议内容").fill("该企业部分保费已退还")
    journey.submit("objection-recorded", "登记")
    objection = Objection.objects.get(notice=notice)
    page.get_by_label("异议不成立").check()
    journey.field("处理决定").fill("经核实保费未退还，异议不成立")
    journey.submit("objection-decided", "保存处理决定")
    assert Objection.objects.get(pk=objection.pk).decided_at is not None

    # --- the period passes; closes the notice, approves, generates the letters ----------------------------------
    Notice.objects.filter(pk=notice.pk).update(ends_on=timezone.localdate() - timedelta(days=1))
    journey.go(f"/notice/{notice.pk}/manage/", "notice-period-over")
    journey.submit("notice-closed", "结束公示")
    journey.go(f"/evaluation/calls/{call.pk}/", "board-to-approve")
    journey.submit("approved", "批准补助名单")
    approved = Application.objects.filter(call=call, status=Status.APPROVED)
    assert approved.count() >= 1 and sum(x.amount_awarded for x in approved) <= call.budget
    journey.go(f"/evaluation/calls/{call.pk}/", "board-approved")
    journey.submit("letters", "批量生成批准/不予补助通知书")
    assert Document.objects.filter(kind="approval_letter").count() == approved.count()

    # finance finds the approved awards waiting to be paid
    journey.login("finance")
    journey.nav("待拨付", "finance-pending")
    for application in approved:
        assert application.number in journey.text()
