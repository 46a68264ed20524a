"""Into-parks pages: progress (with chart and .xlsx), the financings list, a unit's record, the province's targets."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import fetch_visible

from . import exports, permissions, progress, records
from .forms import FinancingForm, TargetFormSet, WithdrawForm
from .models import ParkYear

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require(verdict) -> None:
    if not verdict:
        raise PermissionDenied(verdict.reason)


def _years_and_year(request) -> tuple[list[int], int]:
    """The loaded years, and the one asked for (default: this year if loaded, else the latest loaded)."""
    years = sorted(set(ParkYear.objects.values_list("year", flat=True)), reverse=True)
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = this_year if this_year in years or not years else years[0]
    return years, year


@login_required
def progress_page(request):
    _require(permissions.can_view_progress(request.user))
    years, year = _years_and_year(request)
    report = progress.report(year, permissions.visible_park_years(request.user))
    return render(
        request,
        "parks/progress.html",
        {
            "report": report,
            "chart": progress.chart(report),
            "years": years,
            "year": year,
            "can_edit_targets": permissions.can_edit_targets(request.user),
        },
    )


@login_required
def progress_xlsx(request):
    _require(permissions.can_view_progress(request.user))
    _years, year = _years_and_year(request)
    report = progress.report(year, permissions.visible_park_years(request.user))
    response = HttpResponse(exports.progress_workbook(report), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="parks-progress-{year}.xlsx"'
    return response


@login_required
def financing_list(request):
    _require(permissions.can_view_progress(request.user))
    years, year = _years_and_year(request)
    parks = {park.pk: park for park in permissions.visible_parks(request.user)}
    found = progress.financings(year, set(parks))
    park_id = request.GET.get("park", "")
    if park_id.isdigit():
        found = [f for f in found if f.park_id == int(park_id)]
    rows = [(f, parks[f.park_id]) for f in found]
    return render(
        request,
        "parks/financings.html",
        {"rows": rows, "years": years, "year": year, "parks": parks.values(), "park_id": park_id},
    )


@login_required
def record_financing(request):
    parks = permissions.visible_parks(request.user)
    _require(permissions.can_view_progress(request.user))
    form = FinancingForm(request.POST or None, parks=parks, initial={"park": request.GET.get("park")})
    if request.method == "POST" and form.is_valid():
        financing = records.record_financing(form.save(commit=False), request.user)
        messages.success(request, _("已登记质押融资 %(number)s") % {"number": financing.registration_number})
        carried = [
            f
            for f in progress.financings(financing.financed_on.year, {financing.park_id})
            if f.key == financing.registration_number and f.applications
        ]
        if carried:
            messages.info(
                request,
                _("该登记号也出现在已批准的贴息申报（%(numbers)s）中，进展只计一笔")
                % {"numbers": "、".join(carried[0].applications)},
            )
        return redirect(f"{reverse('parks:financings')}?year={financing.financed_on.year}")
    return render(request, "parks/record.html", {"form": form})


@login_required
@require_POST
def withdraw_financing(request, pk: int):
    financing = fetch_visible(permissions.visible_financings(request.user), pk=pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写撤销原因"))
    else:
        records.withdraw_financing(financing, request.user, form.cleaned_data["reason"])
        messages.success(request, _("已撤销登记 %(number)s") % {"number": financing.registration_number})
    return redirect(f"{reverse('parks:financings')}?year={financing.financed_on.year}")


@login_required
def edit_targets(request, year: int):
    _require(permissions.can_edit_targets(request.user))
    queryset = ParkYear.objects.of_year(year).select_related("park__unit").order_by("park__unit__order", "park__name")
    formset = TargetFormSet(request.POST or None, queryset=queryset)
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic():
            for form in formset.forms:
                if form.has_changed():
                    records.change_target(form.instance, form.cleaned_data["target"], request.user)
        messages.success(request, _("已保存%(year)d年园区目标") % {"year": year})
        return redirect("parks:targets", year=year)
    return render(request, "parks/targets.html", {"formset": formset, "year": year})
