"""A retried request (same idempotency key: a double click, a proxy resending) records once."""

import pytest

from finance import payments
from finance.models import LedgerEntry, Payment
from tests.finance.conftest import assert_balanced, pay


def test_retry_with_the_same_key_returns_the_first_payment(application, finance_user):
    first = pay(application, "3000.00", finance_user, voucher="GK-R1", idempotency_key="form-123")
    again = pay(application, "3000.00", finance_user, voucher="GK-R1", idempotency_key="form-123")
    assert again.pk == first.pk
    assert Payment.objects.count() == 1
    assert LedgerEntry.objects.count() == 1
    assert_balanced(application.call)


def test_same_key_for_a_different_payment_is_refused(application, finance_user):
    pay(application, "3000.00", finance_user, voucher="GK-R2", idempotency_key="form-456")
    with pytest.raises(payments.Refused, match="请求编号已用于另一笔登记"):
        pay(application, "2000.00", finance_user, voucher="GK-R3", idempotency_key="form-456")


def test_retried_form_post_records_once(client, application, finance_user):
    from django.urls import reverse

    from tests.makers import signed_in

    signed_in(client, finance_user)
    data = {"amount": "2500.00", "voucher": "GK-R4", "subject": "2060299", "paid_on": "2024-01-02"}
    data["idempotency_key"] = "k" * 32
    url = reverse("finance:pay", args=[application.pk])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Payment.objects.filter(voucher="GK-R4").count() == 1
