"""A unit's reviewer starts the quarter's ledger, adds rows and files through the pages, and sees the year."""

import pytest
from django.urls import reverse

from audit.models import Entry
from ledger.models import Ledger
from tests.ledger.conftest import png_upload
from tests.makers import signed_in

pytestmark = pytest.mark.django_db


def test_the_reviewer_starts_fills_and_attaches(client, clock, sjz, sjz_reviewer):
    signed_in(client, sjz_reviewer)
    client.post(reverse("ledger:start", args=["SJZ", 2022, 4]))
    ledger = Ledger.objects.get(unit=sjz, year=2022, quarter=4)
    client.post(
        reverse("ledger:row_add", args=[ledger.pk, "activities"]),
        {
            "activity-category": "into_parks",
            "activity-held_on": "2022-11-03",
            "activity-content": "知识产权质押融资入园惠企活动",
            "activity-departments": "市市场监管局、高新区管委会",
            "activity-outcome": "5家企业获得授信",
        },
    )
    activity = ledger.activities.get()
    client.post(reverse("ledger:upload", args=[ledger.pk, "activities", activity.pk]), {"file": png_upload()})
    assert activity.files.get().original_name == "photo.png"
    page = client.get(reverse("ledger:detail", args=[ledger.pk])).content.decode()
    assert "知识产权质押融资入园惠企活动" in page and "photo.png" in page
    actions = set(Entry.objects.for_object(ledger).values_list("action", flat=True))
    assert actions == {"ledger.ledger.started", "ledger.activity.added", "ledger.attachment.added"}


def test_an_invalid_row_keeps_what_was_typed_and_says_why(client, sjz_ledger, sjz_reviewer):
    response = signed_in(client, sjz_reviewer).post(
        reverse("ledger:row_add", args=[sjz_ledger.pk, "activities"]),
        {"activity-category": "matchmaking", "activity-content": "只写了内容"},
    )
    page = response.content.decode()
    assert "只写了内容" in page and "errorsummary" in page
    assert not sjz_ledger.activities.exists()


def test_the_units_year_page_lists_quarters_with_due_dates(client, clock, sjz_ledger, sjz_reviewer):
    page = signed_in(client, sjz_reviewer).get(reverse("ledger:unit_year", args=["SJZ", 2022])).content.decode()
    assert "2023-01-10" in page and "2022-04-10" in page and "填写中" in page and "逾期未报" in page


def test_a_quarter_that_has_not_begun_cannot_be_started(client, clock, sjz_reviewer):
    signed_in(client, sjz_reviewer).post(reverse("ledger:start", args=["SJZ", 2023, 2]))
    assert not Ledger.objects.filter(year=2023).exists()


def test_the_index_takes_each_to_their_page(client, sjz_reviewer, admin_user):
    assert "/ledger/units/SJZ/" in signed_in(client, sjz_reviewer).get(reverse("ledger:index")).url
    assert "/ledger/overview/" in signed_in(client, admin_user).get(reverse("ledger:index")).url
