"""A wrong entry is corrected by a reversing entry; the payment row itself is never edited."""

from decimal import Decimal

import pytest

from finance import payments
from finance.models import Kind, Payment
from tests.finance.conftest import assert_balanced, current, key, pay
from workflow.models import Status


def test_finance_reverses_a_wrong_payment_and_records_the_right_one(application, finance_user):
    pay(application, "2000.00", finance_user)
    wrong = pay(application, "5000.00", finance_user)  # should have been 500
    reversal = payments.record_reversal(wrong, reason="金额录入错误", by=finance_user, idempotency_key=key())
    assert reversal.kind == Kind.REVERSAL and reversal.reverses == wrong and reversal.amount == Decimal("5000.00")
    assert Payment.objects.get(pk=wrong.pk).amount == Decimal("5000.00")  # untouched
    assert payments.net_paid(application) == Decimal("2000.00")
    assert current(application).status == Status.PARTLY_PAID
    pay(current(application), "8000.00", finance_user)
    assert current(application).status == Status.PAID
    assert_balanced(application.call)


def test_reversal_cannot_exceed_the_payment(application, finance_user):
    payment = pay(application, "2000.00", finance_user)
    payments.record_reversal(payment, reason="部分冲正", by=finance_user, idempotency_key=key(), amount="1500.00")
    with pytest.raises(payments.Refused, match=r"尚未冲正的500\.00元"):
        payments.record_reversal(payment, reason="再冲", by=finance_user, idempotency_key=key(), amount="600.00")


def test_payment_rows_cannot_be_edited(application, finance_user):
    payment = pay(application, "2000.00", finance_user)
    payment.amount = Decimal("1.00")
    with pytest.raises(PermissionError):
        payment.save()


def test_a_fully_paid_award_can_be_reversed_and_its_state_follows_the_money(application, finance_user):
    first = pay(application, "4000.00", finance_user)
    second = pay(current(application), "6000.00", finance_user)
    assert current(application).status == Status.PAID
    payments.record_reversal(second, reason="凭证作废", by=finance_user, idempotency_key=key())
    assert current(application).status == Status.PARTLY_PAID
    payments.record_reversal(first, reason="凭证作废", by=finance_user, idempotency_key=key())
    assert current(application).status == Status.APPROVED and payments.net_paid(application) == Decimal("0.00")
    assert_balanced(application.call)


def test_a_bounce_after_full_payment_is_a_payment_failure(application, finance_user):
    paid = pay(application, "10000.00", finance_user)
    assert current(application).status == Status.PAID
    payments.record_failure(paid, "账户已销户", finance_user, idempotency_key=key())
    assert current(application).status == Status.PAYMENT_FAILED
    assert payments.net_paid(application) == Decimal("0.00")
    assert_balanced(application.call)
