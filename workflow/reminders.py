"""Deadline reminders, sent once each by a daily sweep (``manage.py send_deadline_reminders``).

- an enterprise whose correction is due within ``CORRECTION_DAYS`` days;
- a unit's reviewers when the city-review deadline of a call is within ``REVIEW_DAYS`` days and
  applications still wait for them;
- an expert whose call's evaluation date is within ``SCORE_DAYS`` days and who still has applications
  to score (one message per expert and call, with the count).
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications import notify

from .lifecycle import enterprise_users, unit_reviewers
from .models import Application, Reminder, Status
from .rights import forwarding_deadline

CORRECTION_DAYS = 2
REVIEW_DAYS = 3
SCORE_DAYS = 2


def _once(key: str) -> bool:
    """True the first time a key is seen (the reminder should go out now)."""
    try:
        with transaction.atomic():
            Reminder.objects.create(key=key)
    except IntegrityError:
        return False
    return True


def send_due(now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    sent = 0
    soon = now + dt.timedelta(days=CORRECTION_DAYS)
    due = Application.objects.filter(status=Status.RETURNED, reply_deadline__gt=now, reply_deadline__lte=soon)
    for application in due.select_related("unit"):
        with transaction.atomic():
            if not _once(f"correction:{application.pk}:{application.reply_deadline.isoformat()}"):
                continue
            notify(
                enterprise_users(application),
                "correction_deadline_near",
                _("补正即将截止：%(n)s") % {"n": application.number},
                _("申报%(n)s的补正将于%(d)s截止，逾期视为放弃。")
                % {
                    "n": application.number,
                    "d": timezone.localtime(application.reply_deadline).strftime("%Y-%m-%d %H:%M"),
                },
                reverse("workflow:detail", args=[application.pk]),
            )
            sent += 1
    today = timezone.localdate(now)
    waiting = (
        Application.objects.filter(status=Status.SUBMITTED)
        .values("call", "unit")
        .annotate(n=Count("pk"))
        .order_by("call", "unit")
    )
    from calls.models import Call
    from places.models import Unit

    calls = {c.pk: c for c in Call.objects.all()}
    units = {u.pk: u for u in Unit.objects.all()}
    for row in waiting:
        call, unit = calls[row["call"]], units[row["unit"]]
        deadline = forwarding_deadline(call, unit)
        if not today <= deadline <= today + dt.timedelta(days=REVIEW_DAYS):
            continue
        with transaction.atomic():
            if not _once(f"review:{call.pk}:{unit.pk}:{deadline.isoformat()}"):
                continue
            notify(
                unit_reviewers(unit),
                "city_review_deadline_near",
                _("%(call)s初审即将截止") % {"call": call},
                _("%(call)s的初审将于%(d)s截止，本单位还有%(n)d件申报待初审。")
                % {"call": call, "d": deadline, "n": row["n"]},
                reverse("workflow:queue") + "?status=submitted",
            )
            sent += 1
    sent += _scores_due(today)
    return sent


def _scores_due(today: dt.date) -> int:
    from calls.models import Call
    from evaluation.models import ScoreSheet
    from experts.models import Assignment

    sent = 0
    calls = Call.objects.filter(evaluation_date__gte=today, evaluation_date__lte=today + dt.timedelta(days=SCORE_DAYS))
    for call in calls:
        open_work = (
            Assignment.objects.active()
            .in_call(call)
            .filter(application__status=Status.UNDER_EVALUATION)
            .exclude(pk__in=ScoreSheet.objects.filter(current=True).values("assignment"))
            .values("expert__user")
            .annotate(n=Count("pk"))
            .order_by("expert__user")
        )
        for row in open_work:
            with transaction.atomic():
                if not _once(f"score:{call.pk}:{row['expert__user']}:{call.evaluation_date.isoformat()}"):
                    continue
                from accounts.models import User

                notify(
                    [User.objects.get(pk=row["expert__user"])],
                    "score_due",
                    _("评分即将截止：%(call)s") % {"call": call},
                    _("%(call)s的评审日期为%(d)s，您还有%(n)d件申报未评分。")
                    % {"call": call, "d": call.evaluation_date, "n": row["n"]},
                    reverse("home:index"),
                )
                sent += 1
    return sent
