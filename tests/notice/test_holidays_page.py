"""The administrator enters a year's holidays on a page and confirms the year complete."""

from datetime import date

import pytest
from django.urls import reverse

from audit.models import Entry
from notice.models import HolidayOverride, HolidayYear
from notice.workdays import add_working_days
from tests.makers import signed_in

pytestmark = pytest.mark.django_db


def test_the_administrator_enters_2027_and_confirms_it(client, admin_user):
    signed_in(client, admin_user)
    url = reverse("notice:holiday_year", args=[2027])
    assert "尚未录入" in client.get(url).content.decode()
    client.post(url, {"action": "enter", "date": "2027-01-01", "is_working_day": "0", "name": "元旦"})
    client.post(url, {"action": "confirm"})
    assert HolidayOverride.objects.get(date=date(2027, 1, 1)).entered_by == admin_user
    assert HolidayYear.objects.get(year=2027).complete
    assert add_working_days(date(2026, 12, 31), 5) == date(2027, 1, 8)
    actions = set(Entry.objects.values_list("action", flat=True))
    assert {"notice.holiday.entered", "notice.holiday_year.confirmed"} <= actions


def test_a_date_outside_the_year_is_refused(client, admin_user):
    signed_in(client, admin_user)
    response = client.post(
        reverse("notice:holiday_year", args=[2027]),
        {"action": "enter", "date": "2028-01-01", "is_working_day": "0", "name": "元旦"},
    )
    assert response.status_code == 400 and "日期须在2027年内" in response.content.decode()


def test_removing_an_entered_day_is_audited(client, admin_user):
    signed_in(client, admin_user)
    url = reverse("notice:holiday_year", args=[2027])
    client.post(url, {"action": "enter", "date": "2027-01-01", "is_working_day": "0", "name": "元旦"})
    override = HolidayOverride.objects.get()
    client.post(url, {"action": "remove", "override": str(override.pk)})
    assert not HolidayOverride.objects.exists()
    assert Entry.objects.filter(action="notice.holiday.removed").count() == 1


def test_others_cannot_enter_holidays(client, sjz_reviewer):
    response = signed_in(client, sjz_reviewer).post(reverse("notice:holiday_year", args=[2027]), {"action": "confirm"})
    assert response.status_code == 403
    assert not HolidayYear.objects.exists()
