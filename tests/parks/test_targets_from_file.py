"""The 2022 list loaded from parks/data/parks-2022.csv has the plan's shape: 3×8, 9×6, 17×3 = 29 parks."""

from collections import Counter

from parks.models import ParkYear


def test_the_2022_list_has_29_parks_with_the_plans_targets_by_category(db):
    years = ParkYear.objects.of_year(2022).select_related("park__unit")
    assert years.count() == 29
    assert Counter((y.category, y.target) for y in years) == {
        ("key_national", 8): 3,
        ("national", 6): 9,
        ("other", 3): 17,
    }
    key = {y.park.name: y.park.unit.code for y in years if y.category == "key_national"}
    assert key == {"石家庄高新技术产业开发区": "SJZ", "保定高新技术产业开发区": "BD", "唐山高新技术产业开发区": "TS"}


def test_every_placeholder_name_is_marked_for_checking(db):
    names = ParkYear.objects.of_year(2022).exclude(category="key_national").values_list("park__name", flat=True)
    assert all(name.endswith("（待核实）") for name in names)
