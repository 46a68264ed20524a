"""Anyone, signed in or not, reads the notice: the four published columns and how to object, nothing more."""

from decimal import Decimal

import pytest
from django.urls import reverse

from notice import publication
from tests.makers import make_enterprise, make_open_call
from workflow.samples import complete_application

pytestmark = pytest.mark.django_db


def test_the_public_page_needs_no_sign_in_and_shows_only_the_four_columns(client, published, applications):
    response = client.get(reverse("notice:detail", args=[published.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for text in ("2022年度专利保险补助拟补助名单公示", "石家庄甲科技有限公司", "石家庄市", "专利保险补助", "50000.00"):
        assert text in page
    assert "2022-01-28" in page and "2022-02-09" in page  # publication date and the period's last day
    assert "异议受理" in page and "2022年2月9日（含）前" in page
    for application in applications:
        assert application.enterprise.uscc not in page
        assert application.account_number not in page
    assert "ranking-run-7" not in page  # the internal source stays internal
    assert "notice/print.css" in page


def test_the_public_list_shows_current_notices(client, published):
    page = client.get(reverse("notice:list")).content.decode()
    assert "2022年度专利保险补助拟补助名单公示" in page and "82500.50" in page


def _more_entries(call, count):
    rows = []
    for _n in range(count):
        enterprise = make_enterprise("SJZ")
        application = complete_application(enterprise, call, enterprise.user_roles.get().user)
        rows.append({"application": application, "amount": Decimal("1000.00")})
    return rows


def test_the_public_pages_cost_the_same_queries_for_one_or_many(client, django_assert_num_queries, admin_user):
    insurance, loans = make_open_call("insurance"), make_open_call("loan_interest")
    small = publication.publish(insurance, _more_entries(insurance, 1), by=admin_user)
    with django_assert_num_queries(2):  # the notice, its current rows
        client.get(reverse("notice:detail", args=[small.pk]))
    with django_assert_num_queries(1):
        client.get(reverse("notice:list"))

    large = publication.publish(loans, _more_entries(loans, 4), by=admin_user)
    with django_assert_num_queries(2):
        client.get(reverse("notice:detail", args=[large.pk]))
    with django_assert_num_queries(1):
        client.get(reverse("notice:list"))
