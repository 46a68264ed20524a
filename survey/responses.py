"""The one door for an enterprise's online response: a new version, the earlier one kept, consent recorded.

Decision (documented in README): a re-submission never edits the earlier response; it becomes version n+1 and
the only *current* one for that enterprise and year. Counts, statistics and the white list read current
versions only, so the latest answer counts and the history stays for the record.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from audit.models import record

from . import permissions
from .models import Source, SurveyResponse


def current_for(enterprise, year: int) -> SurveyResponse | None:
    return SurveyResponse.objects.filter(enterprise=enterprise, year=year, is_current=True).first()


def next_version(enterprise, year: int) -> int:
    """Retire the current version (row locked) and say which number the new one takes. Call inside atomic()."""
    list(SurveyResponse.objects.select_for_update().filter(enterprise=enterprise, year=year, is_current=True))
    SurveyResponse.objects.filter(enterprise=enterprise, year=year, is_current=True).update(is_current=False)
    latest = SurveyResponse.objects.filter(enterprise=enterprise, year=year).aggregate(n=Max("version"))["n"]
    return (latest or 0) + 1


def submit(enterprise, year: int, data: dict[str, Any], by) -> SurveyResponse:
    """Save the enterprise's own answers as its current response for the year (permission asked here too)."""
    verdict = permissions.can_fill(by)
    if not verdict or by.enterprise != enterprise:
        raise PermissionDenied(verdict.reason or "")
    now = timezone.now()
    with transaction.atomic():
        response = SurveyResponse(
            enterprise=enterprise,
            year=year,
            version=next_version(enterprise, year),
            is_current=True,
            source=Source.ONLINE,
            submitted_by=by,
            submitted_at=now,
            name=enterprise.name,
            uscc=enterprise.uscc,
            **data,
        )
        if response.whitelist_consent or response.phone_consent:
            response.consent_recorded_by, response.consent_recorded_at = by, now
        response.full_clean()
        response.save()
        record(
            by,
            "survey.surveyresponse.submitted",
            response,
            year=year,
            version=response.version,
            enterprise=enterprise.uscc,
            whitelist_consent=response.whitelist_consent,
            phone_consent=response.phone_consent,
        )
    return response
