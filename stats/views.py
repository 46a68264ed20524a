"""Statistics pages: the province sees every unit (or one), a unit's reviewers their own unit."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from openpyxl import Workbook

from accounts.models import RoleKind
from calls.models import Call, Programme
from jobs import exports
from jobs.running import on_celery
from places.models import Unit

from . import charts, figures


def _scope(request):
    user = request.user
    if user.has_role(RoleKind.ADMIN) or user.has_role(RoleKind.FINANCE):
        code = request.GET.get("unit", "")
        return Unit.objects.filter(code=code).first() if code else None, True
    if user.reviewer_unit is not None:
        return user.reviewer_unit, False
    raise PermissionDenied(_("只有省局和市局工作人员可以查看统计"))


def _figures(request):
    unit, province = _scope(request)
    call_pk = request.GET.get("call", "")
    call = Call.objects.filter(pk=int(call_pk)).first() if call_pk.isdigit() else None
    programme = request.GET.get("programme", "")
    programme = programme if programme in Programme.values else ""
    applications = figures.scoped(unit, call, programme)
    tables = {
        _("按状态"): figures.by_status(applications),
        _("按补助项目"): figures.by_programme(applications),
        _("按行业"): figures.by_industry(applications),
    }
    if unit is None:
        tables[_("按单位")] = figures.by_unit(applications)
    return unit, province, call, programme, applications, tables


@login_required
def index(request):
    unit, province, call, programme, applications, tables = _figures(request)
    blocks = []
    for title, rows in tables.items():
        blocks.append(
            {
                "title": title,
                "rows": rows,
                "total": figures.totals(rows),
                "chart": charts.bars(title, [(r.label, r.count) for r in rows], _("件")),
            }
        )
    stages = figures.time_in_stages(applications)
    return render(
        request,
        "stats/index.html",
        {
            "unit": unit,
            "province": province,
            "call": call,
            "programme": programme,
            "calls": Call.objects.all(),
            "units": Unit.objects.all() if province else [],
            "programmes": Programme.choices,
            "blocks": blocks,
            "stages": stages,
            "stage_chart": charts.bars(_("各环节平均用时"), [(s.label, s.mean_days) for s in stages], _("天")),
        },
    )


@login_required
def export(request):
    _scope(request)  # refused here, before anything is queued
    if on_celery():
        return exports.started("statistics", request, title=_("导出统计表"))
    data, name = build_export(request.user, request.GET.dict())
    response = HttpResponse(data, content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class _Asked:
    """What ``_figures`` reads of a request, for a worker that has only the person and the query."""

    def __init__(self, user, query: dict):
        self.user, self.GET = user, QueryDict(mutable=True)
        self.GET.update(query)


def build_export(user, query: dict) -> tuple[bytes, str]:
    unit, _province, call, _programme, applications, tables = _figures(_Asked(user, query))
    book = Workbook(write_only=True)
    for title, rows in tables.items():
        sheet = book.create_sheet(str(title)[:31])
        sheet.append([_("分组"), _("申报数"), _("申请金额（元）"), _("批准金额（元）"), _("已拨付（元）")])
        for row in [*rows, figures.totals(rows)]:
            sheet.append([row.label, row.count, row.requested, row.awarded, row.paid])
    sheet = book.create_sheet(_("环节用时"))
    sheet.append([_("环节"), _("申报数"), _("中位数（天）"), _("平均（天）"), _("最长（天）")])
    for stage in figures.time_in_stages(applications):
        sheet.append([stage.label, stage.applications, stage.median_days, stage.mean_days, stage.longest_days])
    buffer = io.BytesIO()
    book.save(buffer)
    name = f"statistics-{unit.code if unit else 'province'}{f'-{call.year}-{call.programme}' if call else ''}.xlsx"
    return buffer.getvalue(), name
