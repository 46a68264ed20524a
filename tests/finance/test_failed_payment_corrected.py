"""The bank returns a payment (wrong account); the enterprise is told, corrects its account within the
grace period, and is then paid."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from finance import payments
from notifications.models import Message
from tests.finance.conftest import assert_balanced, current, fail, pay
from workflow.models import Status


def test_failed_payment_is_corrected_by_the_enterprise_and_paid(application, finance_user, sjz_enterprise):
    failed = fail(application, finance_user, reason="账号不存在", amount="10000.00")
    assert current(application).status == Status.PAYMENT_FAILED
    assert failed.grace_until == timezone.localdate() + dt.timedelta(days=30)  # insurance-2021: 30 days
    message = Message.objects.get(recipient=sjz_enterprise.user, event="payment_failed")
    assert failed.grace_until.isoformat() in message.body and "账号不存在" in message.body
    assert_balanced(application.call)

    corrected = payments.correct_account(
        current(application), sjz_enterprise.user, "中国工商银行石家庄分行", sjz_enterprise.name, "6212260402000000001"
    )
    assert corrected.status == Status.APPROVED and corrected.account_number == "6212260402000000001"

    payment = pay(corrected, "10000.00", finance_user)
    assert payment.account_number == "6212260402000000001"
    assert current(application).status == Status.PAID
    assert payments.net_paid(application) == Decimal("10000.00")
    assert_balanced(application.call)


def test_bank_bounce_of_a_recorded_payment_reverses_it_and_fails(application, finance_user):
    payment = pay(application, "4000.00", finance_user)
    payments.record_failure(payment, "银行退票：户名不符", finance_user, idempotency_key="bounce-1")
    assert current(application).status == Status.PAYMENT_FAILED
    assert payments.net_paid(application) == Decimal("0.00")
    assert_balanced(application.call)


def test_account_name_must_be_the_enterprise_name(application, finance_user, sjz_enterprise):
    fail(application, finance_user)
    with pytest.raises(payments.Refused, match="必须与企业名称"):
        payments.correct_account(current(application), sjz_enterprise.user, "工行", "张三", "6212260402000000001")


def test_another_enterprise_cannot_correct_the_account(application, finance_user, bd_enterprise):
    fail(application, finance_user)
    with pytest.raises(PermissionDenied):
        payments.correct_account(current(application), bd_enterprise.user, "工行", "保定乙装备有限公司", "62122604")


def test_correction_after_the_grace_period_is_refused(application, finance_user, sjz_enterprise):
    fail(application, finance_user, failed_on=timezone.localdate() - dt.timedelta(days=31))
    with pytest.raises(payments.Refused, match="更正期限已于"):
        payments.correct_account(current(application), sjz_enterprise.user, "工行", sjz_enterprise.name, "6212260402")
