"""The "组建评审组" page: the province chooses applications, N and a shown seed, and reads the record."""

import pytest
from django.urls import reverse

from experts.draw import draw_group
from experts.models import EvaluationGroup
from tests.makers import signed_in

from .makers import link


def test_the_province_draws_from_the_page_and_reads_the_record(client, admin_user, call, pool, sjz_apps, bd_app):
    link(pool["E02"], enterprise=bd_app.enterprise)
    signed_in(client, admin_user)
    page = client.get(reverse("experts:group_new", args=[call.pk]))
    assert page.status_code == 200 and page.context["form"].initial["seed"] >= 100_000_000
    response = client.post(
        reverse("experts:group_new", args=[call.pk]),
        {
            "name": "第一评审组",
            "size": 7,
            "minimum": 3,
            "seed": 123456789,
            "lead": pool["E05"].pk,
            "applications": [a.pk for a in [*sjz_apps, bd_app]],
        },
    )
    group = EvaluationGroup.objects.get()
    assert response.status_code == 302 and response.url == reverse("experts:group", args=[group.pk])
    record_page = client.get(response.url).content.decode()
    for text in ("123456789", "陈静", "评审组长", bd_app.number, "抽取时回避", "保定乙装备有限公司"):
        assert text in record_page


def test_filtering_by_programme_and_industry_and_selecting_none(client, admin_user, call, sjz_apps):
    signed_in(client, admin_user)
    url = reverse("experts:group_new", args=[call.pk])
    assert len(client.get(url, {"programme": "insurance"}).context["form"].initial["applications"]) == 2
    assert client.get(url, {"industry": "steel"}).context["applications"].count() == 0
    assert client.get(url, {"select": "none"}).context["form"].initial["applications"] == []


def test_a_refused_draw_is_shown_on_the_page(client, admin_user, call, pool, sjz_apps):
    signed_in(client, admin_user)
    response = client.post(
        reverse("experts:group_new", args=[call.pk]),
        {"name": "大组", "size": 9, "minimum": 3, "seed": 1, "applications": [sjz_apps[0].pk]},
    )
    assert response.status_code == 200 and "可抽取的专家只有7人" in response.content.decode()
    assert not EvaluationGroup.objects.exists()


def test_the_calls_page_counts_what_waits_for_a_group(client, admin_user, call, sjz_apps):
    signed_in(client, admin_user)
    response = client.get(reverse("experts:calls"))
    assert [(row[0], row[1]) for row in response.context["rows"]] == [(call, 2)]


@pytest.mark.parametrize("persona", ["expert", "sjz_reviewer", "sjz_enterprise", "outsider", "finance_user"])
def test_only_the_province_forms_groups(client, request, persona, call, pool, sjz_apps):
    persona = request.getfixturevalue(persona)
    signed_in(client, getattr(persona, "user", persona))
    for name in ("group_new", "call_groups"):
        assert client.get(reverse(f"experts:{name}", args=[call.pk])).status_code == 403
    post = {"name": "组", "size": 3, "minimum": 3, "seed": 1, "applications": [a.pk for a in sjz_apps]}
    assert client.post(reverse("experts:group_new", args=[call.pk]), post).status_code == 403
    assert client.get(reverse("experts:calls")).status_code == 403
    assert not EvaluationGroup.objects.exists()


def test_nobody_but_the_province_reads_a_group(client, admin_user, call, pool, sjz_apps):
    group = draw_group(call, sjz_apps, name="组", size=3, minimum=3, seed=5, by=admin_user)
    signed_in(client, pool["E01"].user)
    assert client.get(reverse("experts:group", args=[group.pk])).status_code == 404


def test_the_calls_groups_page_lists_the_groups(client, admin_user, call, pool, sjz_apps):
    draw_group(call, sjz_apps, name="信息智能组", size=3, minimum=3, seed=5, by=admin_user)
    signed_in(client, admin_user)
    assert "信息智能组" in client.get(reverse("experts:call_groups", args=[call.pk])).content.decode()
