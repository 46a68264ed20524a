"""The must-show: a financing both recorded by a unit and approved as an application counts once."""

from datetime import date

from parks import progress
from parks.permissions import visible_park_years

from .conftest import approved_loan, enterprise_in, recorded


def progress_of(park, user, year=2022):
    report = progress.report(year, visible_park_years(user))
    return next(p for p in report.parks if p.park == park)


def test_a_financing_recorded_by_the_unit_and_approved_as_an_application_counts_once(
    sjz_high_tech, sjz_reviewer, admin_user
):
    enterprise = enterprise_in(sjz_high_tech)
    application = approved_loan(enterprise, "Y2022980001234", date(2022, 3, 15), admin_user)
    assert progress_of(sjz_high_tech, admin_user).count == 1

    # The unit records the same pledge, typed its own way (spaces, lower case, a full-width digit).
    recorded(sjz_high_tech, " y2022 98000123４", date(2022, 3, 15), sjz_reviewer)

    park = progress_of(sjz_high_tech, admin_user)
    assert park.count == 1
    (financing,) = progress.report(2022, visible_park_years(admin_user)).financings
    assert financing.from_unit and financing.applications == (application.number,)
    assert financing.source_label == "单位登记 + 贴息申报"


def test_each_source_alone_counts_and_different_numbers_count_separately(sjz_high_tech, sjz_reviewer, admin_user):
    enterprise = enterprise_in(sjz_high_tech)
    approved_loan(enterprise, "Y2022980000001", date(2022, 5, 1), admin_user)
    recorded(sjz_high_tech, "Y2022980000002", date(2022, 6, 1), sjz_reviewer)
    assert progress_of(sjz_high_tech, admin_user).count == 2


def test_a_loan_listed_in_two_approved_applications_counts_once(sjz_high_tech, admin_user):
    enterprise = enterprise_in(sjz_high_tech)
    approved_loan(enterprise, "Y2022980000003", date(2022, 5, 1), admin_user)
    approved_loan(enterprise, "Y2022980000003", date(2022, 5, 1), admin_user)  # the next cycle's call
    assert progress_of(sjz_high_tech, admin_user).count == 1


def test_applications_not_yet_approved_do_not_count(sjz_high_tech, admin_user):
    enterprise = enterprise_in(sjz_high_tech)
    approved_loan(enterprise, "Y2022980000004", date(2022, 5, 1), admin_user, status_walk=("submit", "pass_review"))
    assert progress_of(sjz_high_tech, admin_user).count == 0


def test_the_units_record_decides_park_and_year(sjz_high_tech, bd_high_tech, admin_user):
    enterprise = enterprise_in(sjz_high_tech)  # the application implies 石家庄高新区 ...
    approved_loan(enterprise, "Y2022980000005", date(2022, 1, 10), admin_user)
    recorded(bd_high_tech, "Y2022980000005", date(2022, 1, 10), admin_user)  # ... the unit says 保定高新区
    assert progress_of(sjz_high_tech, admin_user).count == 0
    assert progress_of(bd_high_tech, admin_user).count == 1
