"""Expert pages: the pool and the groups for the province, the tasks, pledge and 回避 for each expert.

Thin views: fetch through the permission questions of ``experts.permissions`` (a 404 outside the user's
scope), call one domain function, redirect.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import fetch_visible
from audit.models import Entry
from calls.models import Call, Programme
from enterprises.models import Industry
from evaluation import scoring as evaluation_scoring
from workflow.models import Application, Status

from . import grouping, permissions, pool
from . import pledge as pledges
from .draw import DEFAULT_GROUP_SIZE, Refused, draw_group, rules_minimum, sorted_pool
from .forms import DeclareForm, DrawForm, ExpertForm, LinkFormSet, NewExpertForm, PledgeForm, random_seed
from .models import Assignment, AssignmentStatus, EvaluationGroup, Expert, GroupApplication, Pledge

PAGE_SIZE = 50


def _require(verdict) -> None:
    if not verdict:
        raise PermissionDenied(verdict.reason)


# --- the pool (province) ---------------------------------------------------------------------------------


@login_required
def expert_list(request):
    _require(permissions.can_manage_pool(request.user))
    q = request.GET.get("q", "")
    state = request.GET.get("state", "")
    experts = permissions.visible_experts(request.user).with_link_count().search(q).order_by("code")
    if state in ("active", "inactive"):
        experts = experts.filter(active=state == "active")
    page = Paginator(experts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "experts/list.html", {"page": page, "q": q, "state": state})


@login_required
def expert_new(request):
    _require(permissions.can_manage_pool(request.user))
    form = NewExpertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        expert = form.save(commit=False)
        new_user = form.new_user()
        if new_user is None:
            expert.user = form.cleaned_data["account"]
        pool.add_expert(expert, request.user, new_user=new_user, password=form.cleaned_data.get("password", ""))
        messages.success(request, _("已将%(e)s加入专家库，请登记其利益关联") % {"e": expert})
        return redirect("experts:edit", pk=expert.pk)
    return render(request, "experts/form.html", {"form": form, "expert": None})


@login_required
def expert_detail(request, pk: int):
    _require(permissions.can_manage_pool(request.user))
    expert = fetch_visible(permissions.visible_experts(request.user), pk=pk)
    loads = (
        Assignment.objects.filter(expert=expert)
        .values("group__call", "status")
        .annotate(n=Count("id"))
        .order_by("group__call")
    )
    calls = {c.pk: c for c in Call.objects.filter(pk__in={row["group__call"] for row in loads})}
    per_call: dict = defaultdict(dict)
    for row in loads:
        per_call[calls[row["group__call"]]][row["status"]] = row["n"]
    return render(
        request,
        "experts/detail.html",
        {
            "expert": expert,
            "links": expert.links.select_related("enterprise"),
            "per_call": dict(per_call),
            "pledges": expert.pledges.select_related("call"),
            "history": Entry.objects.for_object(expert).select_related("actor").order_by("-id"),
        },
    )


@login_required
def expert_edit(request, pk: int):
    _require(permissions.can_manage_pool(request.user))
    expert = fetch_visible(permissions.visible_experts(request.user), pk=pk)
    form = ExpertForm(request.POST or None, instance=expert)
    links = LinkFormSet(request.POST or None, instance=expert, prefix="links")
    if request.method == "POST" and form.is_valid() and links.is_valid():
        with transaction.atomic():
            pool.edit_expert(form.save(commit=False), form.changed_data, request.user)
            pool.save_links(expert, links, request.user)
        messages.success(request, _("专家信息已保存"))
        return redirect("experts:detail", pk=expert.pk)
    return render(
        request,
        "experts/form.html",
        {"form": form, "links": links, "expert": expert, "forms_with_errors": [f for f in (form, *links) if f.errors]},
    )


# --- evaluation groups (province) ------------------------------------------------------------------------


@login_required
def call_list(request):
    _require(permissions.can_draw(request.user))
    forwarded = dict(
        Application.objects.filter(status=Status.FORWARDED)
        .exclude(Exists(GroupApplication.objects.filter(application=OuterRef("pk"))))
        .values_list("call")
        .annotate(n=Count("id"))
    )
    groups = dict(EvaluationGroup.objects.values_list("call").annotate(n=Count("id")))
    rows = [(call, forwarded.get(call.pk, 0), groups.get(call.pk, 0)) for call in Call.objects.all()]
    return render(request, "experts/calls.html", {"rows": rows})


@login_required
def call_groups(request, call_pk: int):
    _require(permissions.can_draw(request.user))
    call = get_object_or_404(Call, pk=call_pk)
    groups = (
        permissions.visible_groups(request.user)
        .filter(call=call)
        .annotate(n_applications=Count("entries", distinct=True), n_members=Count("members", distinct=True))
    )
    return render(
        request,
        "experts/groups.html",
        {"call": call, "groups": groups, "waiting": grouping.groupable(call).count()},
    )


@login_required
def group_new(request, call_pk: int):
    _require(permissions.can_draw(request.user))
    call = get_object_or_404(Call, pk=call_pk)
    programme = request.GET.get("programme", "")
    industry = request.GET.get("industry", "")
    programme = programme if programme in Programme.values else ""
    industry = industry if industry in Industry.values else ""
    applications = grouping.filtered(grouping.groupable(call), programme=programme, industry=industry)
    eligible = sorted_pool(call)
    lead_choices = Expert.objects.filter(pk__in=[e.pk for e in eligible]).select_related("user").order_by("code")
    minimum = rules_minimum(call)
    existing = EvaluationGroup.objects.filter(call=call).count()
    select = request.GET.get("select", "all")
    initial = {
        "name": _("第%(n)d评审组") % {"n": existing + 1},
        "size": max(DEFAULT_GROUP_SIZE, minimum),
        "minimum": minimum,
        "seed": random_seed(),
        "applications": list(applications) if select != "none" else [],
    }
    form = DrawForm(request.POST or None, initial=initial, applications=applications, pool=lead_choices)
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["applications"])
        try:
            group = draw_group(
                call,
                chosen,
                name=form.cleaned_data["name"],
                size=form.cleaned_data["size"],
                seed=form.cleaned_data["seed"],
                by=request.user,
                minimum=form.cleaned_data["minimum"],
                lead=form.cleaned_data["lead"],
                selection=grouping.describe(call, programme=programme, industry=industry, count=len(chosen)),
            )
        except Refused as refused:
            for problem in refused.problems:
                form.add_error(None, problem)
        else:
            messages.success(request, _("评审组“%(name)s”已抽取") % {"name": group.name})
            return redirect("experts:group", pk=group.pk)
    return render(
        request,
        "experts/group_new.html",
        {
            "call": call,
            "form": form,
            "applications": applications,
            "programme": programme,
            "industry": industry,
            "programmes": Programme.choices,
            "industries": Industry.choices,
            "by_programme": grouping.by_programme(applications),
            "by_industry": grouping.by_industry(applications),
            "pool_size": len(eligible),
            "forms_with_errors": [form] if form.errors else [],
        },
    )


@login_required
def group_detail(request, pk: int):
    group = fetch_visible(permissions.visible_groups(request.user), pk=pk)
    assignments = group.assignments.select_related("expert__user", "application__enterprise", "application__unit")
    rows: dict = {}
    for entry in group.entries.select_related("application__enterprise", "application__unit").order_by(
        "application__number", "application__pk"
    ):
        rows[entry.application_id] = {"application": entry.application, "by_status": defaultdict(list)}
    for assignment in assignments.order_by("id"):
        rows[assignment.application_id]["by_status"][assignment.status].append(assignment)
    for row in rows.values():
        row["by_status"] = dict(row["by_status"])
        row["short"] = len(row["by_status"].get(AssignmentStatus.ACTIVE, [])) < group.minimum
    return render(
        request,
        "experts/group_detail.html",
        {
            "group": group,
            "members": group.members.select_related("expert__user", "expert__unit"),
            "rows": list(rows.values()),
            "record": group.draw_record,
            "history": Entry.objects.for_object(group).select_related("actor").order_by("id"),
        },
    )


# --- an expert's tasks -----------------------------------------------------------------------------------


@login_required
def my_tasks(request):
    _require(permissions.can_see_tasks(request.user))
    expert = permissions.expert_of(request.user)
    per_call: dict = defaultdict(list)
    for assignment in permissions.my_assignments(request.user).order_by("group__call", "application__number"):
        per_call[assignment.group.call].append(assignment)
    pledged = set(Pledge.objects.filter(expert=expert).values_list("call_id", flat=True))
    calls = [
        {"call": call, "pledged": call.pk in pledged, "assignments": items, "count": len(items)}
        for call, items in per_call.items()
    ]
    return render(request, "experts/tasks.html", {"calls": calls, "expert": expert})


def _my_call(request, call_pk: int) -> Call:
    """A call in which the expert has active assignments; any other is a 404."""
    _require(permissions.can_see_tasks(request.user))
    mine = permissions.my_assignments(request.user).filter(group__call_id=call_pk).select_related(None)
    if not mine.exists():
        raise Http404
    return Call.objects.get(pk=call_pk)


@login_required
def pledge(request, call_pk: int):
    call = _my_call(request, call_pk)
    expert = permissions.expert_of(request.user)
    form = PledgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        pledges.accept(expert, call, request.user)
        messages.success(request, _("承诺书已签署，可以开始评审"))
        return redirect("experts:tasks")
    accepted = Pledge.objects.filter(expert=expert, call=call).first()
    return render(
        request,
        "experts/pledge.html",
        {"call": call, "form": form, "title": pledges.TITLE, "text": pledges.TEXT, "accepted": accepted},
    )


def _my_assignment(request, pk: int) -> Assignment:
    _require(permissions.can_see_tasks(request.user))
    return fetch_visible(permissions.my_assignments(request.user), pk=pk)


@login_required
def task_detail(request, pk: int):
    assignment = _my_assignment(request, pk)
    application = assignment.application
    call = assignment.group.call
    if not pledges.has_pledged(assignment.expert, call):
        messages.info(request, _("查看评审任务前，请先阅读并签署评审专家承诺书"))
        return redirect("experts:pledge", call_pk=call.pk)
    labels = {m.id: m.label for m in call.edition.spec.materials}
    materials = [
        {"material": m, "label": labels.get(m.material_id, m.material_id)}
        for m in application.materials.filter(current=True).select_related("policy", "loan")
    ]
    return render(
        request,
        "experts/task.html",
        {
            "assignment": assignment,
            "application": application,
            "call": call,
            "policies": application.policies.all(),
            "loans": application.loans.all(),
            "materials": materials,
            "form": DeclareForm(),
        },
    )


@login_required
def task_material(request, pk: int, material_pk: int):
    assignment = _my_assignment(request, pk)
    if not pledges.has_pledged(assignment.expert, assignment.group.call):
        raise PermissionDenied(_("请先签署评审专家承诺书"))
    material = get_object_or_404(assignment.application.materials, pk=material_pk, current=True)
    return FileResponse(material.file.open("rb"), as_attachment=True, filename=material.original_name)


@login_required
@require_POST
def declare(request, pk: int):
    assignment = _my_assignment(request, pk)
    if not pledges.has_pledged(assignment.expert, assignment.group.call):
        return redirect("experts:pledge", call_pk=assignment.group.call_id)
    form = DeclareForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请写明回避理由"))
        return redirect("experts:task", pk=pk)
    try:
        # Through the evaluation door: it also cancels the expert's scoring task and gives a replacement one.
        evaluation_scoring.declare_conflict(assignment, request.user, form.cleaned_data["reason"])
    except Refused as refused:
        messages.error(request, "；".join(refused.problems))
        return redirect("experts:task", pk=pk)
    messages.success(
        request,
        _("已申报回避：您不再评审%(n)s，原因已记录") % {"n": assignment.application.number},
    )
    return redirect("experts:tasks")
