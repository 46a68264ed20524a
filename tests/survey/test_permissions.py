"""Scope at call time: an enterprise its own response, a unit its own enterprises, the province all; experts,
finance staff and outsiders nothing; objects out of scope are 404."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from survey import imports
from tests.makers import signed_in
from tests.survey.makers import make_response
from tests.survey.sheets import good_row, upload_and_run, workbook

UNIT_PAGES = [
    "survey:progress",
    "survey:list",
    "survey:import",
    "survey:whitelist",
    "survey:exports",
    "survey:template",
]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["expert", "finance_user", "outsider"])
def test_experts_finance_and_outsiders_are_refused_everywhere(client, request, persona):
    signed_in(client, request.getfixturevalue(persona))
    for name in [*UNIT_PAGES, "survey:fill", "survey:statistics", "survey:plan", "survey:key_enterprises"]:
        assert client.get(reverse(name)).status_code == 403, name


@pytest.mark.django_db
def test_an_enterprise_sees_its_own_response_and_gets_404_for_anothers(client, sjz_enterprise, bd_enterprise):
    own, other = make_response(sjz_enterprise), make_response(bd_enterprise)
    signed_in(client, sjz_enterprise.user)
    assert client.get(reverse("survey:detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("survey:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("survey:list")).status_code == 403


@pytest.mark.django_db
def test_a_unit_reviewer_sees_its_unit_only(client, sjz_reviewer, sjz_enterprise, bd_enterprise):
    own, other = make_response(sjz_enterprise), make_response(bd_enterprise)
    signed_in(client, sjz_reviewer)
    assert client.get(reverse("survey:detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("survey:detail", args=[other.pk])).status_code == 404
    page = client.get(reverse("survey:list") + "?year=2022").content.decode()
    assert sjz_enterprise.name in page and bd_enterprise.name not in page
    for name in UNIT_PAGES:
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("survey:statistics")).status_code == 403


@pytest.mark.django_db
def test_another_units_import_is_404_and_cannot_be_run(client, sjz_reviewer, bd_reviewer):
    signed_in(client, sjz_reviewer)
    from tests.makers import make_uscc

    batch = upload_and_run(client, workbook([good_row(make_uscc(), "甲公司")]))
    signed_in(client, bd_reviewer)
    for name in ("survey:import_detail", "survey:import_progress", "survey:import_marked"):
        assert client.get(reverse(name, args=[batch.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        imports.run(batch, bd_reviewer)


@pytest.mark.django_db
def test_the_province_sees_every_unit(client, admin_user, sjz_enterprise, bd_enterprise):
    make_response(sjz_enterprise), make_response(bd_enterprise)
    signed_in(client, admin_user)
    page = client.get(reverse("survey:list") + "?year=2022").content.decode()
    assert sjz_enterprise.name in page and bd_enterprise.name in page
