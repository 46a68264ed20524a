"""Who may do what with the survey, asked at call time; each question gives its reason when refused.

An enterprise sees and fills only its own response; a unit's city reviewers see, import, send and export only
their unit's enterprises; provincial administrators see everything and keep the plan and the key list.
Experts, finance staff and people without a role have no business here.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import RoleKind
from accounts.permissions import ALLOWED, Verdict, deny

from .models import SurveyImport, SurveyResponse, WhiteListExport


def _is_admin(user) -> bool:
    return user.is_authenticated and user.has_role(RoleKind.ADMIN)


def _unit(user):
    return user.reviewer_unit if user.is_authenticated else None


def visible_responses(user) -> QuerySet[SurveyResponse]:
    responses = SurveyResponse.objects.select_related("enterprise", "enterprise__unit")
    if _is_admin(user):
        return responses
    if _unit(user) is not None:
        return responses.filter(enterprise__unit=_unit(user))
    enterprise = user.enterprise if user.is_authenticated else None
    if enterprise is not None:
        return responses.filter(enterprise=enterprise)
    return responses.none()


def visible_imports(user) -> QuerySet[SurveyImport]:
    if _is_admin(user):
        return SurveyImport.objects.all()
    if _unit(user) is not None:
        return SurveyImport.objects.filter(unit=_unit(user))
    return SurveyImport.objects.none()


def visible_exports(user) -> QuerySet[WhiteListExport]:
    if _is_admin(user):
        return WhiteListExport.objects.all()
    if _unit(user) is not None:
        return WhiteListExport.objects.filter(unit=_unit(user))
    return WhiteListExport.objects.none()


def can_fill(user) -> Verdict:
    if not user.is_authenticated or user.enterprise is None:
        return deny(_("只有企业用户可以在线填报本企业的信息采集表"))
    return ALLOWED


def can_see_unit_work(user) -> Verdict:
    """Imports, progress, responses lists and the white list: a unit's reviewers or the province."""
    if _is_admin(user) or _unit(user) is not None:
        return ALLOWED
    return deny(_("只有市局审核员和省局管理员可以办理需求调查"))


def can_import_for(user, unit) -> Verdict:
    if _is_admin(user):
        return ALLOWED
    if _unit(user) is None:
        return deny(_("只有市局审核员和省局管理员可以导入信息采集表"))
    if _unit(user) != unit:
        return deny(_("只能为本单位导入信息采集表"))
    return ALLOWED


def can_send_batch(user, unit) -> Verdict:
    if _unit(user) is None:
        return deny(_("只有市局审核员可以向省局报送本单位的调查结果"))
    if _unit(user) != unit:
        return deny(_("只能报送本单位的调查结果"))
    return ALLOWED


def can_manage_plan(user) -> Verdict:
    if not _is_admin(user):
        return deny(_("只有省局管理员可以维护年度计划和重点企业名单"))
    return ALLOWED


def can_see_statistics(user) -> Verdict:
    if not _is_admin(user):
        return deny(_("全省统计只对省局管理员开放"))
    return ALLOWED
