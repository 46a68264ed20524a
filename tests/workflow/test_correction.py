"""A correction: answered in time it goes back to review; after the deadline it is refused and lapses."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone
from viewflow.workflow.models import Task

from workflow import lifecycle
from workflow.models import Application, Status


def age(application, **delta):
    """Move the reply deadline into the past, as if time had passed."""
    past = timezone.now() - timedelta(**delta)
    Application.objects.filter(pk=application.pk).update(reply_deadline=past)
    Task.objects.filter(process_id=application.process_id, flow_task_type="TIMER", status="SCHEDULED").update(
        scheduled=past
    )
    return Application.objects.get(pk=application.pk)


@pytest.mark.django_db
def test_a_correction_answered_after_the_deadline_is_refused(returned, sjz_enterprise):
    late = age(returned, minutes=1)
    with pytest.raises(PermissionDenied, match=r"补正期限已于.*届满，视为放弃"):
        lifecycle.resubmit(late, sjz_enterprise.user)
    assert Application.objects.get(pk=returned.pk).status == Status.RETURNED


@pytest.mark.django_db
def test_the_deadline_timer_lapses_the_application_but_keeps_the_task(returned, django_capture_on_commit_callbacks):
    age(returned, minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("workflow_timers", verbosity=0)
    application = Application.objects.get(pk=returned.pk)
    assert application.status == Status.LAPSED
    open_correct = Task.objects.filter(
        process_id=application.process_id, flow_task="workflow/flows.ApplicationFlow.correct"
    )
    assert open_correct.exclude(status__in=["DONE", "CANCELED"]).count() == 1


@pytest.mark.django_db
def test_the_unit_extends_a_lapsed_correction_and_the_enterprise_answers(returned, sjz_reviewer, sjz_enterprise):
    age(returned, minutes=1)
    call_command("workflow_timers", verbosity=0)
    lapsed = Application.objects.get(pk=returned.pk)
    new_deadline = timezone.now() + timedelta(days=3)
    extended = lifecycle.extend_correction(lapsed, sjz_reviewer, new_deadline, "企业因疫情封控无法盖章")
    assert extended.status == Status.RETURNED
    timer = Task.objects.get(
        process_id=lapsed.process_id, flow_task_type="TIMER", status="SCHEDULED", flow_task__endswith="correct__timeout"
    )
    assert timer.scheduled == new_deadline
    assert lifecycle.resubmit(extended, sjz_enterprise.user).status == Status.SUBMITTED


@pytest.mark.django_db
def test_a_timer_after_an_answer_in_time_does_nothing(returned, sjz_enterprise):
    answered = lifecycle.resubmit(returned, sjz_enterprise.user)
    call_command("workflow_timers", verbosity=0)
    assert Application.objects.get(pk=answered.pk).status == Status.SUBMITTED


@pytest.mark.django_db
def test_returning_needs_at_least_one_defect_and_a_future_deadline(submitted, sjz_reviewer):
    with pytest.raises(lifecycle.Refused) as refused:
        lifecycle.return_for_correction(submitted, sjz_reviewer, [{"problem": " "}], timezone.now() - timedelta(days=1))
    assert refused.value.problems == ["退回补正时请逐项列出需要补正的问题", "补正截止时间应晚于当前时间"]
    assert Application.objects.get(pk=submitted.pk).status == Status.SUBMITTED
