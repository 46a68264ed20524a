"""Pages: the public notice (no sign-in) and the administrator's pages for objections, closing and holidays.

Views fetch, check, call one function of ``notice.publication`` or ``notice.workdays``, and redirect; a refusal
becomes a message on the page it came from.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workflow.lifecycle import Refused

from . import publication, workdays
from .forms import DecisionForm, HolidayForm, ObjectionForm
from .models import HolidayOverride, HolidayYear, Notice, NoticeEntry, Objection, ObjectionStatus
from .permissions import can_manage_notices

CURRENT = Q(entries__successor__isnull=True, entries__withdrawn=False)


def _require_admin(request: HttpRequest) -> None:
    verdict = can_manage_notices(request.user)
    if not verdict:
        raise PermissionDenied(verdict.reason)


def _with_totals(notices):
    """Each notice with the number and total of its current entries, in the same query."""
    return notices.select_related("call").annotate(
        entry_count=Count("entries", filter=CURRENT), total=Sum("entries__amount", filter=CURRENT)
    )


# --- public ---------------------------------------------------------------------------------------------


def public_list(request: HttpRequest) -> HttpResponse:
    notices = _with_totals(Notice.objects.current()).order_by("-published_at")
    return render(request, "notice/public_list.html", {"notices": notices})


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(Notice.objects.select_related("call"), pk=pk)
    # The rows hold only what was published (names, programme, amount): no code, account or score can leak.
    entries = list(notice.entries.current())
    total = sum((entry.amount for entry in entries), Decimal("0.00"))
    return render(request, "notice/public_detail.html", {"notice": notice, "entries": entries, "total": total})


# --- administrator ----------------------------------------------------------------------------------------


@login_required
def manage_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    notices = _with_totals(Notice.objects.all()).annotate(
        open_objections=Count("objections", filter=Q(objections__status=ObjectionStatus.OPEN), distinct=True)
    )
    return render(request, "notice/manage_list.html", {"notices": notices.order_by("-published_at")})


def _manage_context(notice: Notice, *, objection_form=None, decision_forms=None) -> dict:
    rows = list(
        notice.entries.select_related("objection").annotate(
            replaced=Exists(NoticeEntry.objects.filter(replaces=OuterRef("pk")))
        )
    )
    current = [row for row in rows if not row.replaced and not row.withdrawn]
    history = [row for row in rows if row.replaced or row.replaces_id]
    objections = list(notice.objections.select_related("entry", "recorded_by", "decided_by"))
    decision_forms = decision_forms or {}
    for objection in objections:
        if objection.is_open:
            objection.form = decision_forms.get(objection.pk) or DecisionForm(
                prefix=f"o{objection.pk}", has_entry=objection.entry_id is not None
            )
    return {
        "notice": notice,
        "current": current,
        "history": history,
        "total": sum((row.amount for row in current), Decimal("0.00")),
        "objections": objections,
        "objection_form": objection_form or ObjectionForm(notice=notice),
        "can_close": notice.is_published and timezone.localdate() > notice.ends_on,
        "open_objections": sum(1 for objection in objections if objection.is_open),
    }


def _notice_for_admin(request: HttpRequest, pk: int) -> Notice:
    _require_admin(request)
    return get_object_or_404(Notice.objects.select_related("call", "published_by", "closed_by"), pk=pk)


@login_required
def manage_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice_for_admin(request, pk)
    return render(request, "notice/manage_detail.html", _manage_context(notice))


def _refusal_messages(request: HttpRequest, exc: Refused) -> None:
    for problem in exc.problems:
        messages.error(request, problem)


@login_required
@require_POST
def objection_create(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice_for_admin(request, pk)
    form = ObjectionForm(request.POST, notice=notice)
    if form.is_valid():
        try:
            publication.record_objection(
                notice,
                entry=form.cleaned_data["entry"],
                raised_by_name=form.cleaned_data["raised_by_name"],
                contact=form.cleaned_data["contact"],
                content=form.cleaned_data["content"],
                received_at=form.cleaned_data["received_at"],
                by=request.user,
            )
        except Refused as exc:
            _refusal_messages(request, exc)
        else:
            messages.success(request, _("异议已登记"))
            return redirect("notice:manage", pk=notice.pk)
    return render(request, "notice/manage_detail.html", _manage_context(notice, objection_form=form), status=400)


@login_required
@require_POST
def objection_decide(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    objection = get_object_or_404(Objection, pk=pk)
    form = DecisionForm(request.POST, prefix=f"o{objection.pk}", has_entry=objection.entry_id is not None)
    if form.is_valid():
        try:
            publication.decide_objection(
                objection,
                upheld=form.upheld,
                decision=form.cleaned_data["decision"],
                change=form.entry_change(),
                by=request.user,
            )
        except Refused as exc:
            _refusal_messages(request, exc)
        else:
            messages.success(request, _("异议处理决定已保存"))
            return redirect("notice:manage", pk=objection.notice_id)
    notice = _notice_for_admin(request, objection.notice_id)
    context = _manage_context(notice, decision_forms={objection.pk: form})
    return render(request, "notice/manage_detail.html", context, status=400)


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice_for_admin(request, pk)
    try:
        publication.close(notice, request.user)
    except Refused as exc:
        _refusal_messages(request, exc)
    else:
        messages.success(request, _("公示已结束"))
    return redirect("notice:manage", pk=notice.pk)


# --- holidays --------------------------------------------------------------------------------------------


@login_required
def holidays(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    return redirect("notice:holiday_year", year=timezone.localdate().year + 1)


@login_required
def holiday_year(request: HttpRequest, year: int) -> HttpResponse:
    _require_admin(request)
    if not 2000 <= year <= 2100:
        raise Http404
    form = HolidayForm(year=year)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "confirm":
            workdays.confirm_year(year, by=request.user)
            messages.success(request, _("已确认%(year)d年节假日安排录入完整") % {"year": year})
            return redirect("notice:holiday_year", year=year)
        if action == "unconfirm":
            workdays.unconfirm_year(year, by=request.user)
            messages.success(request, _("已撤销%(year)d年的确认") % {"year": year})
            return redirect("notice:holiday_year", year=year)
        if action == "remove":
            override_pk = request.POST.get("override", "")
            override = get_object_or_404(
                HolidayOverride, pk=int(override_pk) if override_pk.isdigit() else 0, date__year=year
            )
            workdays.remove_day(override, by=request.user)
            messages.success(request, _("已删除%(day)s的调整") % {"day": f"{override.date:%Y-%m-%d}"})
            return redirect("notice:holiday_year", year=year)
        form = HolidayForm(request.POST, year=year)
        if form.is_valid():
            workdays.enter_day(
                form.cleaned_data["date"],
                is_working_day=form.cleaned_data["is_working_day"],
                name=form.cleaned_data["name"],
                by=request.user,
            )
            messages.success(request, _("已保存"))
            return redirect("notice:holiday_year", year=year)
    overrides = HolidayOverride.objects.filter(date__year=year).select_related("entered_by")
    state = HolidayYear.objects.filter(year=year).select_related("confirmed_by").first()
    context = {
        "year": year,
        "form": form,
        "overrides": overrides,
        "state": state,
        "status_text": workdays.year_status(year),
        "library_covers": workdays.library_covers(year),
    }
    return render(request, "notice/holidays.html", context, status=400 if form.errors else 200)
