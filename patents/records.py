"""Changes to an enterprise's patent list: adding, editing, and the reviewer's check of the legal status.

Each change asks its permission question at call time, saves and appends the audit entry in one
transaction. What the enterprise says about the status is a *declaration*; when it changes anything the
status depends on (number, status, annual fee), an earlier reviewer confirmation no longer stands and the
status goes back to *declared*, so the rules never read a confirmation of other facts.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import record

from . import permissions
from .models import LegalStatus, Patent, StatusSource

STATUS_FIELDS = ("number", "legal_status", "annual_fee_paid_through")
REVIEWER_SOURCES = (StatusSource.ANNUAL_FEE_RECEIPT, StatusSource.CNIPA_QUERY)


def _declare(patent: Patent, by) -> None:
    if patent.legal_status == LegalStatus.UNKNOWN:
        patent.status_source, patent.status_checked_on, patent.status_checked_by = "", None, None
    else:
        patent.status_source = StatusSource.DECLARED
        patent.status_checked_on = timezone.localdate()
        patent.status_checked_by = by
    patent.status_note = ""


def add_patent(patent: Patent, by) -> Patent:
    """The enterprise's user adds a patent to its own list (``patent.enterprise`` is set from the user)."""
    verdict = permissions.can_add_patent(by)
    if not verdict:
        raise PermissionDenied(verdict.reason)
    patent.enterprise = by.enterprise
    _declare(patent, by)
    with transaction.atomic():
        patent.save()
        record(by, "patents.patent.added", patent, number=patent.number, legal_status=patent.legal_status)
    return patent


def change_patent(patent: Patent, by, changed: list[str]) -> Patent:
    """Save the enterprise's edits; ``changed`` names the fields the form changed."""
    verdict = permissions.can_edit_patent(by, patent)
    if not verdict:
        raise PermissionDenied(verdict.reason)
    if any(name in STATUS_FIELDS for name in changed):
        _declare(patent, by)
    with transaction.atomic():
        patent.save()
        if changed:
            record(
                by,
                "patents.patent.edited",
                patent,
                changed={name: str(getattr(patent, name)) for name in changed},
            )
    return patent


def confirm_status(
    patent: Patent,
    by,
    status: str,
    source: str,
    checked_on: date,
    note: str = "",
    *,
    annual_fee_paid_through: date | None = None,
) -> Patent:
    """A reviewer of the enterprise's unit (or the province) records the legal status as checked.

    ``annual_fee_paid_through`` is updated only when given (the receipts show it; a CNIPA query may not).
    """
    if status not in LegalStatus.values or status == LegalStatus.UNKNOWN:
        raise ValidationError(_("请选择核实后的法律状态"))
    if source not in REVIEWER_SOURCES:
        raise ValidationError(_("核实方式应为年费缴纳凭证核对或国家知识产权局查询"))
    if checked_on > timezone.localdate():
        raise ValidationError(_("核实日期不能晚于今天"))
    with transaction.atomic():
        locked = Patent.objects.select_for_update().select_related("enterprise__unit").get(pk=patent.pk)
        verdict = permissions.can_confirm_status(by, locked)
        if not verdict:
            raise PermissionDenied(verdict.reason)
        before = locked.legal_status
        locked.legal_status = status
        locked.status_source = source
        locked.status_checked_on = checked_on
        locked.status_checked_by = by
        locked.status_note = note
        if annual_fee_paid_through is not None:
            locked.annual_fee_paid_through = annual_fee_paid_through
        locked.save()
        record(
            by,
            "patents.patent.status_confirmed",
            locked,
            source=before,
            target=status,
            via=source,
            checked_on=checked_on.isoformat(),
            annual_fee_paid_through=str(locked.annual_fee_paid_through or ""),
            note=note,
        )
    return locked
