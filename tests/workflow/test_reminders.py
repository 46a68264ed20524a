"""The daily sweep reminds once: enterprises before a correction is due, units before the review deadline."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from notifications.models import Message
from workflow.models import Application
from workflow.reminders import send_due


@pytest.mark.django_db
def test_an_enterprise_is_reminded_once_before_its_correction_is_due(returned, sjz_enterprise):
    Application.objects.filter(pk=returned.pk).update(reply_deadline=timezone.now() + timedelta(days=1))
    call_command("send_deadline_reminders", stdout=open("/dev/null", "w"))
    send_due()
    assert Message.objects.filter(recipient=sjz_enterprise.user, event="correction_deadline_near").count() == 1


@pytest.mark.django_db
def test_no_reminder_while_the_deadline_is_far(returned, sjz_enterprise):
    send_due()
    assert not Message.objects.filter(event="correction_deadline_near").exists()


@pytest.mark.django_db
def test_reviewers_are_reminded_of_the_review_deadline_with_the_count(submitted, sjz_reviewer, bd_reviewer):
    call = submitted.call
    type(call).objects.filter(pk=call.pk).update(city_review_deadline=timezone.localdate() + timedelta(days=2))
    assert send_due() == 1
    assert send_due() == 0
    message = Message.objects.get(recipient=sjz_reviewer, event="city_review_deadline_near")
    assert "还有1件申报待初审" in message.body
    assert not Message.objects.filter(recipient=bd_reviewer).exists()


@pytest.mark.django_db
def test_an_overdue_review_tells_the_unit_as_overdue_not_as_near(submitted, sjz_reviewer):
    from workflow import lifecycle

    before = set(Message.objects.filter(recipient=sjz_reviewer).values_list("pk", flat=True))
    lifecycle.review_deadline_passed(submitted)
    message = Message.objects.exclude(pk__in=before).get(recipient=sjz_reviewer)
    assert message.event == "city_review_overdue" and "初审已逾期" in message.subject
