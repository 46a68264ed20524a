"""Who sees and does what: a unit its own parks, the province everything, nobody else anything."""

from datetime import date

import pytest

from parks.models import ParkFinancing, ParkYear
from tests.makers import signed_in

from .conftest import recorded
from .test_record_financing import form

# The personas are fetched by name inside some tests: mark the database use so these run with the other
# database tests, before the transactional ones that flush the reference data.
pytestmark = pytest.mark.django_db


def test_a_city_reviewer_sees_only_the_parks_of_the_unit(client, sjz_reviewer, sjz_high_tech, bd_high_tech):
    page = signed_in(client, sjz_reviewer).get("/parks/?year=2022").content.decode()
    assert sjz_high_tech.name in page and bd_high_tech.name not in page


def test_the_province_sees_every_park(client, admin_user, sjz_high_tech, bd_high_tech):
    page = signed_in(client, admin_user).get("/parks/?year=2022").content.decode()
    assert sjz_high_tech.name in page and bd_high_tech.name in page and "0/29" in page


@pytest.mark.parametrize("persona", ["outsider", "expert", "finance_user", "sjz_enterprise"])
@pytest.mark.parametrize("url", ["/parks/", "/parks/progress.xlsx", "/parks/financings/", "/parks/financings/new/"])
def test_people_without_a_unit_or_province_role_are_refused(client, request, persona, url):
    user = request.getfixturevalue(persona)
    user = getattr(user, "user", user)
    assert signed_in(client, user).get(url).status_code == 403


def test_a_city_reviewer_cannot_record_for_another_units_park(client, sjz_reviewer, bd_high_tech):
    response = signed_in(client, sjz_reviewer).post("/parks/financings/new/", form(bd_high_tech))
    assert response.status_code == 200 and not ParkFinancing.objects.exists()  # not a choice offered


def test_another_units_record_is_not_found(client, bd_reviewer, sjz_high_tech, sjz_reviewer):
    financing = recorded(sjz_high_tech, "Y2022000000077", date(2022, 4, 1), sjz_reviewer)
    response = signed_in(client, bd_reviewer).post(f"/parks/financings/{financing.pk}/withdraw/", {"reason": "x"})
    assert response.status_code == 404 and ParkFinancing.objects.exists()


def test_only_the_province_edits_targets(client, sjz_reviewer, admin_user, sjz_high_tech):
    assert signed_in(client, sjz_reviewer).get("/parks/targets/2022/").status_code == 403
    park_years = list(ParkYear.objects.of_year(2022).order_by("park__unit__order", "park__name"))
    data = {"form-TOTAL_FORMS": len(park_years), "form-INITIAL_FORMS": len(park_years)}
    for i, park_year in enumerate(park_years):
        data[f"form-{i}-id"] = park_year.pk
        data[f"form-{i}-target"] = 9 if park_year.park == sjz_high_tech else park_year.target
    response = signed_in(client, admin_user).post("/parks/targets/2022/", data)
    assert response.status_code == 302
    changed = ParkYear.objects.get(park=sjz_high_tech, year=2022)
    assert changed.target == 9
    from audit.models import Entry

    assert list(Entry.objects.filter(action="parks.parkyear.target_changed").values_list("data__after", flat=True)) == [
        9
    ]
