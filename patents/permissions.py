"""Who may see and do what with patents and past awards. Each question is asked at call time."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import RoleKind
from accounts.permissions import ALLOWED, Verdict, deny

from .models import Patent


def visible_patents(user) -> QuerySet[Patent]:
    """The same scope as enterprises: province staff all, a city reviewer the unit's, an enterprise its own."""
    qs = Patent.objects.select_related("enterprise", "enterprise__unit", "status_checked_by")
    if not user.is_authenticated:
        return qs.none()
    if user.has_role(RoleKind.ADMIN) or user.has_role(RoleKind.FINANCE):
        return qs
    if user.reviewer_unit is not None:
        return qs.filter(enterprise__unit=user.reviewer_unit)
    if user.enterprise is not None:
        return qs.filter(enterprise=user.enterprise)
    return qs.none()


def can_list_patents(user) -> Verdict:
    if (
        user.has_role(RoleKind.ADMIN)
        or user.has_role(RoleKind.FINANCE)
        or user.reviewer_unit is not None
        or user.enterprise is not None
    ):
        return ALLOWED
    return deny(_("只有企业用户、市局审核员和省局工作人员可以查看专利"))


def can_add_patent(user) -> Verdict:
    if user.enterprise is not None:
        return ALLOWED
    return deny(_("专利由企业用户登记"))


def can_edit_patent(user, patent: Patent) -> Verdict:
    if user.enterprise is None or user.enterprise.pk != patent.enterprise_id:
        return deny(_("只有本企业用户可以修改专利信息"))
    in_review = submitted_applications_listing(patent)
    if in_review:
        # What the unit reviews must not change under it: a correction reopens the application first.
        return deny(_("该专利已列入已提交的申报（%(numbers)s），审核期间不能修改") % {"numbers": "、".join(in_review)})
    return ALLOWED


def submitted_applications_listing(patent: Patent) -> list[str]:
    """Numbers of applications beyond draft/correction whose policies or loans list this patent."""
    from workflow.models import OPEN_FOR_EDITING, Application

    return list(
        Application.objects.filter(Q(policies__patents=patent) | Q(loans__patents=patent))
        .exclude(status__in=OPEN_FOR_EDITING)
        .values_list("number", flat=True)
        .distinct()
    )


def can_confirm_status(user, patent: Patent) -> Verdict:
    """The enterprise's unit reviews its applications, so its reviewers (or the province) confirm the status."""
    if user.has_role(RoleKind.ADMIN):
        return ALLOWED
    if user.reviewer_unit is not None and user.reviewer_unit.pk == patent.enterprise.unit_id:
        return ALLOWED
    return deny(
        _("只有%(authority)s的审核员或省局管理员可以核实该专利的法律状态")
        % {"authority": patent.enterprise.unit.authority}
    )


def can_manage_past_awards(user) -> Verdict:
    if user.has_role(RoleKind.ADMIN):
        return ALLOWED
    return deny(_("只有省局管理员可以查看和导入历年补助名单"))
