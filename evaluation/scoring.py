"""Expert scoring: start the evaluation of a group, submit and correct score sheets, declare conflicts,
aggregate when the last expert finishes, and the panel lead's moderation.

Each function checks who is asking at call time and changes everything it changes in one transaction:
the sheet, the viewflow task, the application's state and the audit entry.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from accounts.models import RoleKind
from audit import transitions
from audit.models import record
from notifications import notify
from scoring.decision import panel_score
from scoring.engine import evaluate
from scoring.facts import build_facts
from workflow import lifecycle as application_lifecycle
from workflow.flows import ApplicationFlow
from workflow.models import Application, RulesSnapshot, Status

from .flows import ScoringFlow, add_score_task
from .models import PanelResult, ScoreSheet

OPEN = [STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]


class Refused(application_lifecycle.Refused):
    pass


def pinned_edition(application):
    """The exact edition the application was submitted under (by hash), even if the file changed since."""
    snapshot = RulesSnapshot.objects.filter(sha256=application.rules_sha256).first()
    if snapshot is None:
        raise Refused(_("申报%(n)s缺少提交时的规则版本快照，无法评审") % {"n": application.number})
    from scoring.editions import PinMismatchError

    try:
        return snapshot.edition()
    except PinMismatchError:  # the stored text no longer hashes to the pin, and the file on disk changed too
        raise Refused(
            _("申报%(n)s提交时的规则版本（%(e)s，sha256 %(h)s…）与规则文件及快照均不一致，已拒绝使用")
            % {"n": application.number, "e": application.rules_edition, "h": application.rules_sha256[:12]}
        ) from None


def expert_criteria(edition) -> list:
    return [c for c in edition.spec.rubric.criteria if c.kind == "expert"]


def check_sheet(edition, points: dict, comments: dict) -> tuple[dict[str, Decimal], list[str]]:
    """Parse and check one sheet against the rubric; every problem is named with its criterion."""
    parsed, problems = {}, []
    for criterion in expert_criteria(edition):
        raw = (
            (points.get(criterion.id) or "").strip()
            if isinstance(points.get(criterion.id), str)
            else points.get(criterion.id)
        )
        if raw in (None, ""):
            problems.append(_("“%(c)s”未打分") % {"c": criterion.label})
            continue
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            problems.append(_("“%(c)s”的分数“%(v)s”不是数字") % {"c": criterion.label, "v": raw})
            continue
        if not value.is_finite() or value < 0 or value > criterion.max_points:
            problems.append(_("“%(c)s”应在0至%(m)s分之间") % {"c": criterion.label, "m": criterion.max_points})
            continue
        if value != value.quantize(Decimal("0.5")) and value.as_tuple().exponent < -1:
            problems.append(_("“%(c)s”最多保留一位小数") % {"c": criterion.label})
            continue
        if value in (0, criterion.max_points) and not (comments.get(criterion.id) or "").strip():
            problems.append(_("“%(c)s”给出最高分或最低分时须填写评语") % {"c": criterion.label})
        parsed[criterion.id] = value
    return parsed, problems


def _lead_users(application) -> list:
    from experts.models import GroupMember

    leads = GroupMember.objects.filter(group__entries__application=application, is_lead=True)
    return [m.expert.user for m in leads.select_related("expert__user")]


def _process_lock(application):
    """The application's own process row before the application row: the order workflow.lifecycle keeps
    (viewflow's timers hold the process and then lock the application)."""
    from viewflow.workflow.models import Process

    def lock():
        if application.process_id:
            Process.objects.select_for_update().filter(pk=application.process_id).first()

    return lock


def start_evaluation(group, by) -> list[Application]:
    """The province opens the group's scoring: each application leaves the intake queue, experts get tasks."""
    if not by.has_role(RoleKind.ADMIN):
        raise PermissionDenied(_("只有省局管理员可以启动专家评审"))
    started = []
    with transaction.atomic():
        for link in group.entries.select_related("application"):

            def after(locked):
                locked.status_changed_at = timezone.now()
                locked.save(update_fields=["status_changed_at"])
                application_lifecycle._complete(locked, ApplicationFlow.province_intake, by)
                ScoringFlow.start.run(application=locked)

            started.append(
                transitions.perform(
                    link.application,
                    "start_evaluation",
                    by,
                    state_field="status",
                    also=after,
                    lock_first=_process_lock(link.application),
                )
            )
        record(by, "evaluation.started", group, applications=[a.number for a in started])
        experts = {a.expert.user for a in group.assignments.filter(status="active").select_related("expert__user")}
        notify(
            list(experts),
            "evaluation_assigned",
            _("新的评审任务：%(g)s") % {"g": group.name},
            _("您被抽取为%(call)s“%(g)s”的评审专家，请先签署评审承诺书后评分。")
            % {"call": group.call, "g": group.name},
            reverse("experts:tasks"),
        )
    return started


def _score_task(assignment) -> Task | None:
    return (
        Task.objects.filter(
            process_id=assignment.application.evaluation_process_id,
            flow_task=ScoringFlow.score,
            status__in=OPEN,
            data__assignment=assignment.pk,
        )
        .select_related("owner")
        .first()
    )


def _may_score(assignment, by, on_behalf: bool) -> None:
    from experts.models import Pledge

    if on_behalf:
        if not by.has_role(RoleKind.ADMIN):
            raise PermissionDenied(_("只有省局工作人员可以代专家录入评分"))
        return
    if assignment.expert.user_id != by.pk:
        raise PermissionDenied(_("这不是您的评审任务"))
    if not Pledge.objects.filter(expert=assignment.expert, call=assignment.group.call).exists():
        raise PermissionDenied(_("请先签署本批次的评审承诺书"))


def submit_score(
    assignment, by, points: dict, comments: dict, overall: str = "", *, on_behalf=False, paper_reference=""
):
    """An expert's first sheet (or staff's entry of the signed paper sheet): completes the expert's task."""
    _may_score(assignment, by, on_behalf)
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=assignment.application_id)
        assignment.refresh_from_db()
        if application.status != Status.UNDER_EVALUATION:
            raise Refused(_("申报当前状态为“%(s)s”，不能评分") % {"s": application.get_status_display()})
        if assignment.status != "active":
            raise Refused(_("该评审任务已回避或撤出，不能评分"))
        if ScoreSheet.objects.filter(assignment=assignment).exists():
            raise Refused(_("评分已提交，不能覆盖；如需更正，请提交更正版本并写明理由"))
        edition = pinned_edition(application)
        parsed, problems = check_sheet(edition, points, comments)
        if on_behalf and not paper_reference.strip():
            problems.append(_("代为录入时请填写纸质评分表编号"))
        if problems:
            raise Refused(problems)
        sheet = ScoreSheet.objects.create(
            assignment=assignment,
            application=application,
            version=1,
            points={k: str(v) for k, v in parsed.items()},
            comments={k: v for k, v in comments.items() if v},
            overall=overall,
            total=sum(parsed.values(), Decimal(0)),
            submitted_by=by,
            on_behalf=on_behalf,
            paper_reference=paper_reference,
        )
        record(
            by,
            "evaluation.score_submitted",
            application,
            expert=assignment.expert.code,
            total=str(sheet.total),
            on_behalf=on_behalf,
            paper_reference=paper_reference,
        )
        task = _score_task(assignment)
        if task is None:
            raise Refused(_("没有找到该专家的评分任务"))
        with task.activation() as activation:
            if task.status == STATUS.NEW:
                activation.assign(assignment.expert.user)
            if task.status == STATUS.ASSIGNED:
                activation.start(None)
            activation.execute()  # the last expert's completion runs the join and the aggregation
    return sheet


def correct_score(assignment, by, points: dict, comments: dict, reason: str, overall: str = "") -> ScoreSheet:
    """A new version of a submitted sheet, with its reason; the old one stays on record."""
    _may_score(assignment, by, on_behalf=by.has_role(RoleKind.ADMIN) and assignment.expert.user_id != by.pk)
    if not (reason or "").strip():
        raise Refused(_("更正评分须写明理由"))
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=assignment.application_id)
        if application.status not in (Status.UNDER_EVALUATION, Status.EVALUATED):
            raise Refused(_("申报当前状态为“%(s)s”，评分不能再更正") % {"s": application.get_status_display()})
        assignment.refresh_from_db()
        if assignment.status != "active":
            raise Refused(_("该评审任务已回避或撤出，评分不能更正"))
        previous = ScoreSheet.objects.filter(assignment=assignment, current=True).first()
        if previous is None:
            raise Refused(_("尚未提交评分，无需更正"))
        parsed, problems = check_sheet(pinned_edition(application), points, comments)
        if problems:
            raise Refused(problems)
        ScoreSheet.objects.filter(pk=previous.pk).update(current=False)
        sheet = ScoreSheet.objects.create(
            assignment=assignment,
            application=application,
            version=previous.version + 1,
            points={k: str(v) for k, v in parsed.items()},
            comments={k: v for k, v in comments.items() if v},
            overall=overall,
            total=sum(parsed.values(), Decimal(0)),
            submitted_by=by,
            on_behalf=by.pk != assignment.expert.user_id,
            reason=reason,
        )
        record(
            by,
            "evaluation.score_corrected",
            application,
            expert=assignment.expert.code,
            version=sheet.version,
            reason=reason,
        )
        if application.status == Status.EVALUATED:
            aggregate(application, moved=False)
    return sheet


def declare_conflict(assignment, by, reason: str):
    """The expert steps aside (kept on record); a replacement is drawn when the minimum would be broken."""
    from experts import recusal

    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=assignment.application_id)
        replacement = recusal.declare_conflict(assignment, by, reason, has_scored=lambda a: a.sheets.exists())
        task = _score_task(assignment)
        if task is not None:
            with task.activation() as activation:
                activation.cancel()
        if replacement is not None and application.status == Status.UNDER_EVALUATION:
            add_score_task(application, replacement)
            notify(
                [replacement.expert.user],
                "evaluation_assigned",
                _("递补评审任务：%(n)s") % {"n": application.number},
                _("因原评审专家回避，您被递补为申报%(n)s的评审专家。") % {"n": application.number},
                reverse("experts:tasks"),
            )
        record(by, "evaluation.conflict_declared", application, expert=assignment.expert.code, reason=reason)
        _continue_join_if_done(application)
    return replacement


def _continue_join_if_done(application) -> None:
    """A cancelled last task finishes no join by itself: if every other expert is done, go on now."""
    if Task.objects.filter(
        process_id=application.evaluation_process_id, flow_task=ScoringFlow.score, status__in=OPEN
    ).exists():
        return
    join = Task.objects.filter(
        process_id=application.evaluation_process_id,
        flow_task=ScoringFlow.join,
        status__in=[STATUS.NEW, STATUS.STARTED],
    ).first()
    if join is None:
        return
    with join.activation() as activation:
        if join.status == STATUS.NEW:
            activation.activate()
        if activation.is_done():
            activation.complete()
            activation.activate_next()


def aggregate(application, *, moved: bool = True) -> PanelResult:
    """Aggregate the current sheets by the edition's rule; move the application to evaluated."""
    application = Application.objects.get(pk=application.pk)
    edition = pinned_edition(application)
    evaluation = evaluate(edition, build_facts(application.facts, application.programme))
    sheets = {
        s.assignment.expert.code: {k: Decimal(v) for k, v in s.points.items()}
        for s in ScoreSheet.objects.filter(
            application=application, current=True, assignment__status="active"
        ).select_related("assignment__expert")
    }
    score = panel_score(edition, evaluation, sheets)
    previous = PanelResult.objects.filter(application=application).first()
    # A moderation was of the earlier total: once a correction changes it, the lead must look again.
    stale = previous is not None and previous.moderated_at is not None and previous.total != score.total
    cleared = dict(moderated_total=None, moderation_reason="", moderated_by=None, moderated_at=None) if stale else {}
    result, _created = PanelResult.objects.update_or_create(
        application=application,
        defaults=dict(
            **cleared,
            edition_id=edition.id,
            edition_version=edition.version,
            edition_sha256=edition.sha256,
            experts_score=score.experts.value,
            computed_score=score.computed,
            total=score.total,
            method=score.experts.method,
            sheets={k: str(v) for k, v in score.expert_totals.items()},
            dropped=[str(v) for v in score.experts.dropped],
            outliers=[str(v) for v in score.experts.outliers],
            trace=list(score.experts.trace),
            aggregated_at=timezone.now(),
        ),
    )
    record(
        None,
        "evaluation.aggregated",
        application,
        total=str(score.total),
        method=score.experts.method,
        outliers=result.outliers,
        **({"moderation_cleared": str(previous.moderated_total)} if stale else {}),
    )
    if moved and application.status == Status.UNDER_EVALUATION:
        transitions.perform(application, "finish_evaluation", None, state_field="status", note=_("全部专家完成评分"))
    if result.outliers:
        notify(
            _lead_users(application),
            "scores_to_moderate",
            _("评分存在异常值：%(n)s") % {"n": application.number},
            _("申报%(n)s的评分中有偏离中位数较大的分数（%(o)s），请评审组长复核。")
            % {"n": application.number, "o": "、".join(result.outliers)},
            reverse("evaluation:moderation"),
        )
    return result


def moderate(result: PanelResult, by, total, reason: str) -> PanelResult:
    """The panel lead records a moderated total with a reason; the raw sheets and the computed total stay."""
    from experts.models import GroupMember

    application = result.application
    is_lead = GroupMember.objects.filter(
        group__entries__application=application, expert__user=by, is_lead=True
    ).exists()
    if not is_lead:
        raise PermissionDenied(_("只有本评审组的组长可以调整得分"))
    if not (reason or "").strip():
        raise Refused(_("调整得分须写明理由"))
    try:
        value = Decimal(str(total).strip())
    except InvalidOperation:
        raise Refused(_("调整后的得分不是数字")) from None
    if not value.is_finite():  # NaN would raise on comparison below
        raise Refused(_("调整后的得分不是数字"))
    if not Decimal(0) <= value <= pinned_edition(application).spec.rubric.total_points:
        raise Refused(_("调整后的得分超出评分表总分范围"))
    with transaction.atomic():
        locked = PanelResult.objects.select_for_update().get(pk=result.pk)
        if locked.application.status not in (Status.EVALUATED,):
            raise Refused(_("申报已进入公示或批准环节，不能再调整得分"))
        locked.moderated_total = value.quantize(Decimal("0.01"))
        locked.moderation_reason = reason
        locked.moderated_by = by
        locked.moderated_at = timezone.now()
        PanelResult.objects.filter(pk=locked.pk).update(
            moderated_total=locked.moderated_total,
            moderation_reason=reason,
            moderated_by=by,
            moderated_at=locked.moderated_at,
        )
        record(
            by,
            "evaluation.moderated",
            application,
            total=str(locked.total),
            moderated=str(locked.moderated_total),
            reason=reason,
        )
    return locked
