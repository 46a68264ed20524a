"""Finance: records a payment and a failed payment; the enterprise whose payment bounced is told to correct
its account."""

from decimal import Decimal

import pytest

from accounts.models import RoleKind
from finance.models import Payment
from tests.finance.conftest import approved
from tests.makers import make_enterprise, make_open_call, make_user
from workflow.models import Application, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_finance_records_a_payment_and_a_failure(journey):
    page = journey.page
    make_user("province_admin", (RoleKind.ADMIN, None))
    make_user("finance", (RoleKind.FINANCE, None))
    call = make_open_call("insurance")
    paid = approved(make_enterprise("SJZ"), "10000.00", call)
    bounced_enterprise = make_enterprise("BD", username="ent_bd")
    bounced = approved(bounced_enterprise, "8000.00", call)

    journey.login("finance")
    journey.nav("待拨付", "pending")
    assert paid.number in journey.text() and bounced.number in journey.text()

    # --- records a payment -------------------------------------------------------------------------------
    page.get_by_role("link", name=paid.number).click()
    journey.step("award-to-pay")
    pay = page.locator("form[action$='/pay/']")
    journey.field("金额（元）", pay).fill("10000.00")
    journey.field("国库集中支付凭证号", pay).fill("GK2022000101")
    journey.field("预算科目", pay).fill("2060299")
    journey.submit("paid", "登记拨付")
    assert Application.objects.get(pk=paid.pk).status == Status.PAID
    assert Payment.objects.get(application=paid).amount == Decimal("10000.00")

    # --- records a failure the bank reported ------------------------------------------------------------------
    journey.nav("待拨付", "pending-after-payment")
    page.get_by_role("link", name=bounced.number).click()
    journey.step("award-to-fail")
    fail = page.locator("form[action$='/fail/']")
    journey.field("凭证号", fail).fill("GK2022000102")
    journey.field("失败原因", fail).fill("户名与账号不符")
    journey.submit("failed", "登记拨付失败")
    assert Application.objects.get(pk=bounced.pk).status == Status.PAYMENT_FAILED

    # the enterprise sees the failure on its applications
    journey.login("ent_bd")
    journey.nav("我的申报", "enterprise-applications")
    assert bounced.number in journey.text() and "拨付失败" in journey.text()
