"""Patent pages (the enterprise's list, a patent, the reviewer's status check) and the past-awards pages."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import fetch_visible
from audit.models import Entry
from calls.models import Programme
from jobs.running import on_celery

from . import imports, permissions, records
from . import jobs as patent_jobs
from .forms import CommitForm, PatentForm, StatusForm, UploadForm
from .models import PastAward, Patent

PAGE_SIZE = 50
SESSION_TOKENS = "patents.previewed_imports"  # token -> file name, for the previews this user has seen


def _require(verdict) -> None:
    if not verdict:
        raise PermissionDenied(verdict.reason)


@login_required
def patent_list(request):
    _require(permissions.can_list_patents(request.user))
    q = request.GET.get("q", "")
    patents = permissions.visible_patents(request.user).search(q).order_by("enterprise__name", "number", "pk")
    page = Paginator(patents, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "patents/list.html",
        {"page": page, "q": q, "can_add": permissions.can_add_patent(request.user)},
    )


@login_required
def patent_detail(request, pk: int):
    patent = fetch_visible(permissions.visible_patents(request.user), pk=pk)
    return render(
        request,
        "patents/detail.html",
        {
            "patent": patent,
            "owner_matches": patent.owner_is(patent.enterprise),
            "can_edit": permissions.can_edit_patent(request.user, patent),
            "can_confirm": permissions.can_confirm_status(request.user, patent),
            "status_form": StatusForm(initial={"status": patent.legal_status}),
            "history": Entry.objects.for_object(patent).order_by("-id"),
        },
    )


@login_required
def patent_add(request):
    _require(permissions.can_add_patent(request.user))
    form = PatentForm(request.POST or None, instance=Patent(enterprise=request.user.enterprise))
    if request.method == "POST" and form.is_valid():
        try:
            patent = records.add_patent(form.save(commit=False), request.user)
        except IntegrityError:  # the same number added a moment earlier in another tab
            form.add_error("number", _("本企业已登记该专利号"))
        else:
            messages.success(request, _("已登记专利 %(number)s") % {"number": patent.number})
            return redirect("patents:detail", pk=patent.pk)
    return render(request, "patents/form.html", {"form": form, "patent": None})


@login_required
def patent_edit(request, pk: int):
    patent = fetch_visible(permissions.visible_patents(request.user), pk=pk)
    _require(permissions.can_edit_patent(request.user, patent))
    form = PatentForm(request.POST or None, instance=patent)
    if request.method == "POST" and form.is_valid():
        try:
            records.change_patent(form.save(commit=False), request.user, form.changed_data)
        except IntegrityError:
            form.add_error("number", _("本企业已登记该专利号"))
        else:
            messages.success(request, _("专利信息已保存"))
            return redirect("patents:detail", pk=patent.pk)
    return render(request, "patents/form.html", {"form": form, "patent": patent})


@login_required
@require_POST
def confirm_status(request, pk: int):
    patent = fetch_visible(permissions.visible_patents(request.user), pk=pk)
    _require(permissions.can_confirm_status(request.user, patent))
    form = StatusForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("patents:detail", pk=pk)
    try:
        records.confirm_status(patent, request.user, **form.cleaned_data)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已记录法律状态核实结果"))
    return redirect("patents:detail", pk=pk)


# --- past awards ----------------------------------------------------------------------------------------------


@login_required
def past_award_list(request):
    _require(permissions.can_manage_past_awards(request.user))
    awards = PastAward.objects.select_related("source_import").search(request.GET.get("q", ""))
    year = request.GET.get("year", "")
    if year.isdigit():
        awards = awards.filter(year=int(year))
    programme = request.GET.get("programme", "")
    if programme in Programme.values:
        awards = awards.filter(programme=programme)
    page = Paginator(awards.order_by("-year", "programme", "uscc", "patent_number", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "patents/past_awards.html",
        {
            "page": page,
            "q": request.GET.get("q", ""),
            "year": year,
            "programme": programme,
            "programmes": Programme.choices,
            "years": range(timezone.localdate().year, imports.FIRST_YEAR - 1, -1),
        },
    )


@login_required
def past_award_template(request):
    _require(permissions.can_manage_past_awards(request.user))
    response = HttpResponse(
        imports.template(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    # An ASCII name for old browsers, the Chinese one (历年补助导入模板.xlsx) for the rest (RFC 6266).
    response["Content-Disposition"] = "attachment; filename=\"past-awards-template.xlsx\"; filename*=UTF-8''" + quote(
        "历年补助导入模板.xlsx"
    )
    return response


@login_required
def past_award_import(request):
    """GET: the upload form. POST a file: check it and show the preview. POST a token: commit that file."""
    _require(permissions.can_manage_past_awards(request.user))
    previewed = request.session.get(SESSION_TOKENS, {})
    if request.method == "POST" and "token" in request.POST:
        form = CommitForm(request.POST)
        token = form.data.get("token", "")
        if not form.is_valid() or token not in previewed:
            messages.error(request, _("没有找到您预览过的这个文件，请重新上传"))
            return redirect("patents:past_award_import")
        if on_celery():  # the workers commit it; the job's page shows the outcome
            job = patent_jobs.start(token, previewed.pop(token), request.user)
            request.session[SESSION_TOKENS] = previewed
            return redirect("jobs:detail", pk=job.pk)
        try:
            content = imports.staged(token)
            batch = imports.commit(content, previewed[token], request.user)
        except imports.StagedFileMissing as exc:
            messages.error(request, str(exc))
            return redirect("patents:past_award_import")
        except imports.ImportRefused as exc:
            return render(
                request, "patents/import.html", {"form": UploadForm(), "preview": exc.preview, "refused": True}
            )
        imports.discard(token)
        previewed.pop(token, None)
        request.session[SESSION_TOKENS] = previewed
        messages.success(request, _("已导入“%(file)s”，共%(n)d行") % {"file": batch.file_name, "n": batch.row_count})
        return redirect("patents:past_awards")

    form = UploadForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > imports.MAX_UPLOAD_BYTES:
            form.add_error("file", _("文件超过20MB，请拆分后分批导入"))
        else:
            content = upload.read()
            preview = imports.check_file(content, upload.name)
            if preview.ok:
                token = imports.stage(content)
                previewed[token] = upload.name
                request.session[SESSION_TOKENS] = previewed
    return render(
        request,
        "patents/import.html",
        {
            "form": form,
            "preview": preview,
            "commit_form": CommitForm(initial={"token": preview.sha256}) if preview and preview.ok else None,
        },
    )
