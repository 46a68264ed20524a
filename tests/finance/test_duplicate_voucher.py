"""The same 国库集中支付 voucher is never recorded twice, on the same or another application."""

import pytest

from finance import payments
from finance.models import Payment
from tests.finance.conftest import pay


def test_voucher_recorded_twice_is_refused(application, finance_user):
    pay(application, "1000.00", finance_user, voucher="GK-0001")
    with pytest.raises(payments.Refused, match="GK-0001已登记过"):
        pay(application, "1000.00", finance_user, voucher="GK-0001")
    assert Payment.objects.count() == 1


def test_voucher_of_another_application_is_refused(application, other_application, finance_user):
    pay(application, "1000.00", finance_user, voucher="GK-0002")
    with pytest.raises(payments.Refused, match="同一凭证不能重复登记"):
        pay(other_application, "1000.00", finance_user, voucher="GK-0002")


def test_database_refuses_a_duplicate_voucher_written_past_the_door(application, finance_user):
    from django.db import IntegrityError, transaction

    first = pay(application, "1000.00", finance_user, voucher="GK-0003")
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(
            application=application,
            amount=1,
            voucher="GK-0003",
            paid_on=first.paid_on,
            bank_name="b",
            account_name="a",
            account_number="1",
            idempotency_key="other",
            recorded_by=finance_user,
        )
