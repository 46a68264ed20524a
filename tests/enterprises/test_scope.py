"""Who sees which enterprises: a city reviewer their unit, an enterprise itself, province staff all."""

import pytest
from django.urls import reverse

from tests.makers import signed_in


@pytest.mark.django_db
def test_sjz_reviewer_lists_only_sjz_enterprises(client, sjz_reviewer, sjz_enterprise, bd_enterprise):
    signed_in(client, sjz_reviewer)
    page = client.get(reverse("enterprises:list")).content.decode()
    assert sjz_enterprise.name in page
    assert bd_enterprise.name not in page


@pytest.mark.django_db
def test_sjz_reviewer_cannot_list_bd_enterprises_by_filtering_on_the_unit(client, sjz_reviewer, bd_enterprise):
    signed_in(client, sjz_reviewer)
    page = client.get(reverse("enterprises:list"), {"unit": "BD"}).content.decode()
    assert bd_enterprise.name not in page


@pytest.mark.django_db
def test_sjz_reviewer_cannot_open_a_bd_enterprise(client, sjz_reviewer, bd_enterprise):
    signed_in(client, sjz_reviewer)
    response = client.get(reverse("enterprises:detail", args=[bd_enterprise.pk]))
    assert response.status_code == 404
    assert bd_enterprise.name not in response.content.decode()


@pytest.mark.django_db
def test_sjz_reviewer_does_not_see_bd_registrations(
    client, sjz_reviewer, pending_sjz_enterprise, pending_bd_enterprise
):
    signed_in(client, sjz_reviewer)
    page = client.get(reverse("enterprises:list"), {"status": "pending"}).content.decode()
    assert pending_sjz_enterprise.name in page
    assert pending_bd_enterprise.name not in page
    assert client.get(reverse("enterprises:detail", args=[pending_bd_enterprise.pk])).status_code == 404


@pytest.mark.django_db
def test_enterprise_user_cannot_open_another_enterprise(client, sjz_enterprise, bd_enterprise):
    signed_in(client, sjz_enterprise.user)
    assert client.get(reverse("enterprises:detail", args=[sjz_enterprise.pk])).status_code == 200
    response = client.get(reverse("enterprises:detail", args=[bd_enterprise.pk]))
    assert response.status_code == 404
    assert bd_enterprise.name not in response.content.decode()


@pytest.mark.django_db
def test_enterprise_user_cannot_edit_another_enterprise(client, sjz_enterprise, bd_enterprise):
    signed_in(client, sjz_enterprise.user)
    assert client.get(reverse("enterprises:edit", args=[bd_enterprise.pk])).status_code == 404
    response = client.post(reverse("enterprises:qualification_add", args=[bd_enterprise.pk]), {})
    assert response.status_code == 404


@pytest.mark.django_db
def test_enterprise_user_cannot_see_the_directory(client, sjz_enterprise):
    signed_in(client, sjz_enterprise.user)
    assert client.get(reverse("enterprises:list")).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["expert", "outsider"])
def test_experts_and_outsiders_see_no_enterprise(client, request, persona, sjz_enterprise):
    signed_in(client, request.getfixturevalue(persona))
    assert client.get(reverse("enterprises:list")).status_code == 403
    assert client.get(reverse("enterprises:detail", args=[sjz_enterprise.pk])).status_code == 404


@pytest.mark.django_db
def test_province_staff_see_every_unit(client, admin_user, finance_user, sjz_enterprise, bd_enterprise):
    for user in (admin_user, finance_user):
        signed_in(client, user)
        page = client.get(reverse("enterprises:list")).content.decode()
        assert sjz_enterprise.name in page and bd_enterprise.name in page


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client, sjz_enterprise):
    response = client.get(reverse("enterprises:detail", args=[sjz_enterprise.pk]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.django_db
def test_the_directory_issues_a_constant_number_of_queries(client, admin_user, django_assert_max_num_queries):
    from tests.makers import make_enterprise

    signed_in(client, admin_user)
    for _ in range(3):
        make_enterprise("SJZ")
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("enterprises:list"))
    for _ in range(20):
        make_enterprise("BD")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("enterprises:list"))
