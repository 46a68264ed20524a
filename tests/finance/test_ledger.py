"""The call's ledger equals the sums of the payment rows after every step, and shows a difference when
something wrote money outside the door."""

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from finance import ledger, payments
from finance.models import Payment
from tests.finance.conftest import assert_balanced, current, fail, key, pay
from tests.makers import signed_in


def test_ledger_equals_the_rows_after_every_step(application, other_application, finance_user, sjz_enterprise):
    call = application.call
    steps = [
        lambda: pay(current(application), "4000.00", finance_user),
        lambda: pay(current(other_application), "8000.00", finance_user),
        lambda: payments.record_reversal(
            Payment.objects.filter(application=application).first(),
            reason="错账",
            by=finance_user,
            idempotency_key=key(),
        ),
        lambda: fail(current(application), finance_user, amount="10000.00"),
        lambda: payments.correct_account(
            current(application), sjz_enterprise.user, "工行", sjz_enterprise.name, "6212"
        ),
        lambda: pay(current(application), "10000.00", finance_user),
    ]
    assert_balanced(call)
    for step in steps:
        step()
        assert_balanced(call)
    figures = ledger.ledger_figures(call)
    assert (figures.awarded, figures.paid, figures.reversed, figures.failed) == (
        Decimal("18000.00"),
        Decimal("22000.00"),
        Decimal("4000.00"),
        Decimal("10000.00"),
    )
    assert figures.outstanding == Decimal("0.00") and figures.remaining == Decimal("82000.00")


def test_a_row_written_past_the_door_shows_as_a_difference(application, finance_user, client):
    pay(application, "1000.00", finance_user)
    Payment.objects.create(  # e.g. a hand edit in the database: no journal line
        application=application,
        amount=Decimal("500.00"),
        voucher="HAND-1",
        paid_on=timezone.localdate(),
        bank_name="b",
        account_name="a",
        account_number="1",
        idempotency_key="hand",
        recorded_by=finance_user,
    )
    result = ledger.reconcile(application.call)
    assert not result.balanced
    assert result.application_differences[0]["difference"] == Decimal("-500.00")
    page = signed_in(client, finance_user).get(reverse("finance:ledger", args=[application.call_id]))
    assert "核对不一致" in page.content.decode()


def test_reconciliation_exports_to_xlsx(application, finance_user, client):
    import io

    from openpyxl import load_workbook

    pay(application, "1000.00", finance_user)
    response = signed_in(client, finance_user).get(reverse("finance:ledger_xlsx", args=[application.call_id]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    paid = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "已拨付")
    assert paid[1:] == (1000, 1000, 0)
