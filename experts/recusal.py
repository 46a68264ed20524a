"""An expert declares a conflict (申报回避) on seeing an application.

The declaration takes the expert off the application for good (the assignment stays, ``declared``, with
the reason), and when the application would be left with fewer active experts than its group's
minimum, a replacement is drawn (``experts.draw.draw_replacement``). Only the assigned expert may
declare, only while the assignment is active and before they submitted a score: the scoring app tells
whether they did, through ``has_scored``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import record
from calls.models import Call

from . import permissions
from .draw import Refused, draw_replacement
from .models import Assignment, AssignmentStatus, EvaluationGroup


def _never_scored(assignment: Assignment) -> bool:
    return False


def declare_conflict(
    assignment: Assignment,
    by,
    reason: str,
    *,
    has_scored: Callable[[Assignment], bool] = _never_scored,
    on: dt.date | None = None,
) -> Assignment | None:
    """Mark ``assignment`` declared; return the replacement assignment when one was needed and found."""
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("请写明回避理由"))
    on = on or timezone.localdate()
    with transaction.atomic():
        # Same lock order as draw_group (call, then group): replacements never race a draw or each other.
        Call.objects.select_for_update().filter(pk=assignment.group.call_id).first()
        group = EvaluationGroup.objects.select_for_update().select_related("call").get(pk=assignment.group_id)
        locked = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("expert__user", "application__enterprise", "application__unit")
            .get(pk=assignment.pk)
        )
        verdict = permissions.can_declare(by, locked)
        if not verdict:
            raise PermissionDenied(verdict.reason)
        if has_scored(locked):
            raise Refused(_("您已提交对该申报的评分，不能再申报回避；如有利害关系，请联系省局"))
        locked.status = AssignmentStatus.DECLARED
        locked.reason = reason
        locked.changed_at = timezone.now()
        locked.save(update_fields=["status", "reason", "changed_at"])
        record(
            by,
            "experts.assignment.declared",
            locked,
            application=locked.application.number,
            expert=locked.expert.code,
            reason=reason,
        )
        application = locked.application
        left = Assignment.objects.filter(group=group, application=application, status=AssignmentStatus.ACTIVE).count()
        if left >= group.minimum:
            return None
        return draw_replacement(group, application, by, on)
