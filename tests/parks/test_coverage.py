"""The coverage goal: every key park with at least one financing in the year."""

from datetime import date

from parks import progress
from parks.permissions import visible_park_years

from .conftest import approved_loan, enterprise_in, recorded


def test_coverage_counts_parks_with_at_least_one_financing(sjz_high_tech, bd_high_tech, admin_user):
    recorded(sjz_high_tech, "Y2022000000001", date(2022, 2, 1), admin_user)
    recorded(sjz_high_tech, "Y2022000000002", date(2022, 3, 1), admin_user)
    approved_loan(enterprise_in(bd_high_tech), "Y2022000000003", date(2022, 4, 1), admin_user)
    recorded(bd_high_tech, "Y2021000000009", date(2021, 12, 31), admin_user)  # another year: not counted

    report = progress.report(2022, visible_park_years(admin_user))
    assert (report.park_count, report.covered, report.count) == (29, 2, 3)
    assert not report.fully_covered
    sjz = next(u for u in report.units if u.unit.code == "SJZ")
    assert (sjz.count, sjz.covered, len(sjz.parks), sjz.target) == (2, 1, 3, 8 + 6 + 3)


def test_a_park_reaches_its_target_at_the_target_count(sjz_high_tech, admin_user):
    for n in range(8):
        recorded(sjz_high_tech, f"Y20220000001{n:02d}", date(2022, 5, 1), admin_user)
    park = next(p for p in progress.report(2022, visible_park_years(admin_user)).parks if p.park == sjz_high_tech)
    assert (park.count, park.target, park.percent, park.reached) == (8, 8, 100, True)
