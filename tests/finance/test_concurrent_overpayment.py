"""Two finance officers record 6,000 each against a 10,000 award at the same moment, each on their own
database connection: the row lock lets exactly one through; the other is told what is left."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from accounts.models import User
from finance import payments
from finance.models import Payment
from tests.finance.conftest import approved, assert_balanced, current, pay
from workflow.models import Application, Status


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_payments_over_the_award_one_is_refused(
    sjz_enterprise, sjz_reviewer, finance_user, another_finance_user
):
    application = approved(sjz_enterprise, "10000.00")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(user_pk):
        officer = User.objects.get(pk=user_pk)
        barrier.wait()
        try:
            pay(Application.objects.get(pk=application.pk), "6000.00", officer)
            result = "paid"
        except payments.Refused as exc:
            result = f"refused: {exc}"
        except Exception as exc:  # a database error would be a failure of the design: report it
            result = f"error: {type(exc).__name__}: {exc}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(u.pk,)) for u in (finance_user, another_finance_user)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes)[0] == "paid" and len(outcomes) == 2, outcomes
    assert "最多还可拨付4000.00元" in sorted(outcomes)[1], outcomes
    assert Payment.objects.filter(application=application).count() == 1
    assert payments.net_paid(application) == Decimal("6000.00")
    assert current(application).status == Status.PARTLY_PAID
    assert_balanced(application.call)
