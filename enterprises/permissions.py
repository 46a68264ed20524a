"""Who may see and do what with enterprises. Each question is asked at call time."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import RoleKind
from accounts.permissions import ALLOWED, Verdict, deny

from .models import Enterprise, RegistrationStatus


def visible_enterprises(user) -> QuerySet[Enterprise]:
    """Province staff see every enterprise, a city reviewer their unit's, an enterprise user their own."""
    qs = Enterprise.objects.select_related("unit", "park")
    if not user.is_authenticated:
        return qs.none()
    if user.has_role(RoleKind.ADMIN) or user.has_role(RoleKind.FINANCE):
        return qs
    if user.reviewer_unit is not None:
        return qs.filter(unit=user.reviewer_unit)
    if user.enterprise is not None:
        return qs.filter(pk=user.enterprise.pk)
    return qs.none()


def can_list_enterprises(user) -> Verdict:
    if user.has_role(RoleKind.ADMIN) or user.has_role(RoleKind.FINANCE) or user.reviewer_unit is not None:
        return ALLOWED
    return deny(_("只有市局审核员和省局工作人员可以查看企业名录"))


def can_decide_registration(user, enterprise: Enterprise) -> Verdict:
    if user.has_role(RoleKind.ADMIN):
        return ALLOWED
    if user.reviewer_unit is not None and user.reviewer_unit.pk == enterprise.unit_id:
        return ALLOWED
    return deny(_("只有%(authority)s的审核员可以确认该企业的注册") % {"authority": enterprise.unit.authority})


def can_edit_enterprise(user, enterprise: Enterprise) -> Verdict:
    if user.has_role(RoleKind.ADMIN):
        return ALLOWED
    if user.enterprise is not None and user.enterprise.pk == enterprise.pk:
        return ALLOWED
    return deny(_("只有本企业用户或省局管理员可以修改企业信息"))


IDENTITY_FIELDS = ("uscc", "name", "unit")


def can_change_identity(user, enterprise: Enterprise) -> Verdict:
    """Code, name and unit are what the unit confirmed (and the name must match the payee account):
    once confirmed, only the province changes them."""
    if user.has_role(RoleKind.ADMIN):
        return ALLOWED
    if enterprise.registration_status == RegistrationStatus.CONFIRMED:
        return deny(_("注册已确认，统一社会信用代码、企业名称和所属单位只能由省局管理员修改"))
    return can_edit_enterprise(user, enterprise)


def can_add_member(user, enterprise: Enterprise) -> Verdict:
    """An enterprise's users add their colleagues; the province can too."""
    return can_edit_enterprise(user, enterprise)


def can_resubmit_registration(user, enterprise: Enterprise) -> Verdict:
    if user.enterprise is not None and user.enterprise.pk == enterprise.pk:
        return ALLOWED
    return deny(_("只有本企业用户可以重新提交注册"))


def can_create_enterprise(user) -> Verdict:
    if user.has_role(RoleKind.ADMIN):
        return ALLOWED
    return deny(_("只有省局管理员可以直接创建企业"))


def may_submit_applications(user) -> Verdict:
    """An enterprise user may submit only once the unit has confirmed the registration."""
    enterprise = user.enterprise
    if enterprise is None:
        return deny(_("只有企业用户可以提交申报"))
    if enterprise.registration_status == RegistrationStatus.PENDING:
        return deny(
            _("企业注册尚待%(authority)s确认，确认前可以填写和保存申报材料，但不能提交")
            % {"authority": enterprise.unit.authority}
        )
    if enterprise.registration_status == RegistrationStatus.REFUSED:
        return deny(
            _("企业注册未通过市局确认（%(note)s），请修改企业信息后重新提交注册")
            % {"note": enterprise.registration_note}
        )
    return ALLOWED
