"""The province edits the per-year plan figures (due day, matchmaking events per quarter); every save audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from audit.models import record

from . import permissions
from .models import PlanYear


def save_plan_year(plan: PlanYear, by) -> PlanYear:
    verdict = permissions.can_edit_plan(by)
    if not verdict:
        raise PermissionDenied(verdict.reason)
    with transaction.atomic():
        created = plan.pk is None
        before = {} if created else PlanYear.objects.select_for_update().values().get(pk=plan.pk)
        plan.save()
        record(
            by,
            "ledger.plan_year.saved",
            plan,
            created=created,
            year=plan.year,
            due_day=plan.due_day,
            matchmaking_per_quarter=plan.matchmaking_per_quarter,
            note=plan.note,
            before={k: before[k] for k in ("due_day", "matchmaking_per_quarter", "note")} if before else {},
        )
    return plan


def delete_plan_year(plan: PlanYear, by) -> None:
    verdict = permissions.can_edit_plan(by)
    if not verdict:
        raise PermissionDenied(verdict.reason)
    with transaction.atomic():
        record(by, "ledger.plan_year.deleted", plan, year=plan.year)
        plan.delete()
