"""Personal phone numbers are shown in full only to those who need to call the person; everyone else, and every
file that leaves the system, sees them masked (138****5678).

Who needs a phone number (``may_see_phone``):
- an enterprise's contact phone, its users' phones and its survey answers' phone: the enterprise's own users and
  the reviewers of its unit (who confirm its registration and review its applications);
- an expert's phone: the expert and the provincial administrators (who run the expert pool and convene panels);
- a user's own phone: that user.
Experts, finance officers and reviewers of other units see it masked; the province sees enterprise phones masked
too (it reaches enterprises through their unit). Exports keep the rule of their recipient: the survey white list
sent to banks shows a phone only when the enterprise consented (SurveyResponse.shown_phone).
"""

from __future__ import annotations

from typing import Any


def mask_phone(phone: str | None) -> str:
    """Keep the first three and last four digits of a mobile (138****5678); hide all but the last four otherwise."""
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    if not digits:
        return ""
    if len(digits) == 11:
        return f"{digits[:3]}****{digits[-4:]}"
    return "*" * max(len(digits) - 4, 4) + digits[-4:]


def _enterprise_of(owner: Any):
    label = owner._meta.label_lower
    if label == "enterprises.enterprise":
        return owner
    if label == "survey.surveyresponse":
        return owner.enterprise
    return None


def _may_see_enterprise(viewer, enterprise) -> bool:
    own = viewer.enterprise
    if own is not None and own.pk == enterprise.pk:
        return True
    unit = viewer.reviewer_unit
    return unit is not None and unit.pk == enterprise.unit_id


def may_see_phone(viewer, owner: Any) -> bool:
    """Whether ``viewer`` sees the phone numbers of ``owner`` (an enterprise, a survey answer or a user) in full."""
    if viewer is None or not viewer.is_authenticated:
        return False
    enterprise = _enterprise_of(owner)
    if enterprise is not None:
        return _may_see_enterprise(viewer, enterprise)
    if owner._meta.label_lower == "accounts.user":
        if owner.pk == viewer.pk:
            return True
        if owner.enterprise is not None:
            return _may_see_enterprise(viewer, owner.enterprise)
        if owner.has_role("expert") or owner.has_role("panel_lead"):
            return viewer.is_province_admin
    return False


def phone_for(viewer, phone: str | None, owner: Any) -> str:
    return (phone or "") if may_see_phone(viewer, owner) else mask_phone(phone)
