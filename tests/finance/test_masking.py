"""The payee account number is shown in full only to finance officers and the enterprise itself."""

from django.urls import reverse

from finance import permissions
from tests.finance.conftest import fail, pay
from tests.makers import signed_in

NUMBER = "6222020200001234"


def test_mask_keeps_the_last_four_digits():
    assert permissions.mask(NUMBER) == "************1234"


def test_finance_officer_sees_the_full_account(client, application, finance_user):
    pay(application, "100.00", finance_user)
    page = signed_in(client, finance_user).get(reverse("finance:application", args=[application.pk]))
    assert NUMBER in page.content.decode()


def test_administrator_sees_the_account_masked(client, application, finance_user, admin_user):
    pay(application, "100.00", finance_user)
    html = signed_in(client, admin_user).get(reverse("finance:application", args=[application.pk])).content.decode()
    assert NUMBER not in html and "************1234" in html


def test_enterprise_sees_its_own_account(client, application, finance_user, sjz_enterprise):
    fail(application, finance_user)
    html = signed_in(client, sjz_enterprise.user).get(reverse("finance:account", args=[application.pk])).content
    assert NUMBER in html.decode()
