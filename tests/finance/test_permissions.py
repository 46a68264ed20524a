"""Only finance officers record money; other people are refused with the reason, or see nothing."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from finance.models import Payment
from tests.finance.conftest import fail, pay
from tests.makers import signed_in


@pytest.mark.parametrize("persona", ["admin_user", "sjz_reviewer", "outsider"])
def test_only_finance_records_a_payment(request, application, persona):
    with pytest.raises(PermissionDenied, match="只有省局财务人员可以登记拨付"):
        pay(application, "100.00", request.getfixturevalue(persona))
    assert Payment.objects.count() == 0


def test_enterprise_cannot_post_a_payment(client, application, sjz_enterprise):
    data = {"amount": "1", "voucher": "X", "subject": "1", "paid_on": "2024-01-01", "idempotency_key": "k"}
    response = signed_in(client, sjz_enterprise.user).post(reverse("finance:pay", args=[application.pk]), data)
    assert response.status_code == 403
    assert Payment.objects.count() == 0


def test_administrator_reads_but_cannot_post(client, application, admin_user):
    signed_in(client, admin_user)
    assert client.get(reverse("finance:pending")).status_code == 200
    data = {"amount": "1", "voucher": "X", "subject": "1", "paid_on": "2024-01-01", "idempotency_key": "k"}
    assert client.post(reverse("finance:pay", args=[application.pk]), data).status_code == 403


def test_reviewer_cannot_see_the_finance_pages(client, application, sjz_reviewer):
    signed_in(client, sjz_reviewer)
    assert client.get(reverse("finance:pending")).status_code == 403
    assert client.get(reverse("finance:import")).status_code == 403


def test_other_enterprise_cannot_open_the_correction_page(client, application, finance_user, bd_enterprise):
    fail(application, finance_user)
    response = signed_in(client, bd_enterprise.user).get(reverse("finance:account", args=[application.pk]))
    assert response.status_code == 404
