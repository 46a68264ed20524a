from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import record

from .forms import CallForm
from .models import Call
from .permissions import can_manage_calls


@login_required
def call_list(request):
    today = timezone.localdate()
    calls = [(call, call.phase_on(today)) for call in Call.objects.all()]
    return render(
        request, "calls/list.html", {"calls": calls, "can_manage": can_manage_calls(request.user), "today": today}
    )


@login_required
def call_detail(request, pk: int):
    call = get_object_or_404(Call, pk=pk)
    return render(
        request,
        "calls/detail.html",
        {"call": call, "phase": call.phase, "can_manage": can_manage_calls(request.user)},
    )


@login_required
def call_edit(request, pk: int | None = None):
    verdict = can_manage_calls(request.user)
    if not verdict:
        raise PermissionDenied(verdict.reason)
    call = get_object_or_404(Call, pk=pk) if pk else None
    form = CallForm(request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            changed = {name: str(form.cleaned_data[name]) for name in form.changed_data}
            call = form.save()
            record(request.user, "calls.call.created" if pk is None else "calls.call.edited", call, changed=changed)
        messages.success(request, _("申报批次已保存"))
        return redirect("calls:detail", pk=call.pk)
    return render(request, "calls/form.html", {"form": form, "call": call})
