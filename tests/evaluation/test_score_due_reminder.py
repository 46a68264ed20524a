"""Two days before the evaluation date, each expert with applications still to score is reminded once."""

from datetime import timedelta

from django.utils import timezone

from calls.models import Call
from notifications.models import Message
from tests.evaluation.conftest import score_all, sheet
from workflow.reminders import send_due


def test_experts_with_open_scores_are_reminded_once_with_the_count(call, group, applications, members):
    Call.objects.filter(pk=call.pk).update(evaluation_date=timezone.localdate() + timedelta(days=1))
    score_all(applications[0], sheet(30, 22, 18))  # every member has scored A; B and C are still open
    assert send_due() == len(members)
    assert send_due() == 0
    messages = Message.objects.filter(event="score_due")
    assert {m.recipient_id for m in messages} == {e.user_id for e in members.values()}
    assert all("还有2件申报未评分" in m.body for m in messages)


def test_no_reminder_when_the_evaluation_is_far_or_everything_is_scored(call, group, applications):
    Call.objects.filter(pk=call.pk).update(evaluation_date=timezone.localdate() + timedelta(days=10))
    assert send_due() == 0
    for application in applications:
        score_all(application, sheet(30, 22, 18))
    Call.objects.filter(pk=call.pk).update(evaluation_date=timezone.localdate())
    assert send_due() == 0
