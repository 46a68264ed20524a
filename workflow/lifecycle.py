"""The one door for everything that moves an application.

Each function here takes the acting user (``None`` for the system: deadlines), and in one transaction:
locks the application, checks the transition is possible and the actor may take it (at call time),
runs the transition, completes the viewflow task it ends (so the next task is created in the same
transaction), writes the records and documents it produces, appends the audit entries and queues the
notifications (sent after commit). Nothing here takes a request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from accounts.models import Role, RoleKind
from audit import transitions
from audit.models import record
from notifications import notify

from . import checks, letters, rights
from .flows import ApplicationFlow
from .models import Application, ApplicationCounter, Batch, Review, ReviewDecision, Status

PROGRAMME_CODES = {"insurance": "BX", "loan_interest": "TX"}
OPEN = [STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]


class Refused(Exception):
    """The action cannot happen as asked; ``problems`` lists every reason at once, in words."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("；".join(self.problems))


# --- people to tell -----------------------------------------------------------------------------------


def enterprise_users(application) -> list:
    return [
        role.user
        for role in Role.objects.filter(kind=RoleKind.ENTERPRISE, enterprise=application.enterprise_id).select_related(
            "user"
        )
    ]


def unit_reviewers(unit) -> list:
    return [role.user for role in Role.objects.filter(kind=RoleKind.CITY_REVIEWER, unit=unit).select_related("user")]


def province_admins() -> list:
    return [role.user for role in Role.objects.filter(kind=RoleKind.ADMIN).select_related("user")]


def _link(application) -> str:
    from django.urls import reverse

    return reverse("workflow:detail", args=[application.pk])


# --- locks ------------------------------------------------------------------------------------------
# viewflow's timers hold the process row and then lock the application; so does everything here, in the
# same order (process, then application), so a reviewer's decision and a firing timer queue instead of
# one of them failing.


def _process_lock(application):
    from viewflow.workflow.models import Process

    def lock():
        if application.process_id:
            Process.objects.select_for_update().filter(pk=application.process_id).first()

    return lock


def _perform(application, transition: str, by, **kwargs):
    return transitions.perform(
        application, transition, by, state_field="status", lock_first=_process_lock(application), **kwargs
    )


# --- viewflow tasks -----------------------------------------------------------------------------------


def _open_task(application, node) -> Task:
    return Task.objects.filter(process_id=application.process_id, flow_task=node, status__in=OPEN).get()


def _complete(application, node, actor) -> None:
    """Finish the open task of ``node``, assigning it to ``actor`` first; viewflow creates the next task."""
    task = _open_task(application, node)
    with task.activation() as activation:
        if task.status == STATUS.NEW:
            activation.assign(actor)
        if task.status == STATUS.ASSIGNED:
            activation.start(None)
        activation.execute()


def _cancel_open_tasks(application) -> None:
    for task in Task.objects.filter(process_id=application.process_id, status__in=[*OPEN, STATUS.SCHEDULED]):
        with task.activation() as activation:
            activation.cancel()
    application.process.status = PROCESS.CANCELED
    application.process.finished = timezone.now()
    application.process.save(update_fields=["status", "finished"])


def _rearm_reply_timer(application) -> None:
    """Point the correction task's deadline timer at the new reply deadline (a new timer if it fired)."""
    host = _open_task(application, ApplicationFlow.correct)
    timers = Task.objects.filter(process_id=application.process_id, flow_task_type="TIMER", previous=host)
    waiting = timers.filter(status=STATUS.SCHEDULED)
    if waiting.exists():
        waiting.update(scheduled=application.reply_deadline)
        return
    boundary = next(b for b in ApplicationFlow.correct._boundary_events)
    with host.activation() as activation:
        boundary._arm(activation)


def rearm_review_timers(call, unit) -> int:
    """After the province extends a unit's deadline, its open reviews' deadline timers move with it."""
    from .flows import city_review_due

    moved = 0
    for application in Application.objects.filter(call=call, unit=unit, status=Status.SUBMITTED).exclude(process=None):
        host = Task.objects.filter(
            process_id=application.process_id, flow_task=ApplicationFlow.city_review, status__in=OPEN
        ).first()
        if host is None:
            continue
        timers = Task.objects.filter(process_id=application.process_id, flow_task_type="TIMER", previous=host)
        with host.activation() as activation:
            due = city_review_due(activation)
            if timers.filter(status=STATUS.SCHEDULED).update(scheduled=due) == 0:
                ApplicationFlow.city_review._boundary_events[0]._arm(activation)
        moved += 1
    return moved


# --- numbers ------------------------------------------------------------------------------------------


def _allocate_number(application) -> str:
    counter, _created = ApplicationCounter.objects.select_for_update().get_or_create(
        call=application.call, unit=application.unit
    )
    ApplicationCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db()
    code = PROGRAMME_CODES[application.programme]
    return f"{application.call.year}{code}-{application.unit.code}-{counter.last:04d}"


# --- the enterprise -----------------------------------------------------------------------------------


def create_draft(call, by) -> Application:
    enterprise = by.enterprise
    if enterprise is None:
        raise PermissionDenied(_("只有企业用户可以创建申报"))
    if timezone.localdate() > call.window_closes:
        raise Refused(_("%(call)s的申报已于%(end)s截止") % {"call": call, "end": call.window_closes})
    try:
        with transaction.atomic():
            application = Application.objects.create(
                call=call,
                enterprise=enterprise,
                unit=enterprise.unit,
                programme=call.programme,
                created_by=by,
                bank_name="",
                account_name=enterprise.name,
            )
            ApplicationFlow.start.run(application=application)
            record(by, "workflow.application.created", application, call=str(call))
    except IntegrityError:
        raise Refused(_("贵企业已创建%(call)s的申报，每个批次只能申报一次") % {"call": call}) from None
    return Application.objects.get(pk=application.pk)


def submit(application, by) -> Application:
    problems = checks.submission_problems(application)
    if problems:
        raise Refused(problems)

    def after(locked):
        now = timezone.now()
        if not locked.number:
            locked.number = _allocate_number(locked)
        locked.submitted_at = locked.submitted_at or now
        locked.last_submitted_at = now
        locked.status_changed_at = now
        checks.pin_precheck(locked)
        locked.save()
        _complete(locked, ApplicationFlow.prepare, by)
        letters.acceptance_receipt(locked, by)
        notify(
            enterprise_users(locked),
            "application_submitted",
            _("申报已受理：%(n)s") % {"n": locked.number},
            _("您的%(call)s申报已提交，编号%(n)s，等待%(authority)s初审。")
            % {"call": locked.call, "n": locked.number, "authority": locked.unit.authority},
            _link(locked),
        )
        notify(
            unit_reviewers(locked.unit),
            "application_submitted",
            _("新的申报待初审：%(n)s") % {"n": locked.number},
            _("%(e)s提交了%(call)s申报，请在%(d)s前完成初审。")
            % {"e": locked.enterprise, "call": locked.call, "d": locked.call.city_review_deadline},
            _link(locked),
        )

    return _perform(application, "submit", by, also=after)


def resubmit(application, by) -> Application:
    problems = checks.submission_problems(application)
    if problems:
        raise Refused(problems)

    def after(locked):
        locked.last_submitted_at = locked.status_changed_at = timezone.now()
        locked.reply_deadline = None
        checks.pin_precheck(locked)
        locked.save()
        _complete(locked, ApplicationFlow.correct, by)
        notify(
            unit_reviewers(locked.unit),
            "application_submitted",
            _("补正材料已提交：%(n)s") % {"n": locked.number},
            _("%(e)s已按补正通知修改申报%(n)s，请继续初审。") % {"e": locked.enterprise, "n": locked.number},
            _link(locked),
        )

    return _perform(application, "resubmit", by, also=after)


def withdraw(application, by, reason: str = "") -> Application:
    def after(locked):
        locked.status_changed_at = timezone.now()
        locked.save(update_fields=["status_changed_at"])
        _cancel_open_tasks(locked)
        if locked.number:
            notify(
                unit_reviewers(locked.unit),
                "review_finished",
                _("申报已撤回：%(n)s") % {"n": locked.number},
                _("%(e)s撤回了申报%(n)s。%(r)s") % {"e": locked.enterprise, "n": locked.number, "r": reason},
                _link(locked),
            )

    return _perform(application, "withdraw", by, note=reason, also=after)


# --- the city review ----------------------------------------------------------------------------------


def claim(application, by) -> None:
    verdict = rights.can_claim(application, by)
    if not verdict:
        raise PermissionDenied(verdict.reason)
    with transaction.atomic():
        _process_lock(application)()
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.status != Status.SUBMITTED:
            raise transitions.TransitionNotAllowed(
                _("申报当前状态为“%(s)s”，不能领取") % {"s": locked.get_status_display()}
            )
        task = _open_task(locked, ApplicationFlow.city_review)
        if task.owner_id and task.owner_id != by.pk:
            raise Refused(_("该申报已由%(owner)s领取") % {"owner": task.owner})
        if task.owner_id is None:
            with task.activation() as activation:
                activation.assign(by)
            record(by, "workflow.application.claimed", locked, task=task.pk)


def release(application, by) -> None:
    with transaction.atomic():
        _process_lock(application)()
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.status != Status.SUBMITTED:
            raise transitions.TransitionNotAllowed(
                _("申报当前状态为“%(s)s”，无需释放") % {"s": locked.get_status_display()}
            )
        task = _open_task(locked, ApplicationFlow.city_review)
        if task.owner_id != by.pk and not by.has_role(RoleKind.ADMIN):
            raise PermissionDenied(_("只能释放自己领取的申报"))
        if task.owner_id is None:  # nothing to release (viewflow cannot unassign an unassigned task: a 500)
            raise transitions.TransitionNotAllowed(_("该申报尚未被领取，无需释放"))
        with task.activation() as activation:
            activation.unassign()
        record(by, "workflow.application.released", locked, task=task.pk)


def record_judgements(application, by, values: dict[int, tuple[bool, bool]]) -> Application:
    """Store the reviewer's judgements per policy and re-pin the rules' answer, in one transaction."""
    from .models import Policy

    with transaction.atomic():
        _process_lock(application)()
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.status != Status.SUBMITTED:
            raise transitions.TransitionNotAllowed(
                _("申报当前状态为“%(s)s”，不能记录审核判断") % {"s": locked.get_status_display()}
            )
        verdict = rights.can_review(locked, by)
        if not verdict:
            raise PermissionDenied(verdict.reason)
        for policy in Policy.objects.filter(application=locked, pk__in=list(values)):
            policy.core_technology_patent, policy.product_matches_need = values[policy.pk]
            policy.save(update_fields=["core_technology_patent", "product_matches_need"])
        checks.pin_precheck(locked)
        locked.save()
        record(
            by,
            "workflow.application.judged",
            locked,
            judgements={str(k): list(v) for k, v in values.items()},
            amount=str(locked.amount_requested),
        )
    return locked


def _review(locked, by, decision, **fields) -> Review:
    rounds = locked.reviews.count()
    review = Review.objects.create(application=locked, round=rounds + 1, decision=decision, reviewer=by, **fields)
    locked.review_opinion = fields.get("opinion", "")
    locked.status_changed_at = timezone.now()
    return review


def pass_review(application, by, opinion: str) -> Application:
    if not (opinion or "").strip():
        raise Refused(_("初审通过时请填写审核意见"))

    def after(locked):
        review = _review(locked, by, ReviewDecision.PASS, opinion=opinion)
        locked.save()
        _complete(locked, ApplicationFlow.city_review, by)
        letters.review_opinion(locked, review, by)
        notify(
            enterprise_users(locked),
            "review_passed",
            _("初审通过：%(n)s") % {"n": locked.number},
            _("您的申报%(n)s已通过%(authority)s初审，将报送省局评审。")
            % {"n": locked.number, "authority": locked.unit.authority},
            _link(locked),
        )

    return _perform(application, "pass_review", by, note=opinion, also=after)


def return_for_correction(
    application, by, defects: list[dict], reply_deadline: dt.datetime, opinion: str = ""
) -> Application:
    """一次性告知: every defect in one notice, with the reply deadline."""
    problems = []
    cleaned = [d for d in defects if (d.get("problem") or "").strip()]
    if not cleaned:
        problems.append(_("退回补正时请逐项列出需要补正的问题"))
    if reply_deadline is None or reply_deadline <= timezone.now():
        problems.append(_("补正截止时间应晚于当前时间"))
    if problems:
        raise Refused(problems)

    def after(locked):
        review = _review(
            locked, by, ReviewDecision.RETURN, opinion=opinion, defects=cleaned, reply_deadline=reply_deadline
        )
        locked.reply_deadline = reply_deadline
        locked.save()
        _complete(locked, ApplicationFlow.city_review, by)
        letters.correction_notice(locked, review, by)
        deadline_text = timezone.localtime(reply_deadline).strftime("%Y-%m-%d %H:%M")
        notify(
            enterprise_users(locked),
            "correction_requested",
            _("需要补正：%(n)s") % {"n": locked.number},
            _("%(authority)s要求补正申报%(n)s，共%(k)d项，请于%(d)s前修改后重新提交，逾期视为放弃。")
            % {"authority": locked.unit.authority, "n": locked.number, "k": len(cleaned), "d": deadline_text},
            _link(locked),
        )

    return _perform(
        application,
        "return_for_correction",
        by,
        note=opinion,
        also=after,
        audit_data={"defects": cleaned, "reply_deadline": reply_deadline.isoformat()},
    )


def reject(application, by, reason_codes: list[str], reason: str) -> Application:
    problems = []
    if not reason_codes:
        problems.append(_("不予通过时请选择原因"))
    if not (reason or "").strip():
        problems.append(_("不予通过时请写明具体理由"))
    if problems:
        raise Refused(problems)

    def after(locked):
        review = _review(locked, by, ReviewDecision.REJECT, opinion=reason, reason_codes=list(reason_codes))
        locked.save()
        _complete(locked, ApplicationFlow.city_review, by)
        letters.review_opinion(locked, review, by)
        notify(
            enterprise_users(locked),
            "review_rejected",
            _("初审未通过：%(n)s") % {"n": locked.number},
            _("您的申报%(n)s未通过%(authority)s初审。理由：%(r)s")
            % {"n": locked.number, "authority": locked.unit.authority, "r": reason},
            _link(locked),
        )

    return _perform(
        application,
        "reject",
        by,
        note=reason,
        also=after,
        audit_data={"reason_codes": list(reason_codes)},
    )


def bulk_pass(applications: Iterable[Application], by, opinion: str) -> list[Application]:
    """Pass several at once: all or none (one refusal rolls every one back)."""
    with transaction.atomic():
        return [pass_review(application, by, opinion) for application in applications]


def extend_correction(application, by, reply_deadline: dt.datetime, reason: str) -> Application:
    if reply_deadline is None or reply_deadline <= timezone.now():
        raise Refused(_("新的补正截止时间应晚于当前时间"))
    if not (reason or "").strip():
        raise Refused(_("延期请写明理由"))

    def after(locked):
        locked.reply_deadline = reply_deadline
        locked.status_changed_at = timezone.now()
        locked.save()
        _rearm_reply_timer(locked)
        notify(
            enterprise_users(locked),
            "correction_deadline_extended",
            _("补正期限已延长：%(n)s") % {"n": locked.number},
            _("申报%(n)s的补正期限延长至%(d)s。")
            % {"n": locked.number, "d": timezone.localtime(reply_deadline).strftime("%Y-%m-%d %H:%M")},
            _link(locked),
        )

    return _perform(application, "extend_correction", by, note=reason, also=after)


# --- deadlines (fired by viewflow's timers; the actor is the system) --------------------------------


def correction_deadline_passed(application) -> None:
    current = Application.objects.get(pk=application.pk)
    if current.status != Status.RETURNED:
        return  # answered in time: the timer has nothing to do

    def after(locked):
        locked.status_changed_at = timezone.now()
        locked.save(update_fields=["status_changed_at"])
        notify(
            enterprise_users(locked) + unit_reviewers(locked.unit),
            "correction_lapsed",
            _("补正逾期：%(n)s") % {"n": locked.number},
            _("申报%(n)s未在补正期限内提交，视为放弃。市局可在必要时延长期限。") % {"n": locked.number},
            _link(locked),
        )

    _perform(current, "lapse", None, note=_("补正期限届满"), also=after)


def review_deadline_passed(application) -> None:
    with transaction.atomic():
        current = Application.objects.select_for_update().get(pk=application.pk)
        if current.status != Status.SUBMITTED:
            return
        record(None, "workflow.application.review_overdue", current, deadline=str(current.call.city_review_deadline))
        notify(
            unit_reviewers(current.unit),
            "city_review_overdue",
            _("初审已逾期：%(n)s") % {"n": current.number},
            _("申报%(n)s已超过初审截止日期%(d)s仍未办结。")
            % {"n": current.number, "d": current.call.city_review_deadline},
            _link(current),
        )


# --- forwarding to the province -----------------------------------------------------------------------


def forward_batch(call, unit, applications: list[Application], by) -> Batch:
    applications = list(applications)
    if not applications:
        raise Refused(_("请选择要报送的申报"))
    wrong = [a for a in applications if a.unit_id != unit.pk or a.call_id != call.pk]
    if wrong:
        raise Refused([_("%(n)s不属于本单位本批次") % {"n": a} for a in wrong])
    with transaction.atomic():
        # Two reviewers of one unit forwarding at once: serialise on the unit's counter row for this call.
        ApplicationCounter.objects.get_or_create(call=call, unit=unit)
        ApplicationCounter.objects.select_for_update().get(call=call, unit=unit)
        serial = Batch.objects.filter(call=call, unit=unit).count() + 1
        batch = Batch.objects.create(call=call, unit=unit, serial=serial, forwarded_by=by)
        forwarded = []
        for application in applications:

            def after(locked):
                locked.status_changed_at = timezone.now()
                locked.save(update_fields=["status_changed_at"])
                _complete(locked, ApplicationFlow.forward, by)

            forwarded.append(_perform(application, "forward", by, also=after, audit_data={"batch": str(batch)}))
        batch.applications.set(forwarded)
        letters.summary_sheet(batch)
        letters.recommendation_letter(batch, by)
        record(by, "workflow.batch.forwarded", batch, applications=[a.number for a in forwarded])
        notify(
            province_admins(),
            "forwarded_to_province",
            _("%(unit)s报送%(call)s申报") % {"unit": unit, "call": call},
            _("%(unit)s报送第%(s)d批共%(k)d件申报。") % {"unit": unit, "s": serial, "k": len(forwarded)},
            "",
        )
    return batch


def return_to_unit(application, by, reason: str) -> Application:
    if not (reason or "").strip():
        raise Refused(_("退回市局时请写明理由"))

    def after(locked):
        locked.status_changed_at = timezone.now()
        locked.save(update_fields=["status_changed_at"])
        _complete(locked, ApplicationFlow.province_intake, by)
        notify(
            unit_reviewers(locked.unit),
            "returned_by_province",
            _("省局退回：%(n)s") % {"n": locked.number},
            _("省局将申报%(n)s退回%(authority)s。理由：%(r)s")
            % {"n": locked.number, "authority": locked.unit.authority, "r": reason},
            _link(locked),
        )

    return _perform(application, "return_to_unit", by, note=reason, also=after)


def reopen_review(application, by, note: str = "") -> Application:
    """The unit takes a file the province returned back into its own review (it may then return it)."""

    def after(locked):
        locked.status_changed_at = timezone.now()
        locked.save(update_fields=["status_changed_at"])
        _complete(locked, ApplicationFlow.forward, by)

    return _perform(application, "reopen_review", by, note=note, also=after)
