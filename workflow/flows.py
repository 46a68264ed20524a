"""Who must act next on an application, in which queue, by when: the viewflow process.

The state machine on ``Application`` says where an application stands; this flow says whose work it is.
Every human task here is completed only by ``workflow.lifecycle`` inside the same transaction as the
transition that ends it, so the two never disagree. Queues are viewflow permissions granted by role
(``accounts.backends.RoleBackend``): ``workflow.enterprise@<id>``, ``workflow.city_reviewer@<unit>``,
``workflow.admin``.

Deadlines are non-interrupting timer boundaries: when the city-review deadline or a correction's reply
deadline passes, a parallel path flags it (and lapses the correction) while the task stays open, so a
unit's extension can re-arm the timer and let the same task finish. Timers fire from
``manage.py workflow_timers`` (run it every few minutes from cron; see the README).
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from viewflow import this
from viewflow.workflow import flow, lock

from .models import Status


def end_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


class TaskPage:
    """The page where a task's work is done is the application's own page (viewflow only routes the work)."""

    @staticmethod
    def as_view(**kwargs):
        def view(request, *args, **kw):
            task = kw.get("task") or getattr(request, "activation", None)
            application = task.process.application if task is not None else None
            return HttpResponseRedirect(
                reverse("workflow:detail", args=[application.pk]) if application else reverse("home:index")
            )

        return view


TASK_TITLES = {
    "prepare": "企业填报",
    "city_review": "市局初审",
    "correct": "企业补正",
    "forward": "市局报送省局",
    "province_intake": "省局接收",
}


def _application(activation):
    """Read fresh: the Switch gateways run right after a transition saved a new state."""
    from .models import Application

    return Application.objects.select_related("call", "unit").get(process_id=activation.process.pk)


def enterprise_queue(activation) -> str:
    return f"workflow.enterprise@{_application(activation).enterprise_id}"


def unit_queue(activation) -> str:
    return f"workflow.city_reviewer@{_application(activation).unit.code}"


def city_review_due(activation) -> dt.datetime:
    from .rights import forwarding_deadline

    application = _application(activation)
    return end_of_day(forwarding_deadline(application.call, application.unit))


def reply_due(activation) -> dt.datetime:
    return _application(activation).reply_deadline


class ApplicationFlow(flow.Flow):
    """申报办理流程：企业提交 → 市局初审（补正循环）→ 报送省局。"""

    # Concurrent completions must serialise on the process row (stack-notes: a Join without it orphans).
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_process).Next(this.prepare)

    prepare = flow.View(TaskPage).Permission(enterprise_queue).Next(this.city_review)

    city_review = (
        flow.View(TaskPage)
        .Permission(unit_queue)
        .OnTimeout(city_review_due, this.review_overdue, interrupting=False, title="初审截止")
        .Next(this.review_outcome)
    )
    review_outcome = (
        flow.Switch()
        .Case(this.correct, cond=lambda act: _application(act).status == Status.RETURNED)
        .Case(this.forward, cond=lambda act: _application(act).status == Status.PASSED)
        .Default(this.end)
    )

    correct = (
        flow.View(TaskPage)
        .Permission(enterprise_queue)
        .OnTimeout(reply_due, this.correction_lapsed, interrupting=False, title="补正截止")
        .Next(this.city_review)
    )

    forward = flow.View(TaskPage).Permission(unit_queue).Next(this.forward_outcome)
    forward_outcome = (
        flow.Switch()
        .Case(this.city_review, cond=lambda act: _application(act).status == Status.SUBMITTED)
        .Default(this.province_intake)
    )

    province_intake = flow.View(TaskPage).Permission("workflow.admin").Next(this.intake_outcome)
    intake_outcome = (
        flow.Switch()
        .Case(this.forward, cond=lambda act: _application(act).status == Status.RETURNED_TO_UNIT)
        .Default(this.end)
    )

    review_overdue = flow.Function(this.flag_review_overdue).Next(this.deadline_end)
    correction_lapsed = flow.Function(this.lapse_correction).Next(this.deadline_end)
    deadline_end = flow.End()

    end = flow.End()

    def start_process(self, activation, application):
        # Link before the first task is created: its queue is computed from the application.
        activation.process.data = {"application": application.pk}
        activation.process.save()
        type(application).objects.filter(pk=application.pk).update(process=activation.process)
        return activation.process

    def flag_review_overdue(self, activation):
        from . import lifecycle

        lifecycle.review_deadline_passed(_application(activation))

    def lapse_correction(self, activation):
        from . import lifecycle

        lifecycle.correction_deadline_passed(_application(activation))
