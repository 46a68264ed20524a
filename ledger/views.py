"""Ledger pages: a unit's year, one ledger (rows, files, submit), the province's matrix, the plan figures.

Thin views: fetch through ``permissions`` (403 for people with no business here, 404 for another unit's
ledger), call one door of ``ledger.filing`` or ``ledger.plans``, redirect with a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import fetch_visible
from audit.models import Entry
from places.models import Unit

from . import filing, form_a, overview, permissions, plans, quarters, word, xlsx
from .forms import ActivityForm, MaterialUploadForm, PlanYearForm, PolicyForm, PolicyUploadForm, ReopenForm
from .models import Activity, Attachment, Ledger, PlanYear, PolicyItem, terms_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _require(verdict) -> None:
    if not verdict:
        raise PermissionDenied(verdict.reason)


def _fetch(request, pk: int) -> Ledger:
    _require(permissions.can_use_ledgers(request.user))
    return fetch_visible(permissions.visible_ledgers(request.user).select_related("unit", "submitted_by"), pk=pk)


def _act(request, action, *args, success: str, **kwargs):
    """Run one door; its refusals become messages (never a 500, nothing half-written)."""
    try:
        result = action(*args, **kwargs)
    except filing.Refused as exc:
        for problem in exc.problems:
            messages.error(request, problem)
        return None
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("您无权进行此操作"))
        return None
    messages.success(request, success)
    return result or True


def _detail(pk: int, anchor: str = "") -> str:
    return reverse("ledger:detail", args=[pk]) + (f"#{anchor}" if anchor else "")


@login_required
def index(request):
    _require(permissions.can_use_ledgers(request.user))
    year = quarters.today_in_shanghai().year
    if permissions.is_province(request.user):
        return redirect("ledger:overview", year=year)
    return redirect("ledger:unit_year", code=request.user.reviewer_unit.code, year=year)


@login_required
def unit_year(request, code: str, year: int):
    _require(permissions.can_use_ledgers(request.user))
    unit = get_object_or_404(Unit, code=code)
    if not permissions.can_see_unit(request.user, unit):
        raise Http404
    terms = terms_for(year)
    today = quarters.today_in_shanghai()
    ledgers = {
        ledger.quarter: ledger
        for ledger in Ledger.objects.of_unit(unit).of_year(year).with_counts().select_related("submitted_by")
    }
    rows = []
    for q in quarters.QUARTERS:
        ledger = ledgers.get(q)
        due = terms.due_date(q)
        rows.append(
            {
                "quarter": q,
                "ledger": ledger,
                "due": due,
                "timeliness": quarters.timeliness(ledger.first_submitted_at if ledger else None, due, today),
                "can_start": ledger is None
                and bool(permissions.can_start(request.user, unit))
                and today >= quarters.quarter_start(year, q),
            }
        )
    return render(
        request,
        "ledger/unit_year.html",
        {"unit": unit, "year": year, "terms": terms, "rows": rows, "province": permissions.is_province(request.user)},
    )


@login_required
@require_POST
def start(request, code: str, year: int, quarter: int):
    _require(permissions.can_use_ledgers(request.user))
    unit = get_object_or_404(Unit, code=code)
    if not permissions.can_see_unit(request.user, unit):
        raise Http404
    ledger = _act(request, filing.start, unit, year, quarter, request.user, success=_("已开始填报台账"))
    if ledger:
        return redirect("ledger:detail", pk=ledger.pk)
    return redirect("ledger:unit_year", code=code, year=year)


def _detail_context(request, ledger: Ledger, **forms) -> dict:
    terms = terms_for(ledger.year)
    fillable = bool(permissions.can_fill(request.user, ledger))
    context = {
        "ledger": ledger,
        "terms": terms,
        "due": ledger.due_date(terms),
        "timeliness": ledger.timeliness(terms),
        "activities": ledger.activities.prefetch_related("files"),
        "policies": ledger.policies.prefetch_related("files"),
        "fillable": fillable,
        "can_reopen": bool(permissions.can_reopen(request.user, ledger)),
        "history": Entry.objects.for_object(ledger).select_related("actor"),
        "activity_form": forms.get("activity_form") or ActivityForm(prefix="activity"),
        "policy_form": forms.get("policy_form") or PolicyForm(prefix="policy"),
        "material_form": MaterialUploadForm(),
        "policy_upload_form": PolicyUploadForm(),
    }
    context["forms_with_errors"] = [f for f in (context["activity_form"], context["policy_form"]) if f.errors]
    return context


@login_required
def detail(request, pk: int):
    ledger = _fetch(request, pk)
    return render(request, "ledger/detail.html", _detail_context(request, ledger))


# --- rows ---------------------------------------------------------------------------------------------

ROWS = {
    "activities": (Activity, ActivityForm, filing.save_activity, filing.delete_activity, _("活动")),
    "policies": (PolicyItem, PolicyForm, filing.save_policy, filing.delete_policy, _("政策")),
}


def _row_kind(kind: str):
    if kind not in ROWS:
        raise Http404
    return ROWS[kind]


@login_required
@require_POST
def row_add(request, pk: int, kind: str):
    ledger = _fetch(request, pk)
    model, form_class, save, _delete, _label = _row_kind(kind)
    prefix = "activity" if model is Activity else "policy"
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid() and _act(request, save, ledger, form.instance, request.user, success=_("已添加")):
        return redirect(_detail(pk, kind))
    # Invalid, or refused by the door (the messages say why): the page again, keeping what was typed.
    return render(request, "ledger/detail.html", _detail_context(request, ledger, **{f"{prefix}_form": form}))


@login_required
def row_edit(request, pk: int, kind: str, row: int):
    ledger = _fetch(request, pk)
    model, form_class, save, _delete, label = _row_kind(kind)
    instance = get_object_or_404(model, pk=row, ledger=ledger)
    verdict = permissions.can_fill(request.user, ledger)
    if not verdict:  # a locked ledger, or the province: say so instead of showing a form that cannot save
        messages.error(request, verdict.reason)
        return redirect(_detail(pk, kind))
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        if _act(request, save, ledger, form.instance, request.user, success=_("已保存")):
            return redirect(_detail(pk, kind))
    return render(request, "ledger/row_form.html", {"ledger": ledger, "form": form, "label": label, "kind": kind})


@login_required
@require_POST
def row_delete(request, pk: int, kind: str, row: int):
    ledger = _fetch(request, pk)
    model, _form, _save, delete, _label = _row_kind(kind)
    instance = get_object_or_404(model, pk=row, ledger=ledger)
    _act(request, delete, instance, request.user, success=_("已删除"))
    return redirect(_detail(pk, kind))


# --- attachments --------------------------------------------------------------------------------------


@login_required
@require_POST
def upload(request, pk: int, kind: str, row: int):
    ledger = _fetch(request, pk)
    model = _row_kind(kind)[0]
    instance = get_object_or_404(model, pk=row, ledger=ledger)
    form = (PolicyUploadForm if model is PolicyItem else MaterialUploadForm)(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要上传的文件"))
    else:
        slot = form.cleaned_data.get("slot", Attachment.Slot.MATERIAL)
        name = form.cleaned_data["file"].name
        _act(
            request,
            filing.attach,
            instance,
            form.cleaned_data["file"],
            request.user,
            slot,
            success=_("已上传“%(name)s”") % {"name": name},
        )
    return redirect(_detail(pk, kind))


@login_required
@require_POST
def attachment_delete(request, pk: int, attachment: int):
    ledger = _fetch(request, pk)
    item = get_object_or_404(Attachment, pk=attachment, ledger=ledger)
    _act(request, filing.detach, item, request.user, success=_("已删除附件"))
    return redirect(_detail(pk, "policies" if item.policy_id else "activities"))


@login_required
def attachment_download(request, pk: int, attachment: int):
    ledger = _fetch(request, pk)
    item = get_object_or_404(Attachment, pk=attachment, ledger=ledger)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name)


# --- transitions --------------------------------------------------------------------------------------


@login_required
def submit(request, pk: int):
    ledger = _fetch(request, pk)
    if request.method == "POST":
        if _act(request, filing.submit, ledger, request.user, success=_("台账已报送")):
            return redirect(_detail(pk))
        return redirect("ledger:submit", pk=pk)
    _require(permissions.can_fill(request.user, ledger))
    terms = terms_for(ledger.year)
    return render(
        request,
        "ledger/submit.html",
        {
            "ledger": ledger,
            "due": ledger.due_date(terms),
            "late_now": quarters.today_in_shanghai() > ledger.due_date(terms),
            "problems": filing.submission_problems(ledger),
            "warnings": filing.submission_warnings(ledger),
        },
    )


@login_required
def reopen(request, pk: int):
    ledger = _fetch(request, pk)
    _require(permissions.can_reopen(request.user, ledger))
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        if _act(request, filing.reopen, ledger, request.user, reason, success=_("已退回台账并通知该单位")):
            return redirect(_detail(pk))
    return render(request, "ledger/reopen.html", {"ledger": ledger, "form": form})


# --- exports ------------------------------------------------------------------------------------------


def _download(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@login_required
def export_xlsx(request, pk: int):
    ledger = _fetch(request, pk)
    return _download(xlsx.ledger_workbook(ledger), XLSX, form_a.filename(ledger, "xlsx"))


@login_required
def export_docx(request, pk: int):
    ledger = _fetch(request, pk)
    return _download(word.ledger_document(ledger), DOCX, form_a.filename(ledger, "docx"))


# --- the province -------------------------------------------------------------------------------------


@login_required
def overview_page(request, year: int):
    _require(permissions.can_see_overview(request.user))
    return render(
        request,
        "ledger/overview.html",
        {
            "overview": overview.year_overview(year),
            "year": year,
            "categories": Activity.Category.labels,
            "kinds": PolicyItem.Kind.labels,
        },
    )


@login_required
def overview_xlsx(request, year: int):
    _require(permissions.can_see_overview(request.user))
    data = xlsx.overview_workbook(overview.year_overview(year))
    return _download(data, XLSX, f"{year}年知识产权金融工作台账报送情况.xlsx")


@login_required
def plan_years(request):
    _require(permissions.can_edit_plan(request.user))
    form = PlanYearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _act(request, plans.save_plan_year, form.instance, request.user, success=_("已保存年度计划参数")):
            return redirect("ledger:plan_years")
    return render(request, "ledger/plan_years.html", {"plans": PlanYear.objects.all(), "form": form})


@login_required
def plan_year_edit(request, year: int):
    _require(permissions.can_edit_plan(request.user))
    plan = get_object_or_404(PlanYear, year=year)
    form = PlanYearForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        if _act(request, plans.save_plan_year, form.instance, request.user, success=_("已保存年度计划参数")):
            return redirect("ledger:plan_years")
    return render(request, "ledger/plan_year_form.html", {"plan": plan, "form": form})
