"""The finance pages render, and the 待拨付 list costs the same number of queries for 1 or 3 applications."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.finance.conftest import approved, fail, pay
from tests.makers import make_enterprise, signed_in


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("finance:pending")).status_code == 200
    return len(captured)


def test_pending_list_query_count_is_constant(client, application, finance_user, call):
    pay(application, "100.00", finance_user)
    signed_in(client, finance_user)
    one = _queries(client)
    for code in ("BD", "TS"):
        pay(approved(make_enterprise(code), "5000.00", call), "100.00", finance_user)
    assert _queries(client) == one


def test_pending_list_filters_by_status(client, application, other_application, finance_user):
    fail(application, finance_user)
    page = signed_in(client, finance_user).get(reverse("finance:pending"), {"status": "payment_failed"})
    assert [a.pk for a in page.context["page"]] == [application.pk]


def test_payment_page_records_through_the_form(client, application, finance_user):
    signed_in(client, finance_user)
    url = reverse("finance:application", args=[application.pk])
    form = client.get(url).context["payment_form"]
    data = {"amount": "20000.00", "voucher": "GK-P1", "subject": "2060299", "paid_on": "2024-01-02"}
    response = client.post(
        reverse("finance:pay", args=[application.pk]), data | {"idempotency_key": form.initial["idempotency_key"]}
    )
    assert response.status_code == 400 and "超出批准金额" in response.content.decode()


def test_enterprise_corrects_its_account_on_the_page(client, application, finance_user, sjz_enterprise):
    fail(application, finance_user)
    signed_in(client, sjz_enterprise.user)
    data = {"bank_name": "工行", "account_name": sjz_enterprise.name, "account_number": "6212 2604 0200 0000 001"}
    assert client.post(reverse("finance:account", args=[application.pk]), data).status_code == 302
    assert client.get(reverse("finance:account", args=[application.pk])).status_code == 200


def test_ledger_list_links_each_call(client, call, admin_user):
    page = signed_in(client, admin_user).get(reverse("finance:ledgers"))
    assert reverse("finance:ledger", args=[call.pk]) in page.content.decode()


def test_the_pending_list_sorts_by_column_and_keeps_the_search(client, application, other_application, finance_user):
    signed_in(client, finance_user)
    url = reverse("finance:pending")
    by_amount = client.get(url + "?sort=awarded")
    assert [a.pk for a in by_amount.context["page"]] == [other_application.pk, application.pk]  # 8,000 then 10,000
    assert [a.pk for a in client.get(url + "?sort=-awarded").context["page"]] == [application.pk, other_application.pk]
    assert client.get(url + "?sort=__class__").status_code == 200  # an unknown key is the default order
    page = client.get(url + "?q=石家庄&sort=-awarded").content.decode()
    assert 'aria-sort="descending"' in page and "q=%E7%9F%B3%E5%AE%B6%E5%BA%84&amp;sort=awarded" in page
