"""Evaluation pages: the expert's score sheet, meeting-mode entry, the lead's moderation, and the
province's call board (start scoring, rank, publish, approve, letters)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import RoleKind
from accounts.permissions import fetch_visible
from audit.transitions import TransitionNotAllowed
from calls.models import Call
from experts.draw import Refused as DrawRefused
from workflow.lifecycle import Refused
from workflow.models import Application, Status

from . import approval, ranking, scoring
from .models import PanelResult, RankingRun, ScoreSheet


def _admin(request) -> None:
    if not request.user.has_role(RoleKind.ADMIN):
        raise PermissionDenied(_("只有省局管理员可以进行此操作"))


def _run(request, action, *args, success: str, **kwargs):
    try:
        result = action(*args, **kwargs)
    except (Refused, DrawRefused) as exc:  # the experts app has its own Refused (declared conflicts)
        for problem in exc.problems:
            messages.error(request, problem)
        return None
    except TransitionNotAllowed as exc:  # e.g. a group started twice, a list published twice
        messages.error(request, str(exc))
        return None
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return None
    messages.success(request, success)
    return result if result is not None else True


# --- the expert ------------------------------------------------------------------------------------


def _my_assignment(request, pk: int):
    """Staff open any assignment (meeting mode); an expert only their own active ones: another expert's,
    or one they were excluded from or declared a conflict on, is a 404 like one that does not exist."""
    from experts.models import Assignment, AssignmentStatus

    assignments = Assignment.objects.select_related(
        "application__enterprise", "application__call", "group__call", "expert"
    )
    if request.user.has_role(RoleKind.ADMIN):
        assignment = get_object_or_404(assignments, pk=pk)
        return assignment, assignment.expert.user_id != request.user.pk
    mine = assignments.filter(expert__user=request.user, status=AssignmentStatus.ACTIVE)
    return fetch_visible(mine, pk=pk), False


def _sheet_rows(edition, data=None, comments=None):
    rows = []
    for criterion in scoring.expert_criteria(edition):
        rows.append(
            {
                "criterion": criterion,
                "value": (data or {}).get(criterion.id, ""),
                "comment": (comments or {}).get(criterion.id, ""),
            }
        )
    return rows


@login_required
def score(request, pk: int):
    from experts.pledge import has_pledged

    assignment, on_behalf = _my_assignment(request, pk)
    if not on_behalf and not has_pledged(assignment.expert, assignment.group.call):
        messages.info(request, _("评分前，请先阅读并签署评审专家承诺书"))  # nothing of the application before it
        return redirect("experts:pledge", call_pk=assignment.group.call_id)
    application = assignment.application
    edition = scoring.pinned_edition(application)
    current = ScoreSheet.objects.filter(assignment=assignment, current=True).first()
    points = {c.id: request.POST.get(f"points_{c.id}", "") for c in scoring.expert_criteria(edition)}
    comments = {c.id: request.POST.get(f"comment_{c.id}", "") for c in scoring.expert_criteria(edition)}
    if request.method == "POST":
        overall = request.POST.get("overall", "")
        if current is None:
            done = _run(
                request,
                scoring.submit_score,
                assignment,
                request.user,
                points,
                comments,
                overall,
                on_behalf=on_behalf,
                paper_reference=request.POST.get("paper_reference", ""),
                success=_("评分已提交"),
            )
        else:
            done = _run(
                request,
                scoring.correct_score,
                assignment,
                request.user,
                points,
                comments,
                request.POST.get("reason", ""),
                overall,
                success=_("更正版本已提交，原评分保留在记录中"),
            )
        if done:
            return redirect("evaluation:score", pk=pk)
    return render(
        request,
        "evaluation/score.html",
        {
            "assignment": assignment,
            "application": application,
            "items": list(application.items),
            "rubric": edition.spec.rubric,
            "rows": _sheet_rows(
                edition, points if request.method == "POST" else None, comments if request.method == "POST" else None
            ),
            "current": current,
            "history": ScoreSheet.objects.filter(assignment=assignment).order_by("version"),
            "on_behalf": on_behalf,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def declare(request, pk: int):
    assignment, _staff = _my_assignment(request, pk)
    reason = request.POST.get("reason", "").strip()
    if not reason:
        messages.error(request, _("申报回避须写明原因"))
        return redirect("evaluation:score", pk=pk)
    _run(
        request,
        scoring.declare_conflict,
        assignment,
        request.user,
        reason,
        success=_("已申报回避，该申报已从您的任务中移出"),
    )
    return redirect("experts:tasks")


# --- the panel lead -----------------------------------------------------------------------------------


@login_required
def moderation(request):
    from experts.models import GroupApplication, GroupMember

    groups = GroupMember.objects.filter(expert__user=request.user, is_lead=True).values("group")
    if not request.user.has_role(RoleKind.PANEL_LEAD) and not groups.exists():
        raise PermissionDenied(_("只有评审组长可以复核评分"))
    apps = GroupApplication.objects.filter(group__in=groups).values("application")
    results = (
        PanelResult.objects.filter(application__in=apps)
        .select_related("application__enterprise")
        .order_by("application__number")
    )
    return render(request, "evaluation/moderation.html", {"results": results})


@login_required
@require_POST
def moderate(request, pk: int):
    from experts.models import GroupMember

    result = get_object_or_404(PanelResult.objects.select_related("application"), pk=pk)
    # Only this application's panel lead: anybody else is refused outright (not redirected with a message).
    if not GroupMember.objects.filter(
        group__entries__application=result.application, expert__user=request.user, is_lead=True
    ).exists():
        raise PermissionDenied(_("只有本评审组的组长可以调整得分"))
    _run(
        request,
        scoring.moderate,
        result,
        request.user,
        request.POST.get("total", ""),
        request.POST.get("reason", ""),
        success=_("调整后的得分已记录，原始评分保留"),
    )
    return redirect("evaluation:moderation")


# --- the province -------------------------------------------------------------------------------------


@login_required
def board(request, call_pk: int):
    _admin(request)
    from experts.models import EvaluationGroup
    from notice.models import Notice

    call = get_object_or_404(Call, pk=call_pk)
    groups = EvaluationGroup.objects.filter(call=call).order_by("name")
    counts = {s: n for s, n in Application.objects.filter(call=call).values_list("status").annotate(n=Count("pk"))}
    results = (
        PanelResult.objects.filter(application__call=call)
        .select_related("application__enterprise")
        .order_by("application__number")
    )
    runs = RankingRun.objects.filter(call=call).select_related("call", "created_by")  # str(run) names the call
    notice = Notice.objects.filter(call=call).order_by("-published_at").first()
    from jobs.models import Job

    batches = Job.objects.filter(kind="letters", params__call=call.pk)[:5]
    return render(
        request,
        "evaluation/board.html",
        {
            "call": call,
            "groups": groups,
            "counts": counts,
            "statuses": Status,
            "results": results,
            "runs": runs,
            "notice": notice,
            "batches": batches,
        },
    )


@login_required
@require_POST
def start(request, group_pk: int):
    _admin(request)
    from experts.models import EvaluationGroup

    group = get_object_or_404(EvaluationGroup, pk=group_pk)
    _run(request, scoring.start_evaluation, group, request.user, success=_("专家评审已启动，专家将收到评审任务"))
    return redirect("evaluation:board", call_pk=group.call_id)


@login_required
@require_POST
def rank(request, call_pk: int):
    _admin(request)
    call = get_object_or_404(Call, pk=call_pk)
    run = _run(
        request, ranking.rank, call, request.user, request.POST.get("note", ""), success=_("排序与分配已计算并保存")
    )
    if run and run is not True:
        return redirect("evaluation:run", pk=run.pk)
    return redirect("evaluation:board", call_pk=call_pk)


@login_required
def run_detail(request, pk: int):
    """One ranking run: its rows searchable (number, enterprise), filterable (outcome), sortable and paged.

    The rows live in the run's stored results; only the page's applications are read from the database."""
    _admin(request)
    run = get_object_or_404(RankingRun.objects.select_related("call", "created_by"), pk=pk)
    rows = [{"number": n, **row} for n, row in run.results["applications"].items()]
    q = request.GET.get("q", "").strip()
    if q:
        names = set(
            Application.objects.filter(call=run.call, enterprise__name__icontains=q).values_list("number", flat=True)
        )
        rows = [r for r in rows if q.upper() in r["number"].upper() or r["number"] in names]
    outcome = request.GET.get("outcome", "")
    if outcome == "awarded":
        rows = [r for r in rows if Decimal(r["award"]) > 0]
    elif outcome == "unfunded":
        rows = [r for r in rows if r["passed"] and Decimal(r["award"]) == 0]
    elif outcome == "excluded":
        rows = [r for r in rows if not r["passed"]]
    sort = request.GET.get("sort", "rank")
    if sort.removeprefix("-") not in RUN_SORTS:
        sort = "rank"  # a hand-edited address gets the default order, not an error
    rows.sort(key=RUN_SORTS[sort.removeprefix("-")], reverse=sort.startswith("-"))
    page = Paginator(rows, RUN_PAGE_SIZE).get_page(request.GET.get("page"))
    on_page = {
        a.number: a
        for a in Application.objects.filter(call=run.call, number__in=[r["number"] for r in page.object_list])
        .select_related("enterprise", "unit")
        .only("number", "enterprise__name", "unit__name")
    }
    for row in page.object_list:
        row["application"] = on_page.get(row["number"])
    check = None
    if request.GET.get("check") == "1":
        check = ranking.rerun(run) == run.results
    earlier = RankingRun.objects.filter(call=run.call, number__lt=run.number).order_by("-number").first()
    changes = ranking.compare(earlier, run) if earlier else []
    return render(
        request,
        "evaluation/run.html",
        {
            "run": run,
            "page": page,
            "q": q,
            "outcome": outcome,
            "check": check,
            "earlier": earlier,
            "changes": changes[:CHANGES_SHOWN],
            "changes_count": len(changes),
            "trace": run.results["trace"][:TRACE_SHOWN],
            "trace_count": len(run.results["trace"]),
        },
    )


def _rank_key(row):
    return (row["rank"] is None, row["rank"] or 0, row["number"])


RUN_SORTS = {
    "rank": _rank_key,
    "number": lambda r: r["number"],
    "score": lambda r: (r["score"] is None, Decimal(r["score"] or 0), r["number"]),
    "award": lambda r: (Decimal(r["award"]), r["number"]),
    "eligible": lambda r: (Decimal(r["eligible_amount"]), r["number"]),
}
RUN_PAGE_SIZE = 100
CHANGES_SHOWN = 200
TRACE_SHOWN = 500


@login_required
def run_export(request, pk: int):
    _admin(request)
    run = get_object_or_404(RankingRun, pk=pk)
    response = HttpResponse(
        ranking.export(run), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="ranking-{run.call.year}-{run.call.programme}-{run.number}.xlsx"'
    )
    return response


@login_required
@require_POST
def publish(request, pk: int):
    _admin(request)
    run = get_object_or_404(RankingRun, pk=pk)
    try:
        days = int(request.POST.get("working_days", "5"))
    except ValueError:
        days = 0
    notice = _run(
        request,
        approval.publish_notice,
        run,
        request.user,
        working_days=days,
        contact=request.POST.get("contact", ""),
        success=_("拟补助名单已公示"),
    )
    if notice and notice is not True:
        return redirect("notice:manage", pk=notice.pk)
    return redirect("evaluation:run", pk=pk)


@login_required
@require_POST
def approve(request, call_pk: int):
    _admin(request)
    call = get_object_or_404(Call, pk=call_pk)
    _run(request, approval.approve, call, request.user, success=_("补助名单已批准"))
    return redirect("evaluation:board", call_pk=call_pk)


@login_required
@require_POST
def letters(request, call_pk: int):
    _admin(request)
    call = get_object_or_404(Call, pk=call_pk)
    job = _run(request, approval.generate_letters, call, request.user, success=_("已开始生成文书"))
    if job and job is not True:
        return redirect("jobs:detail", pk=job.pk)
    return redirect("evaluation:board", call_pk=call_pk)


@login_required
def print_sheets(request, group_pk: int):
    """Blank score sheets of a group, one per expert and application, for signature in meeting mode."""
    _admin(request)
    from experts.models import Assignment, EvaluationGroup

    group = get_object_or_404(EvaluationGroup, pk=group_pk)
    assignments = (
        Assignment.objects.filter(group=group, status="active")
        .select_related("expert__user", "application__enterprise")
        .order_by("expert__code", "application__number")
    )
    rubric = None
    first = assignments.first()
    if first is not None:
        rubric = scoring.pinned_edition(first.application).spec.rubric
    return render(
        request, "evaluation/print_sheets.html", {"group": group, "assignments": assignments, "rubric": rubric}
    )
