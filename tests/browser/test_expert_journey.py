"""The expert: accepts the pledge, declares a conflict on one application and scores another; the replacement
drawn for the first sees it among their tasks."""

from decimal import Decimal

import pytest

from evaluation import scoring
from evaluation.models import ScoreSheet
from experts import draw
from experts.models import Assignment, Pledge
from tests.evaluation.conftest import forwarded
from tests.experts.makers import make_pool
from tests.makers import make_open_call, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_expert_pledges_declares_a_conflict_and_scores(journey):
    from accounts.models import RoleKind

    page = journey.page
    admin = make_user("province_admin", (RoleKind.ADMIN, None))
    call = make_open_call("insurance", budget=Decimal("1000000.00"))
    a, b = forwarded("SJZ", "12000.00", call), forwarded("BD", "9000.00", call)
    pool = make_pool()
    group = draw.draw_group(call, [a, b], name="保险一组", size=5, seed=20220301, by=admin, minimum=5, lead=pool["E01"])
    scoring.start_evaluation(group, admin)
    expert = next(m.expert for m in group.members.select_related("expert__user") if m.expert.code != "E01")
    username = expert.user.username
    drawn_first = set(Assignment.objects.filter(application=a, status="active").values_list("expert", flat=True))

    # --- the pledge comes first ----------------------------------------------------------------------------
    journey.login(username)
    journey.nav("我的评审任务", "tasks-before-pledge")
    assert a.number not in journey.text()
    page.get_by_role("link", name="阅读并签署承诺书").click()
    journey.step("pledge")
    journey.field("本人已认真阅读上述承诺书，承诺遵守").check()
    journey.submit("pledged", "签署并开始评审")
    assert Pledge.objects.filter(expert=expert, call=call).exists()

    # --- declares a conflict on A --------------------------------------------------------------------------
    journey.go("/experts/tasks/", "tasks")
    page.get_by_role("link", name=a.number).click()
    journey.step("task-a")
    journey.field("回避理由").fill("本人曾为该企业提供专利咨询服务")
    journey.submit("declared", "申报回避")
    declared = Assignment.objects.get(application=a, expert=expert)
    assert declared.status == "declared"
    replacement = Assignment.objects.filter(application=a, status="active").exclude(expert__in=drawn_first)
    assert replacement.count() == 1  # five were needed: one more was drawn from the pool
    assert a.number not in page.locator("main table").inner_text()

    # --- scores B -------------------------------------------------------------------------------------------
    page.get_by_role("link", name=b.number).click()
    journey.step("task-b")
    page.get_by_role("link", name="打分").click()
    journey.step("score-form")
    for field, points in zip(page.get_by_label("得分").all(), ("30", "22", "18"), strict=True):
        field.fill(points)
    journey.field("总体意见").fill("专利与产品关联紧密，保险方案合理")
    journey.submit("scored", "提交评分")
    sheet = ScoreSheet.objects.get(assignment__application=b, assignment__expert=expert)
    assert sheet.total == Decimal("70")

    # the replacement drawn for A finds it among their tasks once they have pledged
    journey.login(replacement.get().expert.user.username)
    journey.go("/experts/tasks/", "replacement-tasks")
    assert "阅读并签署承诺书" in journey.text() and str(call) in journey.text()
