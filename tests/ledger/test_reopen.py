"""The province reopens a ledger with a reason; the unit is told; a 补报 keeps the on-time record."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from audit.models import Entry
from ledger import filing
from ledger.models import Ledger
from ledger.quarters import Timeliness
from notifications.models import Message
from tests.ledger.conftest import add_activity
from tests.makers import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(clock, sjz_ledger, sjz_reviewer):
    clock.set(2023, 1, 9, 10, 0)
    return filing.submit(sjz_ledger, sjz_reviewer)


def test_the_province_reopens_with_a_reason_and_the_unit_is_told(
    client, submitted, admin_user, sjz_reviewer, bd_reviewer
):
    signed_in(client, admin_user).post(
        reverse("ledger:reopen", args=[submitted.pk]), {"reason": "对接会成效请补充金额"}
    )
    submitted.refresh_from_db()
    assert (submitted.status, submitted.reopen_reason) == (Ledger.Status.REOPENED, "对接会成效请补充金额")
    entry = Entry.objects.for_object(submitted).get(action="ledger.ledger.reopened")
    assert entry.data["reason"] == "对接会成效请补充金额"
    assert Message.objects.filter(recipient=sjz_reviewer, event="ledger_reopened").exists()
    assert not Message.objects.filter(recipient=bd_reviewer).exists()


def test_a_reason_is_required(submitted, admin_user):
    with pytest.raises(filing.Refused, match="退回原因"):
        filing.reopen(submitted, admin_user, "  ")


def test_a_reviewer_cannot_reopen(submitted, sjz_reviewer):
    with pytest.raises(PermissionDenied):
        filing.reopen(submitted, sjz_reviewer, "自己退回")


def test_a_reopened_ledger_resubmitted_late_keeps_its_on_time_first_submission(
    clock, submitted, admin_user, sjz_reviewer
):
    filing.reopen(submitted, admin_user, "补充照片")
    add_activity(submitted, sjz_reviewer)
    clock.set(2023, 1, 20, 9, 0)
    ledger = filing.submit(submitted, sjz_reviewer)
    assert ledger.resubmitted
    assert ledger.first_submitted_at.date() == date(2023, 1, 9)
    assert ledger.timeliness() == Timeliness.ON_TIME
    assert Entry.objects.for_object(ledger).filter(action="ledger.ledger.resubmitted").exists()
