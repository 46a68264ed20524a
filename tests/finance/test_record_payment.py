"""Finance records payments against an award: partial, then full; never more than the award."""

from decimal import Decimal

import pytest

from audit.models import Entry
from finance import payments
from tests.finance.conftest import assert_balanced, current, pay
from workflow.models import Status


def test_partial_payment_leaves_application_partly_paid(application, finance_user):
    pay(application, "4000.00", finance_user)
    assert current(application).status == Status.PARTLY_PAID
    assert payments.net_paid(application) == Decimal("4000.00")


def test_second_payment_up_to_the_award_makes_it_paid(application, finance_user):
    pay(application, "4000.00", finance_user)
    payment = pay(application, "6000.00", finance_user)
    assert current(application).status == Status.PAID
    assert payment.account_name == application.enterprise.name  # the payee snapshot
    actions = list(Entry.objects.for_object(application).values_list("action", flat=True))
    assert "workflow.application.record_full_payment" in actions


def test_over_payment_is_refused_with_what_is_left(application, finance_user):
    pay(application, "7000.00", finance_user)
    with pytest.raises(payments.Refused, match=r"最多还可拨付3000\.00元"):
        pay(application, "3000.01", finance_user)
    assert payments.net_paid(application) == Decimal("7000.00")
    assert_balanced(application.call)


def test_payment_refused_when_account_name_is_not_the_enterprise(application, finance_user):
    from workflow.models import Application

    Application.objects.filter(pk=application.pk).update(account_name="别的公司")
    with pytest.raises(payments.Refused, match="与企业名称"):
        pay(current(application), "100.00", finance_user)
