"""Each user chooses which events reach them by e-mail."""

import pytest
from django.urls import reverse

from notifications.events import Event
from notifications.models import Preference
from tests.makers import signed_in


@pytest.mark.django_db
def test_the_enterprise_user_sees_its_events_with_defaults(client, ent_user):
    page = signed_in(client, ent_user).get(reverse("notifications:preferences")).content.decode()
    assert "申报需要补正" in page and "评分截止临近" not in page
    assert 'name="correction_requested" id="id_correction_requested" checked' in page
    assert 'name="application_submitted" id="id_application_submitted">' in page  # off by default


@pytest.mark.django_db
def test_the_enterprise_user_turns_off_review_mails_and_on_receipts(client, ent_user):
    signed_in(client, ent_user)
    page = client.get(reverse("notifications:preferences")).content.decode()
    chosen = {event.value: "on" for event in Event if f'id="id_{event.value}" checked' in page}
    del chosen["review_passed"]
    chosen["application_submitted"] = "on"
    response = client.post(reverse("notifications:preferences"), chosen)
    assert response.status_code == 302
    choices = Preference.objects.email_choices(ent_user)
    assert choices[Event.REVIEW_PASSED] is False
    assert choices[Event.APPLICATION_SUBMITTED] is True
    assert choices[Event.CORRECTION_REQUESTED] is True


@pytest.mark.django_db
def test_saving_again_updates_the_same_rows(client, ent_user):
    signed_in(client, ent_user)
    client.post(reverse("notifications:preferences"), {})
    client.post(reverse("notifications:preferences"), {"approved": "on"})
    assert Preference.objects.filter(user=ent_user, event=Event.APPROVED).get().email is True
    assert Preference.objects.filter(user=ent_user, email=True).count() == 1
