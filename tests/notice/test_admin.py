"""The calendar may also be entered in Django admin; that is audited too, and notices are read-only there."""

import pytest
from django.urls import reverse

from audit.models import Entry
from notice.models import HolidayOverride
from tests.makers import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_admin(admin_user):
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    return admin_user


def test_a_holiday_entered_in_django_admin_is_audited(client, staff_admin):
    signed_in(client, staff_admin).post(
        reverse("admin:notice_holidayoverride_add"), {"date": "2027-01-01", "is_working_day": "", "name": "元旦"}
    )
    override = HolidayOverride.objects.get()
    assert (override.is_working_day, override.entered_by) == (False, staff_admin)
    assert Entry.objects.for_object(override).get().action == "notice.holiday.entered"


def test_notices_cannot_be_changed_in_django_admin(client, staff_admin, published):
    signed_in(client, staff_admin)
    assert client.get(reverse("admin:notice_notice_change", args=[published.pk])).status_code == 200  # view only
    client.post(reverse("admin:notice_notice_change", args=[published.pk]), {"title": "改"})
    published.refresh_from_db()
    assert published.title != "改"
