"""The one door for changes in the into-parks action: permission at call time, audit entry, one transaction."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from audit.models import record

from . import permissions
from .models import ParkFinancing, ParkYear


def record_financing(financing: ParkFinancing, by) -> ParkFinancing:
    """Save a unit's financing (built and validated by the form) after asking who may record it."""
    verdict = permissions.can_record_financing(by, financing.park)
    if not verdict:
        raise PermissionDenied(verdict.reason)
    with transaction.atomic():
        financing.recorded_by = by
        financing.save()
        record(
            by,
            "parks.parkfinancing.recorded",
            financing,
            park=financing.park.name,
            registration_number=financing.registration_number,
            enterprise=financing.enterprise_name,
            amount_wan=str(financing.amount),
            financed_on=financing.financed_on.isoformat(),
        )
    return financing


def withdraw_financing(financing: ParkFinancing, by, reason: str) -> None:
    """Remove a record entered by mistake; the audit entry keeps what it said and why it went."""
    verdict = permissions.can_withdraw_financing(by, financing)
    if not verdict:
        raise PermissionDenied(verdict.reason)
    with transaction.atomic():
        locked = ParkFinancing.objects.select_for_update().get(pk=financing.pk)
        record(
            by,
            "parks.parkfinancing.withdrawn",
            locked,
            reason=reason,
            park=financing.park.name,
            registration_number=locked.registration_number,
            enterprise=locked.enterprise_name,
        )
        locked.delete()


def change_target(park_year: ParkYear, target: int, by) -> ParkYear:
    verdict = permissions.can_edit_targets(by)
    if not verdict:
        raise PermissionDenied(verdict.reason)
    with transaction.atomic():
        locked = ParkYear.objects.select_for_update().get(pk=park_year.pk)
        if locked.target == target:
            return locked
        before = locked.target
        locked.target = target
        locked.full_clean()
        locked.save(update_fields=["target"])
        record(
            by,
            "parks.parkyear.target_changed",
            locked,
            year=locked.year,
            park=str(locked.park),
            before=before,
            after=target,
        )
    return locked
