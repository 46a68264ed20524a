"""Who may see and do what with ledgers: named questions, asked at call time by every door and page.

A unit's city reviewers are the unit's staff who fill its ledgers; the province (administrator) reads every
ledger, reopens submitted ones and edits the plan figures. Nobody else (enterprises, experts, finance,
people without a role) sees any ledger.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import RoleKind
from accounts.permissions import ALLOWED, Verdict, deny

from .models import Ledger


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_province(user) -> bool:
    return _authenticated(user) and user.has_role(RoleKind.ADMIN)


def can_use_ledgers(user) -> Verdict:
    """Any ledger page at all: a unit's reviewer or the province."""
    if _authenticated(user) and (user.reviewer_unit is not None or is_province(user)):
        return ALLOWED
    return deny(_("季度工作台账仅供各市（含定州、辛集）、雄安新区工作人员和省局使用"))


def visible_ledgers(user) -> QuerySet[Ledger]:
    """The province sees all; a unit's reviewer only the unit's; anyone else nothing."""
    if is_province(user):
        return Ledger.objects.all()
    if _authenticated(user) and user.reviewer_unit is not None:
        return Ledger.objects.filter(unit=user.reviewer_unit)
    return Ledger.objects.none()


def can_see_unit(user, unit) -> Verdict:
    if is_province(user):
        return ALLOWED
    if _authenticated(user) and user.reviewer_unit is not None and user.reviewer_unit.pk == unit.pk:
        return ALLOWED
    return deny(_("只能查看本单位的台账"))


def can_fill(user, ledger: Ledger) -> Verdict:
    """Start, edit rows and attachments, submit: the unit's own reviewers, while the ledger is not locked."""
    unit = user.reviewer_unit if _authenticated(user) else None
    if unit is None or unit.pk != ledger.unit_id:
        return deny(_("只有本单位的工作人员可以填报台账"))
    if not ledger.editable:
        return deny(_("台账已报送并锁定，如需修改请联系省局退回"))
    return ALLOWED


def can_start(user, unit) -> Verdict:
    own = user.reviewer_unit if _authenticated(user) else None
    if own is None or own.pk != unit.pk:
        return deny(_("只有本单位的工作人员可以填报台账"))
    return ALLOWED


def can_reopen(user, ledger: Ledger) -> Verdict:
    if not is_province(user):
        return deny(_("只有省局可以退回台账"))
    if ledger.status != Ledger.Status.SUBMITTED:
        return deny(_("只有已报送的台账可以退回"))
    return ALLOWED


def can_see_overview(user) -> Verdict:
    if is_province(user):
        return ALLOWED
    return deny(_("全省台账报送情况仅省局可以查看"))


def can_edit_plan(user) -> Verdict:
    if is_province(user):
        return ALLOWED
    return deny(_("只有省局可以修改年度计划参数"))
