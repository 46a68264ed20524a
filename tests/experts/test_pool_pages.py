"""The province keeps the expert pool: list (constant queries), add, edit with links; nobody else may."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import RoleKind, User
from audit.models import Entry
from experts.models import Expert, ExpertLink, LinkKind
from tests.makers import make_user, signed_in

from .makers import link, make_expert, make_pool


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_pool_list_costs_the_same_queries_for_seven_or_twenty_experts(client, admin_user, sjz_enterprise):
    pool = make_pool()
    link(pool["E01"], enterprise=sjz_enterprise)
    signed_in(client, admin_user)
    seven = queries_for(client, reverse("experts:list"))
    for n in range(8, 21):
        link(make_expert(f"E{n:02d}"), kind=LinkKind.BANK, counterpart="中国银行")
    assert queries_for(client, reverse("experts:list")) == seven
    assert "王建国" in client.get(reverse("experts:list"), {"q": "河北工业"}).content.decode()


def test_the_province_adds_an_expert_with_a_new_account(client, admin_user):
    signed_in(client, admin_user)
    response = client.post(
        reverse("experts:new"),
        {
            "username": "expert_sun",
            "full_name": "孙丽",
            "password": "Zhuanjia-2024-ok",
            "code": "E08",
            "expertise": ["patent", "finance"],
            "employer": "河北大学",
            "max_load": 30,
            "active": "on",
        },
    )
    expert = Expert.objects.get(code="E08")
    assert response.status_code == 302 and expert.user.has_role(RoleKind.EXPERT)
    assert expert.expertise == ["patent", "finance"]
    assert Entry.objects.for_object(expert).get().action == "experts.expert.created"


def test_the_code_defaults_to_the_username(db):
    user = make_user("expert_zhou", (RoleKind.EXPERT, None))
    assert Expert.objects.create(user=user, employer="河北大学").code == "expert_zhou"


def test_the_province_edits_an_expert_and_records_a_bank_link(client, admin_user, pool):
    expert = pool["E03"]
    signed_in(client, admin_user)
    data = {
        "code": "E03",
        "expertise": ["finance"],
        "employer": "河北经贸大学",
        "title": "教授",
        "max_load": 20,
        "active": "on",
        "links-TOTAL_FORMS": 1,
        "links-INITIAL_FORMS": 0,
        "links-0-kind": "bank",
        "links-0-counterpart": "中国银行股份有限公司石家庄分行",
        "links-0-relation": "advice",
        "links-0-started_on": "2020-01-01",
        "links-0-ended_on": "2022-06-30",
    }
    response = client.post(reverse("experts:edit", args=[expert.pk]), data)
    assert response.status_code == 302
    assert ExpertLink.objects.get(expert=expert).counterpart == "中国银行股份有限公司石家庄分行"
    assert Expert.objects.get(pk=expert.pk).max_load == 20
    actions = list(Entry.objects.for_object(expert).values_list("action", flat=True))
    assert actions == ["experts.expert.edited", "experts.link.added"]
    assert "中国银行股份有限公司石家庄分行" in client.get(reverse("experts:detail", args=[expert.pk])).content.decode()


def test_an_enterprise_link_is_given_by_its_credit_code(client, admin_user, pool, sjz_enterprise):
    expert = pool["E02"]
    signed_in(client, admin_user)
    data = {
        "code": "E02",
        "employer": "河北省知识产权保护中心",
        "max_load": 30,
        "active": "on",
        "links-TOTAL_FORMS": 1,
        "links-INITIAL_FORMS": 0,
        "links-0-kind": "enterprise",
        "links-0-enterprise_uscc": sjz_enterprise.uscc.lower(),
        "links-0-relation": "relative",
    }
    assert client.post(reverse("experts:edit", args=[expert.pk]), data).status_code == 302
    assert ExpertLink.objects.get(expert=expert).enterprise == sjz_enterprise


def test_a_bank_link_needs_the_banks_name(client, admin_user, pool):
    expert = pool["E02"]
    signed_in(client, admin_user)
    data = {
        "code": "E02",
        "employer": "河北省知识产权保护中心",
        "max_load": 30,
        "links-TOTAL_FORMS": 1,
        "links-INITIAL_FORMS": 0,
        "links-0-kind": "bank",
        "links-0-relation": "advice",
    }
    response = client.post(reverse("experts:edit", args=[expert.pk]), data)
    assert response.status_code == 200 and "请填写关联机构名称" in response.content.decode()
    assert not ExpertLink.objects.exists()


@pytest.mark.parametrize("persona", ["expert", "sjz_reviewer", "sjz_enterprise", "outsider"])
def test_only_the_province_sees_the_pool(client, request, persona, pool):
    persona = request.getfixturevalue(persona)
    signed_in(client, getattr(persona, "user", persona))  # an enterprise persona carries its user
    assert client.get(reverse("experts:list")).status_code == 403
    assert client.get(reverse("experts:detail", args=[pool["E01"].pk])).status_code == 403
    assert client.get(reverse("experts:new")).status_code == 403


def test_the_django_admin_lists_experts(client, pool):
    superuser = User.objects.create_superuser("root", password="x-Very-Long-1")
    client.force_login(superuser)
    assert client.get(reverse("admin:experts_expert_changelist")).status_code == 200
    assert client.get(reverse("admin:experts_expert_change", args=[pool["E01"].pk])).status_code == 200


def test_the_province_puts_an_existing_expert_account_in_the_pool(client, admin_user, expert):
    signed_in(client, admin_user)
    assert client.get(reverse("experts:new")).status_code == 200
    data = {"account": expert.pk, "employer": "石家庄铁道大学", "max_load": 30, "active": "on"}
    assert client.post(reverse("experts:new"), data).status_code == 302
    added = Expert.objects.get(user=expert)
    assert added.code == "expert" and client.get(reverse("experts:edit", args=[added.pk])).status_code == 200


def test_an_expert_whose_role_was_withdrawn_is_not_drawn(admin_user, call, pool, sjz_apps):
    from experts.draw import sorted_pool

    pool["E04"].user.roles.all().delete()
    assert [e.code for e in sorted_pool(call)] == ["E01", "E02", "E03", "E05", "E06", "E07"]
