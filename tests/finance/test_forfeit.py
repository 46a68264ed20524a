"""A failed payment not corrected within the grace period is forfeited (视为放弃) by the daily command; the
unpaid award returns to the call's unallocated budget and nothing is re-awarded."""

import datetime as dt
from decimal import Decimal

from django.core.management import call_command
from django.utils import timezone

from finance import ledger, payments
from tests.finance.conftest import assert_balanced, current, fail, pay
from workflow.models import Status


def test_uncorrected_failure_is_forfeited_after_its_grace_period(application, other_application, finance_user):
    call = application.call
    before = ledger.ledger_figures(call)
    assert before.remaining == Decimal("82000.00")  # 100,000 − 10,000 − 8,000
    pay(application, "3000.00", finance_user)
    fail(current(application), finance_user, failed_on=timezone.localdate() - dt.timedelta(days=20))

    assert payments.forfeit_expired(timezone.now() + dt.timedelta(days=5)) == []  # day 25 of 30: still waiting
    forfeited = payments.forfeit_expired(timezone.now() + dt.timedelta(days=11))  # day 31
    assert [a.pk for a in forfeited] == [application.pk]
    assert current(application).status == Status.FORFEITED
    assert current(other_application).status == Status.APPROVED  # nothing re-awarded, nothing else moved

    after = assert_balanced(call).ledger
    assert after.forfeited == Decimal("7000.00")  # the award less the 3,000 already paid
    assert after.remaining == Decimal("89000.00")  # 82,000 + 7,000 back to the unallocated budget
    assert after.outstanding == Decimal("8000.00")  # only 保定乙's award is still to pay


def test_daily_command_forfeits_expired_failures(application, finance_user):
    fail(application, finance_user, failed_on=timezone.localdate() - dt.timedelta(days=31))
    call_command("forfeit_unpaid", stdout=open("/dev/null", "w"))
    assert current(application).status == Status.FORFEITED
    assert_balanced(application.call)
