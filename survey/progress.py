"""Each unit's progress against its target and the deadline, and the unit's act of sending its batch.

Counts are of *current* responses of the unit's enterprises for the year (one per enterprise, whatever the
number of versions). Lateness is never typed: it is the number of days between the plan's deadline in force
when the batch was sent and the date of sending in Asia/Shanghai (``BatchSend.days_late``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from audit.models import record
from places.models import Unit

from . import permissions
from .models import BatchSend, KeyEnterprise, SurveyPlan, SurveyResponse


@dataclass(frozen=True)
class UnitProgress:
    unit: Unit
    target: int
    responses: int
    consenting: int
    key_enterprises: int
    last_send: BatchSend | None

    @property
    def reached(self) -> bool:
        return self.responses >= self.target

    @property
    def percent(self) -> int:
        return min(100, int(100 * self.responses / self.target)) if self.target else 100


def for_year(year: int, units=None) -> list[UnitProgress]:
    """One line per unit (all 14 unless ``units`` narrows it), in the units' official order."""
    plan = SurveyPlan.for_year(year)
    targets = plan.targets()
    units = list(units if units is not None else Unit.objects.all())
    key_codes = KeyEnterprise.objects.filter(year=year).values("uscc")
    counts = {
        row["enterprise__unit"]: row
        for row in SurveyResponse.objects.current()
        .of_year(year)
        .values("enterprise__unit")
        .annotate(
            n=Count("id"),
            consenting=Count("id", filter=Q(whitelist_consent=True)),
            key=Count("id", filter=Q(uscc__in=key_codes)),
        )
    }
    sends: dict[int, BatchSend] = {}
    for send in BatchSend.objects.filter(year=year).order_by("sent_at"):
        sends[send.unit_id] = send  # the latest wins
    return [
        UnitProgress(
            unit=unit,
            target=targets.get(unit.pk, plan.target),
            responses=counts.get(unit.pk, {}).get("n", 0),
            consenting=counts.get(unit.pk, {}).get("consenting", 0),
            key_enterprises=counts.get(unit.pk, {}).get("key", 0),
            last_send=sends.get(unit.pk),
        )
        for unit in units
    ]


def send_batch(unit: Unit, year: int, by, note: str = "") -> BatchSend:
    """Record that the unit sends its year's responses to the province (报省局汇总), with the deadline in force."""
    verdict = permissions.can_send_batch(by, unit)
    if not verdict:
        raise PermissionDenied(verdict.reason)
    plan = SurveyPlan.for_year(year)
    with transaction.atomic():
        count = SurveyResponse.objects.current().of_year(year).in_unit(unit).count()
        send = BatchSend.objects.create(
            unit=unit,
            year=year,
            sent_at=timezone.now(),
            sent_by=by,
            deadline=plan.deadline,
            response_count=count,
            note=note[:200],
        )
        record(
            by,
            "survey.batchsend.sent",
            send,
            unit=unit.code,
            year=year,
            responses=count,
            deadline=plan.deadline.isoformat(),
            days_late=send.days_late,
        )
    return send
