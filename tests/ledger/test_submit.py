"""Submitting locks the ledger; nothing can be added or changed until the province reopens it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from audit.models import Entry
from ledger import filing
from ledger.models import Ledger
from tests.ledger.conftest import add_activity, png_upload
from tests.makers import signed_in

pytestmark = pytest.mark.django_db


def test_the_reviewer_submits_after_confirming(client, sjz_ledger, sjz_reviewer):
    signed_in(client, sjz_reviewer)
    assert "确认报送" in client.get(reverse("ledger:submit", args=[sjz_ledger.pk])).content.decode()
    client.post(reverse("ledger:submit", args=[sjz_ledger.pk]))
    sjz_ledger.refresh_from_db()
    assert (sjz_ledger.status, sjz_ledger.submitted_by) == (Ledger.Status.SUBMITTED, sjz_reviewer)
    assert Entry.objects.for_object(sjz_ledger).filter(action="ledger.ledger.submitted").exists()


def test_a_submitted_ledger_refuses_new_rows(sjz_ledger, sjz_reviewer):
    filing.submit(sjz_ledger, sjz_reviewer)
    with pytest.raises(PermissionDenied, match="锁定"):
        add_activity(sjz_ledger, sjz_reviewer)


def test_a_submitted_ledger_refuses_edits_through_the_page(client, sjz_ledger, sjz_reviewer):
    activity = add_activity(sjz_ledger, sjz_reviewer)
    filing.submit(sjz_ledger, sjz_reviewer)
    signed_in(client, sjz_reviewer)
    url = reverse("ledger:row_edit", args=[sjz_ledger.pk, "activities", activity.pk])
    data = {"category": "training", "held_on": "2022-10-01", "content": "改", "departments": "改", "outcome": "改"}
    assert "锁定" in client.post(url, data, follow=True).content.decode()
    activity.refresh_from_db()
    assert activity.content != "改"


def test_a_submitted_ledger_refuses_files_and_deletions(sjz_ledger, sjz_reviewer):
    activity = add_activity(sjz_ledger, sjz_reviewer)
    filing.submit(sjz_ledger, sjz_reviewer)
    with pytest.raises(PermissionDenied):
        filing.attach(activity, png_upload(), sjz_reviewer)
    with pytest.raises(PermissionDenied):
        filing.delete_activity(activity, sjz_reviewer)


def test_submitting_twice_is_refused(sjz_ledger, sjz_reviewer):
    filing.submit(sjz_ledger, sjz_reviewer)
    with pytest.raises(filing.Refused, match="已报送"):
        filing.submit(sjz_ledger, sjz_reviewer)
