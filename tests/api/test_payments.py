"""Approved lists and payments: the finance pages' scope; the payee account masked except to finance and
the enterprise itself."""

import pytest
from django.urls import reverse

from tests.api.conftest import api_get
from tests.finance.conftest import approved, fail, pay


@pytest.fixture
def paid(call, sjz_enterprise, sjz_reviewer, finance_user):
    application = approved(sjz_enterprise, "10000.00", call)
    pay(application, "4000.00", finance_user, voucher="GK-API-1")
    return application


@pytest.fixture
def failed(call, bd_enterprise, bd_reviewer, finance_user):
    application = approved(bd_enterprise, "8000.00", call)
    fail(application, finance_user, voucher="GK-API-2", amount="8000.00")
    return application


def test_finance_reads_a_call_payments_with_full_accounts(client, call, paid, failed, finance_user):
    response = api_get(client, finance_user, reverse("api:call_payments", args=[call.pk]))
    rows = response.json()["results"]
    assert [(r["voucher"], r["status"]["code"], r["amount"]) for r in rows] == [
        ("GK-API-1", "paid", "4000.00"),
        ("GK-API-2", "failed", "8000.00"),
    ]
    assert rows[0]["account_number"] == paid.account_number


def test_the_province_reads_payments_with_masked_accounts(client, paid, admin_user):
    rows = api_get(client, admin_user, reverse("api:application_payments", args=[paid.pk])).json()["results"]
    assert rows[0]["account_number"].startswith("*") and rows[0]["account_number"][-4:] == paid.account_number[-4:]


def test_the_enterprise_reads_its_own_payments_only(client, paid, failed, sjz_enterprise):
    user = sjz_enterprise.user_roles.get().user
    own = api_get(client, user, reverse("api:application_payments", args=[paid.pk])).json()["results"]
    assert own[0]["account_number"] == paid.account_number
    assert api_get(client, user, reverse("api:application_payments", args=[failed.pk])).status_code == 404


def test_a_unit_may_not_read_a_calls_payment_register(client, call, paid, sjz_reviewer):
    response = api_get(client, sjz_reviewer, reverse("api:call_payments", args=[call.pk]))
    assert response.status_code == 403
    assert response.json()["detail"] == "只有省局财务人员和管理员可以查看拨付台账"


def test_the_approved_list_carries_award_and_net_paid(client, call, paid, failed, finance_user):
    rows = api_get(client, finance_user, reverse("api:call_approved", args=[call.pk])).json()["results"]
    assert {r["number"]: (r["status"]["code"], r["amount_awarded"], r["net_paid"]) for r in rows} == {
        paid.number: ("partly_paid", "10000.00", "4000.00"),
        failed.number: ("payment_failed", "8000.00", "0.00"),
    }


def test_a_unit_sees_only_its_own_approved_awards(client, call, paid, failed, bd_reviewer):
    rows = api_get(client, bd_reviewer, reverse("api:call_approved", args=[call.pk])).json()["results"]
    assert [r["number"] for r in rows] == [failed.number]
