"""The enterprise: registers, applies, uploads, submits, answers a correction; the city reviewer sees each step."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import RoleKind
from enterprises import registration
from enterprises.models import Enterprise
from tests.makers import PASSWORD, make_open_call, make_uscc, make_user
from workflow import lifecycle
from workflow.models import Application, Status
from workflow.samples import complete_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_enterprise_registers_applies_submits_and_answers_a_correction(journey, sjz, tmp_path):
    page = journey.page
    reviewer = make_user("sjz_reviewer", (RoleKind.CITY_REVIEWER, sjz))
    call = make_open_call("insurance")

    # --- registers itself ---------------------------------------------------------------------------
    journey.go("/enterprises/register/", "register-form")
    page.get_by_label("统一社会信用代码").fill(make_uscc())
    page.get_by_label("企业名称").fill("石家庄浏览器科技有限公司")
    page.get_by_label("所属单位").select_option(label="石家庄市")
    page.get_by_label("所在地址").fill("河北省石家庄市长安区测试路1号")
    page.get_by_label("企业规模").select_option(index=1)
    page.get_by_label("所属行业").select_option(index=1)
    journey.field("联系人").fill("王经理")
    page.get_by_label("联系电话").first.fill("13800000001")
    page.get_by_label("登录用户名").fill("ent_browser")
    page.get_by_label("姓名").fill("王经理")
    page.get_by_label("联系电话").nth(1).fill("13800000001")
    page.locator("[name=u-password1]").fill(PASSWORD)
    page.locator("[name=u-password2]").fill(PASSWORD)
    journey.submit("registered", "提交注册")
    enterprise = Enterprise.objects.get(name="石家庄浏览器科技有限公司")
    assert enterprise.registration_status == "pending"
    assert "注册成功" in journey.text()

    # the unit's reviewer sees the registration waiting on the home page
    journey.login("sjz_reviewer")
    page.get_by_role("link", name="待确认的企业注册").click()
    journey.step("reviewer-pending-registrations")
    assert "石家庄浏览器科技有限公司" in journey.text()
    registration.confirm(enterprise, reviewer)  # the reviewer's own journey confirms through the page

    # --- applies: starts a draft of the open call --------------------------------------------------------
    journey.login("ent_browser")
    journey.go("/applications/", "my-applications")
    page.get_by_role("button", name="开始填写").click()
    journey.step("draft-created")
    application = Application.objects.get(enterprise=enterprise)
    assert application.status == Status.DRAFT
    # what the policy pages would enter (the items' own forms have their own tests): one policy, two patents,
    # the payee account and every material but the application form, which the enterprise uploads below
    by = application.created_by
    application.delete()
    application = complete_application(enterprise, call, by)
    missing = application.materials.order_by("pk").first()
    missing_label, missing_id = missing.material_id, missing.material_id
    missing.delete()
    journey.go(f"/applications/{application.pk}/", "draft-filled")
    assert "缺少" in journey.text() or "提交申报" in journey.text()

    # --- uploads the missing scan ------------------------------------------------------------------------
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4\n% browser scan\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    journey.field("材料").select_option(value=missing_id)
    journey.field("文件").set_input_files(str(scan))
    journey.submit("uploaded", "上传")
    assert application.materials.filter(material_id=missing_label, current=True).exists()

    # --- submits -----------------------------------------------------------------------------------------
    journey.submit("submitted", "提交申报")
    application = Application.objects.get(pk=application.pk)
    assert application.status == Status.SUBMITTED
    assert "受理回执" in journey.text()

    # the city reviewer's queue shows it
    journey.login("sjz_reviewer")
    journey.go("/applications/review/", "reviewer-queue")
    assert application.number in journey.text()

    # --- the reviewer returns it for correction (their journey does this through the page) ---------------
    lifecycle.return_for_correction(
        application,
        reviewer,
        [{"item": "申报书", "problem": "未盖公章", "provide": "盖章后的申报书"}],
        timezone.now() + timedelta(days=10),
        "请补正",
    )
    journey.login("ent_browser")
    journey.go(f"/applications/{application.pk}/", "correction-notice")
    assert "补正通知" in journey.text() and "未盖公章" in journey.text()
    journey.field("材料").select_option(value=missing_id)
    journey.field("文件").set_input_files(str(scan))
    journey.submit("corrected-upload", "上传")
    journey.submit("resubmitted", "提交补正")
    application = Application.objects.get(pk=application.pk)
    assert application.status == Status.SUBMITTED

    # back in the reviewer's queue
    journey.login("sjz_reviewer")
    journey.go("/applications/review/?status=submitted", "reviewer-queue-again")
    assert application.number in journey.text()
