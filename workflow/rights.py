"""Who may do what with an application: named questions, each answering with a Verdict and its reason.

The transition table on ``Application`` names one of these per transition (django-fsm's
``permission``, called as ``question(application, user)``); ``audit.transitions.perform`` asks it again
at call time, with the row locked. Listing and opening go through ``visible_applications(user)``.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import RoleKind
from accounts.permissions import ALLOWED, Verdict, deny


def _is_own_enterprise(application, user) -> bool:
    return user is not None and user.enterprise is not None and user.enterprise.pk == application.enterprise_id


def _is_unit_reviewer(application, user) -> bool:
    return user is not None and user.reviewer_unit is not None and user.reviewer_unit.pk == application.unit_id


def visible_applications(user) -> QuerySet:
    from .models import Application

    qs = Application.objects.select_related("call", "enterprise", "unit")
    if user is None or not user.is_authenticated:
        return qs.none()
    if user.has_role(RoleKind.ADMIN) or user.has_role(RoleKind.FINANCE):
        return qs
    if user.reviewer_unit is not None:
        # A unit sees what was submitted to it, never a draft (nor a draft withdrawn before submission).
        return qs.filter(unit=user.reviewer_unit, submitted_at__isnull=False)
    if user.enterprise is not None:
        return qs.filter(enterprise=user.enterprise)
    return qs.none()


def shows_full_account(application, user) -> bool:
    """The payee account number in full on the application page: the enterprise while it may edit, and finance."""
    return bool(can_edit(application, user)) or (user is not None and user.has_role(RoleKind.FINANCE))


def can_edit(application, user) -> Verdict:
    if not _is_own_enterprise(application, user):
        return deny(_("只有申报企业本身可以修改申报内容"))
    if not application.is_editable:
        return deny(_("申报当前状态为“%(s)s”，不能修改") % {"s": application.get_status_display()})
    return ALLOWED


def can_submit(application, user) -> Verdict:
    from enterprises.permissions import may_submit_applications

    if not _is_own_enterprise(application, user):
        return deny(_("只有申报企业本身可以提交申报"))
    verdict = may_submit_applications(user)
    if not verdict:
        return verdict
    call, today = application.call, timezone.localdate()
    if not call.window_opens <= today <= call.window_closes:
        return deny(
            _("不在申报时间内：%(call)s的申报时间为%(start)s至%(end)s")
            % {"call": call, "start": call.window_opens, "end": call.window_closes}
        )
    return ALLOWED


def can_answer_correction(application, user) -> Verdict:
    if not _is_own_enterprise(application, user):
        return deny(_("只有申报企业本身可以提交补正"))
    if application.reply_deadline and timezone.now() > application.reply_deadline:
        return deny(
            _("补正期限已于%(deadline)s届满，视为放弃；如有正当理由请联系%(authority)s延期")
            % {
                "deadline": timezone.localtime(application.reply_deadline).strftime("%Y-%m-%d %H:%M"),
                "authority": application.unit.authority,
            }
        )
    return ALLOWED


def can_review(application, user) -> Verdict:
    if not _is_unit_reviewer(application, user):
        return deny(_("只有%(authority)s的审核员可以初审该申报") % {"authority": application.unit.authority})
    task = open_task(application)
    if task is not None and task.owner_id and task.owner_id != user.pk:
        return deny(_("该申报已由%(owner)s领取，请先由其释放") % {"owner": task.owner})
    return ALLOWED


def can_claim(application, user) -> Verdict:
    if not _is_unit_reviewer(application, user):
        return deny(_("只有%(authority)s的审核员可以领取该申报") % {"authority": application.unit.authority})
    return ALLOWED


def can_extend_correction(application, user) -> Verdict:
    if _is_unit_reviewer(application, user) or (user is not None and user.has_role(RoleKind.ADMIN)):
        return ALLOWED
    return deny(_("只有%(authority)s或省局可以延长补正期限") % {"authority": application.unit.authority})


def forwarding_deadline(call, unit):
    """The last day this unit may forward: the call's city-review deadline, or the province's extension."""
    from .models import ForwardingExtension

    extension = ForwardingExtension.objects.filter(call=call, unit=unit).order_by("-until").first()
    deadline = call.city_review_deadline
    return max(deadline, extension.until) if extension else deadline


def can_forward(application, user) -> Verdict:
    if not _is_unit_reviewer(application, user):
        return deny(_("只有%(authority)s的审核员可以报送该申报") % {"authority": application.unit.authority})
    deadline = forwarding_deadline(application.call, application.unit)
    if timezone.localdate() > deadline:
        return deny(
            _("市局报送截止日期%(deadline)s已过；如需报送，请申请省局延期") % {"deadline": deadline.isoformat()}
        )
    return ALLOWED


def can_withdraw(application, user) -> Verdict:
    if _is_own_enterprise(application, user):
        return ALLOWED
    return deny(_("只有申报企业本身可以撤回申报"))


def can_correct_account(application, user) -> Verdict:
    if _is_own_enterprise(application, user):
        return ALLOWED
    return deny(_("只有申报企业本身可以更正收款账户"))


def is_province_admin(application, user) -> Verdict:
    if user is not None and user.has_role(RoleKind.ADMIN):
        return ALLOWED
    return deny(_("只有省局管理员可以进行此操作"))


can_return_to_unit = is_province_admin


def is_finance(application, user) -> Verdict:
    if user is not None and user.has_role(RoleKind.FINANCE):
        return ALLOWED
    return deny(_("只有省局财务人员可以登记拨付"))


def system_only(application, user) -> Verdict:
    """Deadlines and aggregation move these, never a person."""
    if user is None:
        return ALLOWED
    return deny(_("此操作由系统按期限自动执行"))


def open_task(application):
    """The application's one open human task in viewflow, if any."""
    if application.process_id is None:
        return None
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    return (
        Task.objects.filter(
            process_id=application.process_id,
            flow_task_type="HUMAN",
            status__in=[STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED],
        )
        .select_related("owner")
        .order_by("-created")
        .first()
    )
