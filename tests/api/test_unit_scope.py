"""A unit's token sees only that unit's applications, exactly as the unit's pages do."""

from django.urls import reverse

from tests.api.conftest import api_get, token


def test_unit_token_lists_only_its_units_applications(client, sjz_reviewer, sjz_application, bd_application):
    response = api_get(client, sjz_reviewer, reverse("api:applications"))
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [sjz_application.pk]
    assert response.json()["results"][0]["unit"] == {"code": "SJZ", "name": "石家庄市"}


def test_another_units_application_is_a_404(client, sjz_reviewer, bd_application):
    response = api_get(client, sjz_reviewer, reverse("api:application", args=[bd_application.pk]))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_unit_sees_its_application_with_status_code_label_and_timeline(client, sjz_reviewer, sjz_application):
    response = api_get(client, sjz_reviewer, reverse("api:application", args=[sjz_application.pk]))
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == {"code": "submitted", "label": "已提交，待初审"}
    steps = [(e["from_status"], e["to_status"]) for e in body["timeline"] if e["to_status"]]
    assert steps == [({"code": "draft", "label": "草稿"}, {"code": "submitted", "label": "已提交，待初审"})]
    assert body["payee"]["account_number"].startswith("*")  # the unit sees the account masked, as on the page


def test_unit_filter_for_another_unit_is_empty_not_a_leak(client, sjz_reviewer, sjz_application, bd_application):
    response = api_get(client, sjz_reviewer, reverse("api:applications"), {"unit": "BD"})
    assert response.json()["count"] == 0


def test_bad_filter_is_a_400_naming_the_parameter(client, sjz_reviewer):
    raw = token(sjz_reviewer)
    response = client.get(reverse("api:applications"), {"status": "nonsense"}, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 400
    assert "status" in response.json()
