"""The city bureau's queue and forwarding, and the province's view of what the units forwarded."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from accounts.models import RoleKind
from audit.models import record
from calls.models import Call, Programme
from places.models import Unit

from . import lifecycle, rights
from .checks import STATUS_LABELS
from .flows import ApplicationFlow
from .forms import ForwardingExtensionForm
from .models import Application, Batch, ForwardingExtension, Status

PAGE_SIZE = 50
QUEUE_STATUSES = [
    Status.SUBMITTED,
    Status.RETURNED,
    Status.LAPSED,
    Status.PASSED,
    Status.RETURNED_TO_UNIT,
    Status.REJECTED,
    Status.FORWARDED,
]


def _scope(user):
    """The unit a reviewer works for; the province sees every unit (and may narrow to one)."""
    if user.reviewer_unit is not None:
        return user.reviewer_unit
    if user.has_role(RoleKind.ADMIN):
        return None
    raise PermissionDenied(_("只有市局审核员和省局管理员可以查看初审队列"))


def _queue(request):
    user = request.user
    unit = _scope(user)
    applications = rights.visible_applications(user)
    unit_code = request.GET.get("unit", "")
    if unit is None and unit_code:
        applications = applications.filter(unit__code=unit_code)
    owner = Task.objects.filter(
        process=OuterRef("process"),
        flow_task=ApplicationFlow.city_review,
        status__in=[STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED],
    )
    applications = applications.annotate(
        owner_id=Subquery(owner.values("owner_id")[:1]), owner_name=Subquery(owner.values("owner__full_name")[:1])
    )
    counts = applications.aggregate(**{status.value: Count("pk", filter=Q(status=status)) for status in QUEUE_STATUSES})
    status = request.GET.get("status", Status.SUBMITTED)
    if status in Status.values:
        applications = applications.filter(status=status)
    programme = request.GET.get("programme", "")
    if programme in Programme.values:
        applications = applications.filter(programme=programme)
    call_pk = request.GET.get("call", "")
    if call_pk.isdigit():
        applications = applications.filter(call_id=int(call_pk))
    claimed = request.GET.get("claimed", "")
    if claimed == "mine":
        applications = applications.filter(owner_id=user.pk)
    elif claimed == "unclaimed":
        applications = applications.filter(owner_id__isnull=True)
    today = timezone.localdate()
    if request.GET.get("overdue") == "1":
        extended = ForwardingExtension.objects.filter(call=OuterRef("call"), unit=OuterRef("unit"), until__gte=today)
        applications = applications.filter(call__city_review_deadline__lt=today).exclude(Exists(extended))
    applications = applications.search(request.GET.get("q", ""))
    sort = request.GET.get("sort", "submitted")
    order = {
        "submitted": ["last_submitted_at", "pk"],
        "-submitted": ["-last_submitted_at", "-pk"],
        "deadline": ["call__city_review_deadline", "last_submitted_at", "pk"],
        "enterprise": ["enterprise__name", "pk"],
        "amount": ["-amount_requested", "pk"],
    }.get(sort, ["last_submitted_at", "pk"])
    return unit, applications.order_by(*order), counts, status, today


@login_required
def queue(request):
    unit, applications, counts, status, today = _queue(request)
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    calls = Call.objects.all()
    extended = {
        (e.call_id, e.unit_id): e.until for e in ForwardingExtension.objects.order_by("until")
    }  # the latest extension per call and unit wins
    for application in page.object_list:
        review_deadline = max(
            application.call.city_review_deadline,
            extended.get((application.call_id, application.unit_id), application.call.city_review_deadline),
        )
        application.review_deadline = review_deadline
        application.overdue = application.status == Status.SUBMITTED and review_deadline < today
    return render(
        request,
        "workflow/queue.html",
        {
            "unit": unit,
            "page": page,
            "counts": counts,
            "statuses": [(s, Status(s).label, counts[s.value]) for s in QUEUE_STATUSES],
            "status": status,
            "calls": calls,
            "units": Unit.objects.all() if unit is None else [],
            "today": today,
            "params": request.GET,
        },
    )


@login_required
def queue_export(request):
    unit, applications, _counts, _status, today = _queue(request)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("初审队列")
    sheet.append(
        [
            "申报编号",
            "企业名称",
            "统一社会信用代码",
            "初审单位",
            "补助项目",
            "批次",
            "状态",
            "提交时间",
            "初审截止",
            "申请金额（元）",
            "领取人",
        ]
    )
    for a in applications.iterator(chunk_size=500):
        sheet.append(
            [
                a.number,
                a.enterprise.name,
                a.enterprise.uscc,
                a.unit.name,
                a.get_programme_display(),
                str(a.call),
                a.get_status_display(),
                timezone.localtime(a.last_submitted_at).strftime("%Y-%m-%d %H:%M") if a.last_submitted_at else "",
                a.call.city_review_deadline.isoformat(),
                a.amount_requested,
                a.owner_name or "",
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"queue-{unit.code if unit else 'province'}-{today.isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def bulk_pass(request):
    """Pass the selected rows: first a confirmation listing them, then all or none."""
    _scope(request.user)
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    applications = list(
        rights.visible_applications(request.user).filter(pk__in=ids, status=Status.SUBMITTED).order_by("number")
    )
    if not applications:
        messages.error(request, _("请先勾选待初审的申报"))
        return redirect("workflow:queue")
    opinion = (request.POST.get("opinion") or "").strip()
    for application in applications:
        application.precheck_label = STATUS_LABELS.get(application.precheck.get("status"), "")
    if request.POST.get("confirm") != "1" or not opinion:
        if request.POST.get("confirm") == "1":
            messages.error(request, _("批量通过时请填写审核意见"))
        return render(
            request,
            "workflow/bulk_confirm.html",
            {"applications": applications, "opinion": opinion or _("材料齐全，符合申报条件，同意推荐。")},
        )
    try:
        lifecycle.bulk_pass(applications, request.user, opinion)
    except (lifecycle.Refused, PermissionDenied, lifecycle.transitions.TransitionNotAllowed) as exc:
        messages.error(request, _("批量通过未执行（全部未改变）：%(e)s") % {"e": exc})
        return redirect("workflow:queue")
    messages.success(request, _("已通过%(n)d件申报") % {"n": len(applications)})
    return redirect("workflow:queue")


@login_required
def forward_list(request):
    user = request.user
    unit = user.reviewer_unit
    if unit is None:
        raise PermissionDenied(_("只有市局审核员可以报送申报"))
    waiting = (
        rights.visible_applications(user)
        .awaiting_forwarding()
        .select_related("call", "enterprise")
        .order_by("call", "number")
    )
    by_call = {}
    for application in waiting:
        by_call.setdefault(application.call, []).append(application)
    groups = [
        {"call": call, "applications": apps, "deadline": rights.forwarding_deadline(call, unit)}
        for call, apps in by_call.items()
    ]
    batches = (
        Batch.objects.filter(unit=unit)
        .select_related("call", "unit")
        .annotate(size=Count("applications"))
        .order_by("-forwarded_at")
    )
    return render(
        request,
        "workflow/forward.html",
        {"groups": groups, "batches": batches, "unit": unit, "today": timezone.localdate()},
    )


@login_required
@require_POST
def forward(request, call_pk: int):
    user = request.user
    unit = user.reviewer_unit
    if unit is None:
        raise PermissionDenied(_("只有市局审核员可以报送申报"))
    call = get_object_or_404(Call, pk=call_pk)
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    applications = list(
        rights.visible_applications(user).awaiting_forwarding().filter(call=call, pk__in=ids).order_by("number")
    )
    try:
        batch = lifecycle.forward_batch(call, unit, applications, user)
    except lifecycle.Refused as exc:
        for problem in exc.problems:
            messages.error(request, problem)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    except (lifecycle.transitions.TransitionNotAllowed, IntegrityError, FlowLockFailed, OperationalError) as exc:
        messages.error(
            request, _("报送未完成（全部未改变）：%(e)s。可能有同事同时报送了这些申报，请刷新后重试。") % {"e": exc}
        )
    else:
        messages.success(
            request, _("已报送第%(s)d批，共%(n)d件；汇总表和推荐函已生成") % {"s": batch.serial, "n": len(applications)}
        )
    return redirect("workflow:forward_list")


@login_required
def batch_sheet(request, pk: int):
    batch = get_object_or_404(Batch, pk=pk)
    user = request.user
    if not (
        user.has_role(RoleKind.ADMIN) or (user.reviewer_unit is not None and user.reviewer_unit.pk == batch.unit_id)
    ):
        raise PermissionDenied
    response = HttpResponse(
        batch.summary_sheet.open("rb").read(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{batch.call.year}-{batch.unit.code}-{batch.serial}.xlsx"'
    return response


@login_required
def province_forwarded(request):
    if not request.user.has_role(RoleKind.ADMIN):
        raise PermissionDenied(_("只有省局管理员可以查看各单位报送情况"))
    applications = Application.objects.filter(status=Status.FORWARDED).select_related("call", "enterprise", "unit")
    unit_code = request.GET.get("unit", "")
    if unit_code:
        applications = applications.filter(unit__code=unit_code)
    page = Paginator(applications.order_by("unit__order", "number"), PAGE_SIZE).get_page(request.GET.get("page"))
    by_unit = dict(
        Application.objects.filter(status=Status.FORWARDED)
        .values_list("unit__code")
        .annotate(n=Count("pk"))
        .values_list("unit__code", "n")
    )
    units = [(unit, by_unit.get(unit.code, 0)) for unit in Unit.objects.all()]
    extensions = ForwardingExtension.objects.select_related("call", "unit", "granted_by")[:50]
    return render(
        request,
        "workflow/province_forwarded.html",
        {
            "page": page,
            "units": units,
            "unit_code": unit_code,
            "extensions": extensions,
            "calls": Call.objects.all(),
            "form": ForwardingExtensionForm(),
        },
    )


@login_required
@require_POST
def grant_extension(request):
    if not request.user.has_role(RoleKind.ADMIN):
        raise PermissionDenied(_("只有省局管理员可以批准延期报送"))
    form = ForwardingExtensionForm(request.POST)
    call_pk = request.POST.get("call") or ""
    call = Call.objects.filter(pk=int(call_pk)).first() if call_pk.isdigit() else None
    unit = Unit.objects.filter(code=request.POST.get("unit_code") or "").first()
    problems = []
    if call is None or unit is None:
        problems.append(_("请选择批次和单位"))
    if not form.is_valid():
        problems.extend(error for errors in form.errors.values() for error in errors)
    elif call is not None and unit is not None:
        until = form.cleaned_data["until"]
        current = rights.forwarding_deadline(call, unit)
        if until < timezone.localdate() or until <= current:
            problems.append(_("延期日期应晚于今天和当前截止日期%(d)s") % {"d": current.isoformat()})
    if problems:
        for problem in problems:
            messages.error(request, problem)
        return redirect("workflow:province_forwarded")
    with transaction.atomic():
        extension = ForwardingExtension.objects.create(
            call=call, unit=unit, granted_by=request.user, **form.cleaned_data
        )
        record(
            request.user,
            "workflow.forwarding.extended",
            extension,
            unit=unit.code,
            until=str(extension.until),
            reason=extension.reason,
        )
        lifecycle.rearm_review_timers(call, unit)
    messages.success(request, _("已允许%(unit)s在%(d)s前报送") % {"unit": unit, "d": extension.until})
    return redirect("workflow:province_forwarded")
