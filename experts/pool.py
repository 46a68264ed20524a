"""Changes to the expert pool: adding an expert, editing them, and their declared links, each audited.

The pool is the province's to keep (``permissions.can_manage_pool``); every change is written to the
audit trail in the transaction that makes it, so the state of the pool on the day of a draw can be
reconstructed.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.models import Role, RoleKind, User
from audit.models import record

from . import permissions
from .models import Expert, ExpertLink


def _require(by) -> None:
    verdict = permissions.can_manage_pool(by)
    if not verdict:
        raise PermissionDenied(verdict.reason)


def _link_summary(link: ExpertLink) -> dict:
    return {
        "kind": link.kind,
        "counterpart": link.counterpart_label,
        "relation": link.relation,
        "started_on": link.started_on,
        "ended_on": link.ended_on,
    }


def add_expert(expert: Expert, by, *, new_user: User | None = None, password: str = "") -> Expert:
    """Put ``expert`` (unsaved) in the pool; with ``new_user``, create that account and its expert role first."""
    _require(by)
    with transaction.atomic():
        if new_user is not None:
            new_user.set_password(password)
            new_user.save()
            expert.user = new_user
        Role.objects.get_or_create(user=expert.user, kind=RoleKind.EXPERT)
        expert.save()
        record(
            by,
            "experts.expert.created",
            expert,
            code=expert.code,
            user=expert.user.username,
            employer=expert.employer,
            new_account=new_user is not None,
        )
    return expert


def edit_expert(expert: Expert, changed: list[str], by) -> Expert:
    """Save an expert whose ``changed`` fields were edited (a form's ``changed_data``)."""
    _require(by)
    with transaction.atomic():
        expert.save()
        if changed:
            record(by, "experts.expert.edited", expert, changed={name: getattr(expert, name) for name in changed})
    return expert


def save_links(expert: Expert, formset, by) -> None:
    """Save a valid links formset: additions, changes and removals, one audit entry each."""
    _require(by)
    with transaction.atomic():
        for form in formset.deleted_forms:
            if form.instance.pk:
                record(by, "experts.link.removed", expert, link=_link_summary(form.instance))
        links = formset.save()
        for link in links:
            action = "experts.link.added" if link in formset.new_objects else "experts.link.edited"
            record(by, action, expert, link=_link_summary(link))
