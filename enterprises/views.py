"""Enterprise pages: registration, the directory, a profile, the unit's decision, qualifications."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import fetch_visible
from audit.models import Entry, record
from audit.transitions import TransitionNotAllowed
from places.models import Unit

from . import permissions, registration
from .forms import DecisionForm, EnterpriseForm, QualificationForm, RegistrantForm
from .models import Enterprise, RegistrationStatus

PAGE_SIZE = 50


def register(request):
    if request.user.is_authenticated:
        return redirect("home:index")
    enterprise_form = EnterpriseForm(request.POST or None, prefix="e")
    user_form = RegistrantForm(request.POST or None, prefix="u")
    if request.method == "POST" and enterprise_form.is_valid() and user_form.is_valid():
        try:
            enterprise = registration.register(
                enterprise=enterprise_form.save(commit=False),
                user=user_form.save(commit=False),
                password=user_form.cleaned_data["password1"],
            )
        except IntegrityError:  # someone registered the same code a moment earlier
            enterprise_form.add_error("uscc", Enterprise._meta.get_field("uscc").error_messages["unique"])
        else:
            login(request, user_form.instance, backend="accounts.backends.RoleBackend")
            messages.success(
                request,
                _("注册成功。%(authority)s确认前，您可以完善企业信息和准备申报材料，但不能提交申报。")
                % {"authority": enterprise.unit.authority},
            )
            for warning in enterprise.uscc_warnings:
                messages.warning(request, warning)
            return redirect("home:index")
    return render(
        request,
        "enterprises/register.html",
        {
            "enterprise_form": enterprise_form,
            "user_form": user_form,
            "error_forms": [form for form in (enterprise_form, user_form) if form.errors],
        },
    )


@login_required
def enterprise_list(request):
    verdict = permissions.can_list_enterprises(request.user)
    if not verdict:
        raise PermissionDenied(verdict.reason)
    enterprises = permissions.visible_enterprises(request.user).search(request.GET.get("q", ""))
    status = request.GET.get("status", "")
    if status in RegistrationStatus.values:
        enterprises = enterprises.filter(registration_status=status)
    unit_code = request.GET.get("unit", "")
    if unit_code:
        enterprises = enterprises.filter(unit__code=unit_code)
    sort = request.GET.get("sort", "")
    sortable = {"name": "name", "-name": "-name", "created": "created_at", "-created": "-created_at"}
    if sort in sortable:
        enterprises = enterprises.order_by(sortable[sort], "pk")
    elif status == RegistrationStatus.PENDING:
        enterprises = enterprises.order_by("created_at", "pk")  # oldest waiting first
    page = Paginator(enterprises, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "enterprises/list.html",
        {
            "page": page,
            "status": status,
            "statuses": RegistrationStatus.choices,
            "units": Unit.objects.all() if request.user.reviewer_unit is None else [],
            "unit_code": unit_code,
            "q": request.GET.get("q", ""),
            "sort": sort,
        },
    )


@login_required
def enterprise_detail(request, pk: int):
    enterprise = fetch_visible(permissions.visible_enterprises(request.user), pk=pk)
    user = request.user
    return render(
        request,
        "enterprises/detail.html",
        {
            "enterprise": enterprise,
            "qualifications": enterprise.qualifications.all(),
            "members": enterprise.user_roles.select_related("user"),
            "history": Entry.objects.for_object(enterprise).select_related("actor").order_by("-id"),
            "can_decide": permissions.can_decide_registration(user, enterprise)
            and enterprise.registration_status == RegistrationStatus.PENDING,
            "can_edit": permissions.can_edit_enterprise(user, enterprise),
            "can_resubmit": permissions.can_resubmit_registration(user, enterprise)
            and enterprise.registration_status == RegistrationStatus.REFUSED,
            "decision_form": DecisionForm(),
            "qualification_form": QualificationForm(),
        },
    )


@login_required
def enterprise_edit(request, pk: int):
    enterprise = fetch_visible(permissions.visible_enterprises(request.user), pk=pk)
    verdict = permissions.can_edit_enterprise(request.user, enterprise)
    if not verdict:
        raise PermissionDenied(verdict.reason)
    locked = not permissions.can_change_identity(request.user, enterprise)
    form = EnterpriseForm(request.POST or None, instance=enterprise, identity_locked=locked)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            changed = {name: str(form.cleaned_data[name]) for name in form.changed_data}
            form.save()
            if changed:
                record(request.user, "enterprises.enterprise.edited", enterprise, changed=changed)
        messages.success(request, _("企业信息已保存"))
        return redirect("enterprises:detail", pk=enterprise.pk)
    return render(request, "enterprises/form.html", {"form": form, "enterprise": enterprise})


@login_required
def enterprise_create(request):
    verdict = permissions.can_create_enterprise(request.user)
    if not verdict:
        raise PermissionDenied(verdict.reason)
    form = EnterpriseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        enterprise = registration.create_by_province(enterprise=form.save(commit=False), by=request.user)
        messages.success(request, _("企业已创建并确认"))
        return redirect("enterprises:detail", pk=enterprise.pk)
    return render(request, "enterprises/form.html", {"form": form, "enterprise": None})


@login_required
@require_POST
def decide_registration(request, pk: int):
    enterprise = fetch_visible(permissions.visible_enterprises(request.user), pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("enterprises:detail", pk=pk)
    try:
        if form.cleaned_data["decision"] == "confirm":
            registration.confirm(enterprise, request.user, form.cleaned_data["note"])
            messages.success(request, _("已确认“%(name)s”的注册") % {"name": enterprise.name})
        else:
            registration.refuse(enterprise, request.user, form.cleaned_data["note"])
            messages.success(request, _("已不予确认“%(name)s”的注册，企业将看到原因") % {"name": enterprise.name})
    except TransitionNotAllowed as exc:
        messages.error(request, str(exc))
    next_pending = (
        permissions.visible_enterprises(request.user).awaiting_confirmation().order_by("created_at", "pk").first()
    )
    if next_pending is not None:
        return redirect("enterprises:detail", pk=next_pending.pk)
    return redirect(f"{_list_url()}?status=pending")


@login_required
@require_POST
def resubmit_registration(request, pk: int):
    enterprise = fetch_visible(permissions.visible_enterprises(request.user), pk=pk)
    try:
        registration.resubmit(enterprise, request.user)
    except TransitionNotAllowed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已重新提交注册，等待%(authority)s确认") % {"authority": enterprise.unit.authority})
    return redirect("enterprises:detail", pk=pk)


@login_required
def member_add(request, pk: int):
    enterprise = fetch_visible(permissions.visible_enterprises(request.user), pk=pk)
    verdict = permissions.can_add_member(request.user, enterprise)
    if not verdict:
        raise PermissionDenied(verdict.reason)
    form = RegistrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = registration.add_member(
            enterprise=enterprise,
            user=form.save(commit=False),
            password=form.cleaned_data["password1"],
            by=request.user,
        )
        messages.success(request, _("已添加企业用户“%(name)s”，请将登录名和初始密码告知本人") % {"name": user})
        return redirect("enterprises:detail", pk=pk)
    return render(request, "enterprises/member_form.html", {"form": form, "enterprise": enterprise})


@login_required
@require_POST
def qualification_add(request, pk: int):
    enterprise = fetch_visible(permissions.visible_enterprises(request.user), pk=pk)
    verdict = permissions.can_edit_enterprise(request.user, enterprise)
    if not verdict:
        raise PermissionDenied(verdict.reason)
    form = QualificationForm(request.POST)
    if form.is_valid():
        with transaction.atomic():
            qualification = form.save(commit=False)
            qualification.enterprise = enterprise
            qualification.save()
            record(request.user, "enterprises.qualification.added", enterprise, qualification=str(qualification))
        messages.success(request, _("资质已添加"))
        return redirect("enterprises:detail", pk=pk)
    return render(request, "enterprises/qualification_form.html", {"form": form, "enterprise": enterprise})


@login_required
@require_POST
def qualification_delete(request, pk: int, qualification_pk: int):
    enterprise = fetch_visible(permissions.visible_enterprises(request.user), pk=pk)
    verdict = permissions.can_edit_enterprise(request.user, enterprise)
    if not verdict:
        raise PermissionDenied(verdict.reason)
    qualification = get_object_or_404(enterprise.qualifications, pk=qualification_pk)
    with transaction.atomic():
        record(request.user, "enterprises.qualification.removed", enterprise, qualification=str(qualification))
        qualification.delete()
    messages.success(request, _("资质已删除"))
    return redirect("enterprises:detail", pk=pk)


def _list_url() -> str:
    return reverse("enterprises:list")
