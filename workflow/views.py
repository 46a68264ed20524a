"""The enterprise's side of an application, and the application's page that everyone concerned opens."""

from __future__ import annotations

import io
import zipfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import OperationalError, transaction
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from viewflow.workflow.exceptions import FlowLockFailed

from accounts.permissions import fetch_visible
from audit.models import Entry, record
from audit.transitions import TransitionNotAllowed
from calls.models import Call
from documents.models import Document
from scoring.facts import FactsError

from . import checks, letters, lifecycle, rights
from .flows import TASK_TITLES, end_of_day
from .forms import (
    DefectFormSet,
    ExtendForm,
    LoanForm,
    MaterialForm,
    OpinionForm,
    PayeeForm,
    PolicyForm,
    ReasonForm,
    RejectForm,
    ReturnForm,
)
from .models import Application, Material, Status


def _visible(user):
    return rights.visible_applications(user)


def _fetch(request, pk: int) -> Application:
    return fetch_visible(_visible(request.user), pk=pk)


def _require(verdict) -> None:
    if not verdict:
        raise PermissionDenied(verdict.reason)


def _act(request, action, *args, success: str, **kwargs):
    """Run one lifecycle action and turn its refusals into messages (never a 500, nothing half-written)."""
    try:
        result = action(*args, **kwargs)
    except lifecycle.Refused as exc:
        for problem in exc.problems:
            messages.error(request, problem)
        return None
    except TransitionNotAllowed as exc:
        messages.error(request, str(exc))
        return None
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("您无权进行此操作"))
        return None
    except (FlowLockFailed, OperationalError):
        messages.error(request, _("该申报正被他人或系统同时处理，操作未生效，请稍后重试"))
        return None
    messages.success(request, success)
    return result or True


@login_required
def my_applications(request):
    user = request.user
    enterprise = user.enterprise
    if enterprise is None:
        raise PermissionDenied(_("只有企业用户有“我的申报”"))
    applications = list(_visible(user).order_by("-created_at"))
    applied = {a.call_id for a in applications}
    today = timezone.localdate()
    calls = [c for c in Call.objects.filter(window_closes__gte=today).order_by("window_opens") if c.pk not in applied]
    return render(request, "workflow/mine.html", {"applications": applications, "calls": calls, "today": today})


@login_required
@require_POST
def create(request, call_pk: int):
    call = get_object_or_404(Call, pk=call_pk)
    application = _act(request, lifecycle.create_draft, call, request.user, success=_("已创建申报草稿"))
    if application:
        return redirect("workflow:detail", pk=application.pk)
    return redirect("workflow:mine")


def _documents(application):
    return Document.objects.filter(object_type=application._meta.label_lower, object_id=str(application.pk)).order_by(
        "-created_at"
    )


@login_required
def detail(request, pk: int, bound: dict | None = None):
    """The application's page; ``bound`` carries refused forms back with what was typed and their errors."""
    application = _fetch(request, pk)
    user = request.user
    items = list(application.items.prefetch_related("patents"))
    by_key = {item.item_key: item for item in items}
    facts_problem, precheck = None, None
    if application.is_editable:
        try:
            precheck = checks.summary(checks.precheck(application).as_dict(), by_key)
        except FactsError as exc:  # incomplete while drafting: say what is missing instead of failing
            facts_problem = "；".join(f"{path}：{message}" for path, message in exc.errors)
    elif application.precheck:
        precheck = checks.summary(application.precheck, by_key)
    task = rights.open_task(application)
    labels = {m.id: m.label for m in application.call.edition.spec.materials}
    materials = list(application.materials.filter(current=True).select_related("policy", "loan"))
    for material in materials:
        material.label = labels.get(material.material_id, material.material_id)
    context = {
        "application": application,
        "items": items,
        "materials": materials,
        "required": checks.required_materials(application),
        "checklist": checks.checklist(application, materials),
        "present": {(m.material_id, m.item_key) for m in materials},
        "precheck": precheck,
        "precheck_is_live": application.is_editable,
        "facts_problem": facts_problem,
        "task_title": TASK_TITLES.get(task.flow_task.name, task.flow_task.name) if task else "",
        "can_judge": application.status == Status.SUBMITTED
        and application.programme == "insurance"
        and rights.can_review(application, user),
        "history": Entry.objects.for_object(application).order_by("-id"),
        "reviews": application.reviews.select_related("reviewer"),
        "documents": _documents(application),
        "task": task,
        "can_edit": rights.can_edit(application, user),
        "can_submit": application.status == Status.DRAFT and rights.can_submit(application, user),
        "submit_block": rights.can_submit(application, user) if application.status == Status.DRAFT else None,
        "can_resubmit": application.status == Status.RETURNED and rights.can_answer_correction(application, user),
        "can_withdraw": application.status
        in [Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.PASSED, Status.RETURNED_TO_UNIT]
        and rights.can_withdraw(application, user),
        "can_review": application.status == Status.SUBMITTED and rights.can_review(application, user),
        "can_claim": application.status == Status.SUBMITTED and rights.can_claim(application, user),
        "can_extend": application.status == Status.LAPSED and rights.can_extend_correction(application, user),
        "can_return_to_unit": application.status == Status.FORWARDED and rights.is_province_admin(application, user),
        "can_reopen": application.status == Status.RETURNED_TO_UNIT and rights.can_claim(application, user),
        "opinion_form": OpinionForm(),
        "return_form": ReturnForm(),
        "defects": DefectFormSet(prefix="defects", initial=_suggested_defects(application, by_key)),
        "reject_form": RejectForm(),
        "open_decision": "",
        "reason_form": ReasonForm(),
        "extend_form": ExtendForm(),
        "material_form": MaterialForm(application=application),
        "payee_form": PayeeForm(
            enterprise=application.enterprise,
            initial={
                "bank_name": application.bank_name,
                "account_name": application.account_name,
                "account_number": application.account_number,
            },
        ),
        "masked_account": _mask(application.account_number),
        "show_account": rights.shows_full_account(application, user),
    }
    context.update(bound or {})
    return render(request, "workflow/detail.html", context, status=400 if bound else 200)


def _mask(number: str) -> str:
    return number if len(number) <= 4 else "*" * (len(number) - 4) + number[-4:]


def _suggested_defects(application, items: dict) -> list[dict]:
    """The rules' own notices for what needs correcting, offered to the reviewer as a starting list."""
    found = []
    for condition in application.precheck.get("conditions", []):
        if condition.get("status") == "needs_correction":
            found.append({"item": "", "problem": condition.get("label", ""), "provide": condition.get("notice", "")})
    for key, item in application.precheck.get("items", {}).items():
        for condition in item.get("conditions", []):
            if condition.get("status") == "needs_correction":
                label = str(items.get(key, key))
                found.append(
                    {"item": label, "problem": condition.get("label", ""), "provide": condition.get("notice", "")}
                )
    return found[:30]


# --- editing a draft or a returned application ------------------------------------------------------


def _item_view(request, pk: int, item_pk: int | None, form_class, related: str, kind: str):
    application = _fetch(request, pk)
    _require(rights.can_edit(application, request.user))
    if (application.programme == "insurance") != (kind == "policy"):
        raise PermissionDenied(_("该申报的补助项目不填报此类事项"))
    instance = get_object_or_404(getattr(application, related), pk=item_pk) if item_pk else None
    form = form_class(request.POST or None, instance=instance)
    form.instance.application = application  # so the form's own check of "one number per application" runs
    form.limit_patents(application.enterprise)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        try:
            item.full_clean()
        except ValidationError as exc:  # e.g. the same policy number twice in one application
            form.add_error(None, exc)
        else:
            with transaction.atomic():
                item.save()
                form.save_m2m()
                record(request.user, f"workflow.{kind}.saved", application, item=str(item))
            messages.success(request, _("已保存"))
            return redirect("workflow:detail", pk=pk)
    return render(request, "workflow/item_form.html", {"form": form, "application": application, "instance": instance})


@login_required
def policy_edit(request, pk: int, item_pk: int | None = None):
    return _item_view(request, pk, item_pk, PolicyForm, "policies", "policy")


@login_required
def loan_edit(request, pk: int, item_pk: int | None = None):
    return _item_view(request, pk, item_pk, LoanForm, "loans", "loan")


@login_required
@require_POST
def item_delete(request, pk: int, kind: str, item_pk: int):
    application = _fetch(request, pk)
    _require(rights.can_edit(application, request.user))
    related = {"policy": "policies", "loan": "loans"}.get(kind)
    if related is None:
        raise PermissionDenied
    item = get_object_or_404(getattr(application, related), pk=item_pk)
    with transaction.atomic():
        record(request.user, f"workflow.{kind}.deleted", application, item=str(item))
        item.delete()
    messages.success(request, _("已删除"))
    return redirect("workflow:detail", pk=pk)


@login_required
@require_POST
def payee_edit(request, pk: int):
    application = _fetch(request, pk)
    _require(rights.can_edit(application, request.user))
    form = PayeeForm(request.POST, enterprise=application.enterprise)
    if form.is_valid():
        with transaction.atomic():
            Application.objects.filter(pk=pk).update(**form.cleaned_data)
            record(request.user, "workflow.application.payee_saved", application, bank=form.cleaned_data["bank_name"])
        messages.success(request, _("收款账户已保存"))
    else:
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label}：{error}")
    return redirect(f"{_detail_url(pk)}#payee")


@login_required
@require_POST
def material_upload(request, pk: int):
    application = _fetch(request, pk)
    _require(rights.can_edit(application, request.user))
    form = MaterialForm(request.POST, request.FILES, application=application)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}：{error}" if label else error)
        return redirect(f"{_detail_url(pk)}#materials")
    checked = form.cleaned_data["file"]
    item = form.items.get(form.cleaned_data["item"] or "")
    with transaction.atomic():
        previous = application.materials.filter(material_id=form.cleaned_data["material"], current=True)
        previous = (
            previous.filter(policy=item) if item is not None and application.programme == "insurance" else previous
        )
        previous = (
            previous.filter(loan=item) if item is not None and application.programme == "loan_interest" else previous
        )
        if item is None:
            previous = previous.filter(policy__isnull=True, loan__isnull=True)
        previous.update(current=False)
        material = Material(
            application=application,
            material_id=form.cleaned_data["material"],
            policy=item if application.programme == "insurance" else None,
            loan=item if application.programme == "loan_interest" else None,
            original_name=checked.name,
            extension=checked.extension,
            kind=checked.kind,
            size=len(checked.data),
            sha256=Material.digest(checked.data),
            uploaded_by=request.user,
        )
        material.file.save(checked.name, ContentFile(checked.data), save=False)
        material.save()
        record(
            request.user,
            "workflow.material.uploaded",
            application,
            material=material.material_id,
            file=checked.name,
            sha256=material.sha256,
        )
    messages.success(request, _("已上传“%(name)s”") % {"name": checked.name})
    return redirect(f"{_detail_url(pk)}#materials")


@login_required
def material_download(request, pk: int, material_pk: int):
    application = _fetch(request, pk)
    material = get_object_or_404(application.materials, pk=material_pk)
    return FileResponse(material.file.open("rb"), as_attachment=True, filename=material.original_name)


@login_required
def materials_zip(request, pk: int):
    application = _fetch(request, pk)
    buffer = io.BytesIO()
    labels = {m.id: m.label for m in application.call.edition.spec.materials}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, material in enumerate(
            application.materials.filter(current=True).select_related("policy", "loan"), start=1
        ):
            prefix = labels.get(material.material_id, material.material_id)
            if material.item_key:
                prefix += f"-{material.policy or material.loan}"
            with material.file.open("rb") as handle:
                archive.writestr(f"{n:02d}-{prefix}-{material.original_name}", handle.read())
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{application.number or application.pk}-materials.zip"'
    return response


@login_required
@require_POST
def print_document(request, pk: int, kind: str):
    """申报书 / 诚信承诺书, filled from what the enterprise entered, for printing and sealing."""
    application = _fetch(request, pk)
    _require(rights.can_edit(application, request.user))
    makers = {"application_form": letters.application_form, "integrity_pledge": letters.integrity_pledge}
    if kind not in makers:
        raise PermissionDenied
    with transaction.atomic():
        document = makers[kind](application, request.user)
    return redirect("documents:docx", pk=document.pk)


# --- the enterprise's transitions ---------------------------------------------------------------------


@login_required
@require_POST
def submit(request, pk: int):
    application = _fetch(request, pk)
    if application.status == Status.RETURNED:
        _act(request, lifecycle.resubmit, application, request.user, success=_("补正材料已提交，等待市局继续初审"))
    else:
        _act(request, lifecycle.submit, application, request.user, success=_("申报已提交，受理回执已生成"))
    return redirect("workflow:detail", pk=pk)


@login_required
@require_POST
def withdraw(request, pk: int):
    application = _fetch(request, pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    _act(request, lifecycle.withdraw, application, request.user, reason, success=_("申报已撤回"))
    return redirect("workflow:detail", pk=pk)


# --- the reviewer's decisions (on the application's page) -------------------------------------------


@login_required
@require_POST
def claim(request, pk: int):
    application = _fetch(request, pk)
    _act(request, lifecycle.claim, application, request.user, success=_("已领取，其他审核员将看到由您办理"))
    return redirect("workflow:detail", pk=pk)


@login_required
@require_POST
def release(request, pk: int):
    application = _fetch(request, pk)
    _act(request, lifecycle.release, application, request.user, success=_("已释放"))
    return redirect("workflow:detail", pk=pk)


@login_required
@require_POST
def decide(request, pk: int, decision: str):
    """Pass, return (every defect at once) or reject. A refused decision comes back with what was typed."""
    application = _fetch(request, pk)
    user = request.user
    if decision == "pass":
        form = OpinionForm(request.POST)
        bound = {"opinion_form": form, "open_decision": "pass"}
        done = form.is_valid() and _act(
            request,
            lifecycle.pass_review,
            application,
            user,
            form.cleaned_data["opinion"],
            success=_("初审通过，已进入待报送列表"),
        )
    elif decision == "return":
        form = ReturnForm(request.POST)
        defects = DefectFormSet(request.POST, prefix="defects")
        valid = defects.is_valid()
        if not defects.management_form.is_valid():  # a broken page: start the list again rather than fail
            defects = DefectFormSet(prefix="defects")
            messages.error(request, _("补正事项表单不完整，请重新填写"))
        bound = {"return_form": form, "defects": defects, "open_decision": "return"}
        done = (
            form.is_valid()
            and valid
            and _act(
                request,
                lifecycle.return_for_correction,
                application,
                user,
                [row for row in defects.cleaned_data if row],
                end_of_day(form.cleaned_data["reply_deadline"]),
                form.cleaned_data["opinion"],
                success=_("已退回补正，补正通知书已生成"),
            )
        )
    elif decision == "reject":
        form = RejectForm(request.POST)
        bound = {"reject_form": form, "open_decision": "reject"}
        done = form.is_valid() and _act(
            request,
            lifecycle.reject,
            application,
            user,
            form.cleaned_data["reason_codes"],
            form.cleaned_data["reason"],
            success=_("已作出不予通过的初审结论"),
        )
    else:
        raise PermissionDenied
    if done:
        return redirect("workflow:detail", pk=pk)
    if done is False:  # the forms themselves were refused (a refused action already said why)
        messages.error(request, _("提交未成功，请按表单中的提示修改后重新提交"))
    return detail(request, pk, bound=bound)


@login_required
@require_POST
def judge(request, pk: int):
    """The reviewer's judgements the 2021 insurance measures leave to people (core patent, real need)."""
    application = _fetch(request, pk)
    choice = {"yes": True, "no": False}
    values = {}
    for policy in application.policies.all():
        core = choice.get(request.POST.get(f"core_{policy.pk}", ""))
        need = choice.get(request.POST.get(f"need_{policy.pk}", ""))
        if core is None or need is None:
            messages.error(request, _("请对每一份保单的两项判断都选择“是”或“否”"))
            return redirect("workflow:detail", pk=pk)
        values[policy.pk] = (core, need)
    _act(
        request,
        lifecycle.record_judgements,
        application,
        request.user,
        values,
        success=_("审核判断已保存，预审结果已更新"),
    )
    return redirect("workflow:detail", pk=pk)


@login_required
@require_POST
def extend(request, pk: int):
    application = _fetch(request, pk)
    form = ExtendForm(request.POST)
    if form.is_valid():
        deadline = end_of_day(form.cleaned_data["reply_deadline"])
        _act(
            request,
            lifecycle.extend_correction,
            application,
            request.user,
            deadline,
            form.cleaned_data["reason"],
            success=_("补正期限已延长"),
        )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("workflow:detail", pk=pk)


@login_required
@require_POST
def return_to_unit(request, pk: int):
    application = _fetch(request, pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    _act(request, lifecycle.return_to_unit, application, request.user, reason, success=_("已退回市局"))
    return redirect("workflow:detail", pk=pk)


@login_required
@require_POST
def reopen(request, pk: int):
    application = _fetch(request, pk)
    _act(request, lifecycle.reopen_review, application, request.user, success=_("已重新进入初审"))
    return redirect("workflow:detail", pk=pk)


def _detail_url(pk: int) -> str:
    from django.urls import reverse

    return reverse("workflow:detail", args=[pk])
