"""The administrator's notice page: objections recorded and decided, the notice closed; nobody else gets in."""

from decimal import Decimal

import pytest
from django.urls import reverse

from notice import publication
from notice.models import NoticeEntry, NoticeStatus, Objection, ObjectionStatus
from tests.makers import signed_in

pytestmark = pytest.mark.django_db

# session, user, roles, unread messages, the list itself (one query), and the session save (3 with its savepoint)
QUERIES_PER_ADMIN_LIST = 8


def admin_at(client, admin_user, clock, moment: str):
    """Sign in at ``moment`` (sessions expire after two idle hours, so a jump in time needs a new sign-in)."""
    clock.set(moment)
    return signed_in(client, admin_user)


def test_others_cannot_open_the_manage_page(client, published, sjz_reviewer, sjz_enterprise):
    url = reverse("notice:manage", args=[published.pk])
    assert client.get(url).status_code == 302  # to sign-in
    for user in (sjz_reviewer, sjz_enterprise.user):
        assert signed_in(client, user).get(url).status_code == 403
    assert signed_in(client, sjz_reviewer).get(reverse("notice:manage_list")).status_code == 403


def test_the_administrator_records_decides_and_closes_through_the_pages(client, published, admin_user, clock):
    admin_at(client, admin_user, clock, "2022-02-08 11:00")
    entry = published.entries.get(order=2)
    response = client.post(
        reverse("notice:objection_create", args=[published.pk]),
        {"entry": entry.pk, "raised_by_name": "钱七", "contact": "0312-1234567", "content": "金额计算有误"},
    )
    assert response.status_code == 302
    objection = Objection.objects.get()
    page = client.get(reverse("notice:manage", args=[published.pk])).content.decode()
    assert "钱七" in page and "金额计算有误" in page

    prefix = f"o{objection.pk}"
    response = client.post(
        reverse("notice:objection_decide", args=[objection.pk]),
        {
            f"{prefix}-outcome": "upheld",
            f"{prefix}-decision": "按重新分配结果调整",
            f"{prefix}-change": "amount",
            f"{prefix}-amount": "30000.00",
        },
    )
    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.UPHELD
    assert NoticeEntry.objects.get(replaces=entry).amount == Decimal("30000.00")
    page = client.get(reverse("notice:manage", args=[published.pk])).content.decode()
    assert "名单变更记录" in page and "已被替代" in page

    admin_at(client, admin_user, clock, "2022-02-10 09:00")
    client.post(reverse("notice:close", args=[published.pk]))
    published.refresh_from_db()
    assert published.status == NoticeStatus.CLOSED


def test_a_late_objection_is_refused_on_the_page(client, published, admin_user, clock):
    admin_at(client, admin_user, clock, "2022-02-10 09:00")
    response = client.post(
        reverse("notice:objection_create", args=[published.pk]),
        {"raised_by_name": "孙八", "contact": "137", "content": "迟到的异议"},
    )
    assert "公示期已于2022年02月09日结束" in response.content.decode()
    assert not Objection.objects.exists()


def test_an_amount_change_needs_an_amount(client, published, admin_user, clock):
    admin_at(client, admin_user, clock, "2022-02-08 11:00")
    client.post(
        reverse("notice:objection_create", args=[published.pk]),
        {"entry": published.entries.get(order=1).pk, "raised_by_name": "甲", "contact": "1", "content": "有误"},
    )
    objection = Objection.objects.get()
    prefix = f"o{objection.pk}"
    response = client.post(
        reverse("notice:objection_decide", args=[objection.pk]),
        {f"{prefix}-outcome": "upheld", f"{prefix}-decision": "成立", f"{prefix}-change": "amount"},
    )
    assert response.status_code == 400 and "请填写调整后金额" in response.content.decode()
    assert Objection.objects.get().is_open


def test_the_manage_list_costs_the_same_queries_with_more_objections(
    client, published, admin_user, clock, django_assert_num_queries
):
    admin_at(client, admin_user, clock, "2022-02-08 11:00")
    url = reverse("notice:manage_list")
    client.get(url)  # warm the session
    with django_assert_num_queries(QUERIES_PER_ADMIN_LIST):
        page = client.get(url).content.decode()
    assert "2022年度专利保险补助拟补助名单公示" in page
    for name in ("甲", "乙", "丙"):
        publication.record_objection(published, raised_by_name=name, contact="1", content="有误", by=admin_user)
    with django_assert_num_queries(QUERIES_PER_ADMIN_LIST):
        client.get(url)


def test_the_manage_page_costs_the_same_queries_with_more_objections(
    client, published, admin_user, clock, django_assert_num_queries
):
    admin_at(client, admin_user, clock, "2022-02-08 11:00")
    url = reverse("notice:manage", args=[published.pk])
    publication.record_objection(published, raised_by_name="甲", contact="1", content="有误", by=admin_user)
    client.get(url)
    with django_assert_num_queries(QUERIES_PER_ADMIN_LIST + 3):  # + all rows, objections, current rows for the form
        client.get(url)
    for name in ("乙", "丙", "丁"):
        publication.record_objection(
            published, entry=published.entries.first(), raised_by_name=name, contact="1", content="有误", by=admin_user
        )
    with django_assert_num_queries(QUERIES_PER_ADMIN_LIST + 3):
        client.get(url)
