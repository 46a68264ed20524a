"""The city reviewer: confirms a registration, works the queue, returns one, passes one, forwards the batch;
the province then sees the forwarded application."""

import pytest

from accounts.models import RoleKind
from enterprises.models import Enterprise
from tests.makers import make_enterprise, make_open_call, make_user
from workflow import lifecycle
from workflow.models import Application, Status
from workflow.samples import complete_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def submitted(unit_code, call, premium):
    enterprise = make_enterprise(unit_code)
    return lifecycle.submit(complete_application(enterprise, call, enterprise.user, premium=premium), enterprise.user)


def test_city_reviewer_confirms_returns_passes_and_forwards(journey, sjz):
    page = journey.page
    make_user("province_admin", (RoleKind.ADMIN, None))
    make_user("sjz_reviewer", (RoleKind.CITY_REVIEWER, sjz))
    call = make_open_call("insurance")
    pending = make_enterprise("SJZ", name="石家庄待确认科技有限公司", confirmed=False)
    to_return = submitted("SJZ", call, "12000.00")
    to_pass = submitted("SJZ", call, "9000.00")

    # --- confirms a registration ---------------------------------------------------------------------------
    journey.login("sjz_reviewer")
    page.get_by_role("link", name="待确认的企业注册").click()
    journey.step("pending-registrations")
    page.get_by_role("link", name=pending.name).click()
    journey.step("registration")
    page.get_by_label("确认注册").check()
    journey.submit("registration-confirmed", "提交审核结论")
    assert Enterprise.objects.get(pk=pending.pk).registration_status == "confirmed"

    # --- works the queue ---------------------------------------------------------------------------------
    journey.nav("初审队列", "queue")
    assert to_return.number in journey.text() and to_pass.number in journey.text()

    # --- returns one, listing its defects once ---------------------------------------------------------------
    page.get_by_role("link", name=to_return.number).click()
    journey.step("application-to-return")
    if page.get_by_role("button", name="领取办理").count():
        journey.submit("claimed", "领取办理")
    page.locator("summary", has_text="退回补正").click()
    journey.field("涉及事项 1").fill("保险单")
    journey.field("问题 1").fill("保单复印件缺少保险公司盖章")
    journey.field("需补正内容 1").fill("加盖保险公司公章的保单复印件")
    journey.field("说明").fill("请在截止日期前一次补齐")
    journey.submit("returned", "退回补正")
    returned = Application.objects.get(pk=to_return.pk)
    assert returned.status == Status.RETURNED
    assert "保单复印件缺少保险公司盖章" in str(returned.reviews.last().defects)

    # --- passes another, after judging the conditions the rules leave to the reviewer ----------------------
    journey.go("/applications/review/", "queue-after-return")
    page.get_by_role("link", name=to_pass.number).click()
    journey.step("application-to-pass")
    if page.get_by_role("button", name="领取办理").count():
        journey.submit("claimed-second", "领取办理")
    for radio in page.get_by_role("radio", name="是").all():
        radio.check()
    journey.submit("judged", "保存判断并重新预审")
    journey.field("初审意见").fill("材料齐全，符合条件，同意推荐")
    journey.submit("passed", "初审通过")
    assert Application.objects.get(pk=to_pass.pk).status == Status.PASSED

    # --- forwards the batch to the province ------------------------------------------------------------------
    journey.nav("报送省局", "forward-list")
    journey.submit("forwarded", "报送所选申报（生成汇总表和推荐函）")
    assert Application.objects.get(pk=to_pass.pk).status == Status.FORWARDED
    assert "已报送批次" in journey.text()

    # the province sees it among the units' forwarded applications
    journey.login("province_admin")
    journey.go("/applications/province/forwarded/", "province-forwarded")
    assert to_pass.number in journey.text() and to_return.number not in journey.text()
