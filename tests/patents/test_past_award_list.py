"""The province lists past awards: filters, search, 50 a page, the same queries however many rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from patents import imports
from tests.makers import make_uscc, signed_in
from tests.patents.makers import make_number, workbook_bytes


def import_rows(admin, n: int, year: int = 2021, name: str = "测试企业") -> list[list]:
    rows = [[year, "专利保险补助", make_uscc(), name, make_number(2018), "其他", 1000] for _ in range(n)]
    imports.commit(workbook_bytes(rows), f"{year}-{n}.xlsx", admin)
    return rows


@pytest.mark.django_db
def test_filters_and_search(client, admin_user):
    rows = import_rows(admin_user, 2, 2021, "石家庄甲科技有限公司")
    import_rows(admin_user, 1, 2020, "保定乙装备有限公司")
    signed_in(client, admin_user)
    url = reverse("patents:past_awards")
    assert client.get(url, {"year": "2020"}).context["page"].paginator.count == 1
    assert client.get(url, {"programme": "loan_interest"}).context["page"].paginator.count == 0
    assert client.get(url, {"q": "石家庄甲"}).context["page"].paginator.count == 2
    assert client.get(url, {"q": rows[0][2].lower()}).context["page"].paginator.count == 1
    assert client.get(url, {"q": rows[1][4].replace(".", "")}).context["page"].paginator.count == 1


@pytest.mark.django_db
def test_same_queries_for_1_and_60_awards(client, admin_user):
    import_rows(admin_user, 1)
    signed_in(client, admin_user)
    url = reverse("patents:past_awards")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    import_rows(admin_user, 60, 2022)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["page"].object_list) == 50
    assert len(many.captured_queries) == len(one.captured_queries)


@pytest.mark.django_db
def test_only_province_admin_sees_past_awards(client, sjz_reviewer, finance_user):
    for user in (sjz_reviewer, finance_user):
        signed_in(client, user)
        assert client.get(reverse("patents:past_awards")).status_code == 403
