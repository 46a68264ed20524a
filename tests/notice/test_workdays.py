"""Working days: weekends off, holidays off, make-up working days on; a year nobody entered is refused."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from notice import workdays
from notice.models import HolidayOverride, HolidayYear
from notice.workdays import HolidaysNotEntered, add_working_days, is_working_day

pytestmark = pytest.mark.django_db


def enter_2027_new_year(admin_user, *, confirm: bool):
    """An assumed arrangement for New Year 2027 (Friday 1 January off), as an administrator would enter it."""
    workdays.enter_day(date(2027, 1, 1), is_working_day=False, name="元旦", by=admin_user)
    if confirm:
        workdays.confirm_year(2027, by=admin_user)


def test_the_library_knows_the_spring_festival_2022_make_up_days():
    assert is_working_day(date(2022, 1, 29)) and is_working_day(date(2022, 1, 30))  # Saturday, Sunday: 调休上班
    assert not is_working_day(date(2022, 1, 31)) and not is_working_day(date(2022, 2, 6))


def test_five_working_days_from_friday_28_january_2022_end_on_wednesday_9_february():
    assert add_working_days(date(2022, 1, 28), 5) == date(2022, 2, 9)


def test_five_working_days_from_thursday_28_september_2023_end_on_wednesday_11_october():
    assert add_working_days(date(2023, 9, 28), 5) == date(2023, 10, 11)


def test_the_publication_day_does_not_count():
    # Monday 7 March 2022: the period is Tuesday to Monday.
    assert add_working_days(date(2022, 3, 7), 1) == date(2022, 3, 8)
    assert add_working_days(date(2022, 3, 7), 5) == date(2022, 3, 14)


def test_a_year_without_entered_holidays_is_refused_with_its_year():
    with pytest.raises(HolidaysNotEntered) as refused:
        add_working_days(date(2026, 12, 31), 5)
    assert str(refused.value) == "2027年的法定节假日和调休安排尚未录入，请管理员先录入后再计算公示期"
    with pytest.raises(HolidaysNotEntered, match="2027年"):
        is_working_day(date(2027, 3, 3))


def test_days_entered_but_not_confirmed_complete_are_still_refused(admin_user):
    enter_2027_new_year(admin_user, confirm=False)
    with pytest.raises(HolidaysNotEntered, match="2027年"):
        add_working_days(date(2026, 12, 31), 5)


def test_with_2027_entered_and_confirmed_the_period_is_counted(admin_user):
    enter_2027_new_year(admin_user, confirm=True)
    # Friday 1 January off (entered), the weekend off, then Monday 4 to Friday 8 January.
    assert add_working_days(date(2026, 12, 31), 5) == date(2027, 1, 8)
    assert HolidayYear.objects.get(year=2027).confirmed_by == admin_user


def test_an_entered_day_wins_over_the_library(admin_user):
    # Say the State Council had made Monday 31 January 2022 a working day after the library was released.
    workdays.enter_day(date(2022, 1, 31), is_working_day=True, name="春节调休上班", by=admin_user)
    assert add_working_days(date(2022, 1, 28), 5) == date(2022, 2, 8)


def test_entering_the_same_date_again_corrects_it(admin_user):
    workdays.enter_day(date(2027, 2, 6), is_working_day=False, name="春节", by=admin_user)
    workdays.enter_day(date(2027, 2, 6), is_working_day=True, name="春节调休上班", by=admin_user)
    assert HolidayOverride.objects.get(date=date(2027, 2, 6)).is_working_day is True


def test_only_the_administrator_changes_the_calendar(sjz_reviewer):
    with pytest.raises(PermissionDenied):
        workdays.enter_day(date(2027, 1, 1), is_working_day=False, name="元旦", by=sjz_reviewer)
    with pytest.raises(PermissionDenied):
        workdays.confirm_year(2027, by=sjz_reviewer)
