"""Thin views: fetch within the user's scope (404 outside it), ask the named permission, call one domain function."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import masking
from accounts.permissions import fetch_visible
from home.listing import chosen_sort
from jobs.running import on_celery
from patents.xlsx import WorkbookRefused
from places.models import Unit

from . import formb, imports, permissions, plans, progress, responses, statistics, whitelist, xlsx
from .forms import ExportForm, KeyListForm, PlanForm, SelectionForm, SendForm, SurveyForm, UploadForm
from .models import ImportStatus, KeyEnterprise, SurveyPlan, SurveyResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require(verdict) -> None:
    if not verdict:
        raise PermissionDenied(verdict.reason)


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _attachment(content: bytes, ascii_name: str, chinese_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''" + quote(chinese_name)
    return response


@login_required
def index(request):
    if request.user.enterprise is not None:
        return redirect("survey:fill")
    _require(permissions.can_see_unit_work(request.user))
    return redirect("survey:progress")


# --- the enterprise ----------------------------------------------------------------------------------------------


def _sections(form) -> list[tuple[str, list]]:
    grouped: dict[int, list] = {}
    for column in formb.COLUMNS:
        if column.field in form.fields:
            grouped.setdefault(column.section, []).append((form[column.field], column.unit))
    return [(formb.SECTIONS[number], fields) for number, fields in sorted(grouped.items())]


@login_required
def fill(request):
    _require(permissions.can_fill(request.user))
    enterprise, year = request.user.enterprise, _year(request)
    previous = responses.current_for(enterprise, year)
    if request.method == "POST":
        form = SurveyForm(request.POST)
        if form.is_valid():
            saved = responses.submit(enterprise, year, form.cleaned_data, request.user)
            messages.success(request, _("已提交%(year)d年信息采集表（第%(v)d版）") % {"year": year, "v": saved.version})
            return redirect("survey:detail", pk=saved.pk)
    else:
        form = SurveyForm(initial=SurveyForm.initial_for(enterprise, previous))
    return render(
        request,
        "survey/fill.html",
        {
            "form": form,
            "sections": _sections(form),
            "enterprise": enterprise,
            "year": year,
            "previous": previous,
            "plan": SurveyPlan.for_year(year),
        },
    )


@login_required
def detail(request, pk: int):
    response = fetch_visible(permissions.visible_responses(request.user), pk=pk)
    rows = []
    for column in formb.COLUMNS:
        value = getattr(response, column.field)
        if column.kind == "choice":
            value = getattr(response, f"get_{column.field}_display")()
        elif column.kind == "bool":
            value = "" if value is None else (_("是") if value else _("否"))
        elif column.kind == "purposes":
            value = "、".join(response.purpose_labels)
        elif column.kind == "banks":
            value = "、".join(value)
        elif column.kind == "month":
            value = f"{value.year}年{value.month}月"
        elif column.field == "contact_phone":
            value = masking.phone_for(request.user, value, response)
        rows.append((formb.SECTIONS[column.section], column.header, value, column.unit))
    versions = SurveyResponse.objects.filter(enterprise=response.enterprise, year=response.year).order_by("-version")
    return render(request, "survey/detail.html", {"response": response, "rows": rows, "versions": versions})


# --- a unit's work -------------------------------------------------------------------------------------------------


# "key": the key enterprises of the year first (the default order of ``key_first``)
RESPONSE_SORTS = {
    "key": ["pk"],
    "name": ["name", "pk"],
    "amount": ["amount_sought", "pk"],
    "submitted": ["submitted_at", "pk"],
}


@login_required
def response_list(request):
    _require(permissions.can_see_unit_work(request.user))
    year = _year(request)
    found = permissions.visible_responses(request.user).current().of_year(year).key_first()
    unit_code = request.GET.get("unit", "")
    if unit_code and request.user.is_province_admin:
        found = found.filter(enterprise__unit__code=unit_code)
    q = request.GET.get("q", "").strip()
    if q:
        found = found.filter(Q(name__icontains=q) | Q(uscc__icontains=q.upper()))
    sort, order = chosen_sort(request, RESPONSE_SORTS, "key")
    if sort != "key":
        found = found.order_by(*order)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "survey/list.html",
        {
            "page": page,
            "q": q,
            "year": year,
            "unit_code": unit_code,
            "units": Unit.objects.all() if request.user.is_province_admin else None,
        },
    )


@login_required
def template_download(request):
    _require(permissions.can_see_unit_work(request.user))
    year = _year(request)
    return _attachment(xlsx.template(year), f"survey-template-{year}.xlsx", f"{year}年融资需求信息采集表导入模板.xlsx")


@login_required
def import_upload(request):
    user = request.user
    _require(permissions.can_see_unit_work(user))
    year = _year(request)
    form = UploadForm(request.POST or None, request.FILES or None, province=user.is_province_admin)
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data.get("unit") or user.reviewer_unit
        upload = form.cleaned_data["file"]
        if upload.size > xlsx.MAX_UPLOAD_BYTES:
            form.add_error("file", _("文件超过%(mb)dMB，请拆分后分批导入") % {"mb": xlsx.MAX_UPLOAD_BYTES // 2**20})
        else:
            try:
                batch = imports.receive(upload.read(), upload.name, unit, year, user)
            except WorkbookRefused as exc:
                form.add_error("file", str(exc.problem))
            else:
                return redirect("survey:import_detail", pk=batch.pk)
    recent = permissions.visible_imports(user).select_related("unit", "uploaded_by")[:20]
    return render(request, "survey/import.html", {"form": form, "year": year, "recent": recent})


@login_required
def import_detail(request, pk: int):
    batch = fetch_visible(permissions.visible_imports(request.user).select_related("unit"), pk=pk)
    return render(request, "survey/import_detail.html", {"batch": batch, "running": _running(batch)})


def _running(batch) -> bool:
    return batch.status in (ImportStatus.QUEUED, ImportStatus.CHECKING, ImportStatus.WRITING)


@login_required
@require_POST
def import_run(request, pk: int):
    batch = fetch_visible(permissions.visible_imports(request.user).select_related("unit"), pk=pk)
    if on_celery():
        imports.queue(batch, request.user)  # the detail page polls the import's progress
        batch.refresh_from_db()
    else:
        imports.run(batch, request.user)
    if request.headers.get("accept", "").startswith("application/json"):
        return JsonResponse(_progress_json(batch))
    return redirect("survey:import_detail", pk=batch.pk)


def _progress_json(batch) -> dict:
    return {
        "status": batch.status,
        "status_label": batch.get_status_display(),
        "total": batch.total_rows,
        "processed": batch.processed_rows,
        "percent": batch.percent,
        "problems": batch.problem_count,
    }


@login_required
def import_progress(request, pk: int):
    batch = fetch_visible(permissions.visible_imports(request.user), pk=pk)
    return JsonResponse(_progress_json(batch))


@login_required
def import_marked(request, pk: int):
    batch = fetch_visible(permissions.visible_imports(request.user), pk=pk)
    if not batch.marked_file:
        return redirect("survey:import_detail", pk=batch.pk)
    stem = batch.file_name.rsplit(".", 1)[0]
    return FileResponse(
        batch.marked_file.open("rb"), as_attachment=True, filename=f"{stem}-错误标注.xlsx", content_type=XLSX
    )


@login_required
def progress_page(request):
    _require(permissions.can_see_unit_work(request.user))
    year = _year(request)
    unit = request.user.reviewer_unit
    units = None if request.user.is_province_admin else [unit]
    lines = progress.for_year(year, units)
    plan = SurveyPlan.for_year(year)
    return render(
        request,
        "survey/progress.html",
        {
            "lines": lines,
            "year": year,
            "plan": plan,
            "send_form": SendForm() if unit is not None else None,
            "now_late": timezone.localdate() > plan.deadline,
        },
    )


@login_required
@require_POST
def send(request):
    unit, year = request.user.reviewer_unit, _year(request)
    _require(permissions.can_send_batch(request.user, unit))
    form = SendForm(request.POST)
    sent = progress.send_batch(unit, year, request.user, form.data.get("note", ""))
    if sent.is_late:
        messages.warning(
            request,
            _("已向省局报送%(n)d家企业；晚于截止日期%(days)d天") % {"n": sent.response_count, "days": sent.days_late},
        )
    else:
        messages.success(request, _("已向省局报送%(n)d家企业") % {"n": sent.response_count})
    return redirect(reverse("survey:progress") + f"?year={year}")


@login_required
def statistics_page(request):
    _require(permissions.can_see_statistics(request.user))
    year = _year(request)
    return render(request, "survey/statistics.html", {"year": year, **statistics.for_year(year)})


# --- the white list ------------------------------------------------------------------------------------------------


def _selection(form) -> whitelist.Selection:
    if not form.is_valid():
        return whitelist.Selection()
    data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    return whitelist.Selection(**data)


@login_required
def whitelist_page(request):
    user = request.user
    _require(permissions.can_see_unit_work(user))
    year = _year(request)
    source = request.POST if request.method == "POST" else request.GET
    form = SelectionForm(source, province=user.is_province_admin)
    selection = _selection(form)
    export_form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and export_form.is_valid():
        try:
            sent = whitelist.export(
                user,
                year,
                selection,
                export_form.cleaned_data["recipient"],
                export_form.cleaned_data["recipient_name"],
            )
        except ValueError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("已导出白名单（%(n)d家企业）并记录") % {"n": sent.row_count})
            return redirect("survey:exports")
    found = whitelist.candidates(user, year, selection)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "survey/whitelist.html",
        {"form": form, "export_form": export_form, "page": page, "year": year, "count": found.count()},
    )


@login_required
def export_list(request):
    _require(permissions.can_see_unit_work(request.user))
    exports = permissions.visible_exports(request.user).select_related("unit", "exported_by")
    return render(request, "survey/exports.html", {"page": Paginator(exports, 50).get_page(request.GET.get("page"))})


@login_required
def export_download(request, pk: int):
    sent = fetch_visible(permissions.visible_exports(request.user), pk=pk)
    return FileResponse(
        sent.file.open("rb"), as_attachment=True, filename=f"{sent.year}年企业白名单-{sent.pk}.xlsx", content_type=XLSX
    )


# --- the province's plan --------------------------------------------------------------------------------------------


@login_required
def plan_edit(request):
    _require(permissions.can_manage_plan(request.user))
    year = _year(request)
    plan = SurveyPlan.for_year(year)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        plans.save_plan(form.save(commit=False), form.overrides(), request.user)
        messages.success(request, _("已保存%(year)d年计划") % {"year": form.instance.year})
        return redirect(reverse("survey:plan") + f"?year={form.instance.year}")
    return render(request, "survey/plan.html", {"form": form, "year": year})


@login_required
def key_enterprises(request):
    _require(permissions.can_manage_plan(request.user))
    year = _year(request)
    form = KeyListForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        entries, problems = plans.parse_key_list(form.cleaned_data["entries"])
        if problems:
            for problem in problems:
                form.add_error("entries", problem)
        else:
            n = plans.add_key_enterprises(year, entries, request.user)
            messages.success(request, _("已加入%(n)d家重点企业") % {"n": n})
            return redirect(reverse("survey:key_enterprises") + f"?year={year}")
    keys = KeyEnterprise.objects.filter(year=year).select_related("enterprise")
    return render(request, "survey/key_enterprises.html", {"form": form, "keys": keys, "year": year})
