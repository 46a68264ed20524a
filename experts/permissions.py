"""Who may see and do what with the expert pool, the groups and the assignments. Asked at call time."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import RoleKind
from accounts.permissions import ALLOWED, Verdict, deny

from .models import Assignment, AssignmentStatus, EvaluationGroup, Expert


def expert_of(user) -> Expert | None:
    """The user's place in the pool, or None (cached on the user object for the request)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_expert_profile_cache"):
        user._expert_profile_cache = Expert.objects.filter(user=user).first()
    return user._expert_profile_cache


def can_manage_pool(user) -> Verdict:
    if user.is_authenticated and user.has_role(RoleKind.ADMIN):
        return ALLOWED
    return deny(_("只有省局管理员可以管理评审专家库"))


def can_draw(user) -> Verdict:
    if user.is_authenticated and user.has_role(RoleKind.ADMIN):
        return ALLOWED
    return deny(_("只有省局管理员可以组建评审组"))


def visible_experts(user) -> QuerySet[Expert]:
    qs = Expert.objects.select_related("user", "unit")
    return qs if can_manage_pool(user) else qs.none()


def visible_groups(user) -> QuerySet[EvaluationGroup]:
    qs = EvaluationGroup.objects.select_related("call", "created_by")
    return qs if can_draw(user) else qs.none()


def can_see_tasks(user) -> Verdict:
    if expert_of(user) is not None:
        return ALLOWED
    return deny(_("只有评审专家库中的专家有评审任务"))


def my_assignments(user) -> QuerySet[Assignment]:
    """An expert's own assignments that they evaluate now: never anybody else's."""
    expert = expert_of(user)
    if expert is None:
        return Assignment.objects.none()
    return Assignment.objects.filter(expert=expert, status=AssignmentStatus.ACTIVE).select_related(
        "group__call", "application__enterprise", "application__unit"
    )


def can_declare(user, assignment: Assignment) -> Verdict:
    if not user.is_authenticated or assignment.expert.user_id != user.pk:
        return deny(_("只有被分配的专家本人可以申报回避"))
    if assignment.status != AssignmentStatus.ACTIVE:
        return deny(_("该评审任务当前状态为“%(s)s”，不能申报回避") % {"s": assignment.get_status_display()})
    return ALLOWED
