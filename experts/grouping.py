"""Which forwarded applications a group can take, and the ready-made splits the "组建评审组" page offers.

The administrator groups a call's forwarded applications by programme, by the applicant's industry, or
by hand; an application already in a group of the call is no longer offered.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from calls.models import Call, Programme
from enterprises.models import Industry
from workflow.models import Application, Status

from .models import GroupApplication


def groupable(call: Call) -> QuerySet[Application]:
    """The call's forwarded applications not yet in any group, in number order."""
    grouped = GroupApplication.objects.filter(application=OuterRef("pk"))
    return (
        Application.objects.filter(call=call, status=Status.FORWARDED)
        .exclude(Exists(grouped))
        .select_related("enterprise", "unit")
        .order_by("number", "pk")
    )


def filtered(applications: QuerySet[Application], *, programme: str = "", industry: str = "") -> QuerySet[Application]:
    if programme:
        applications = applications.filter(programme=programme)
    if industry:
        applications = applications.filter(enterprise__industry=industry)
    return applications


def by_programme(applications) -> dict[str, list[Application]]:
    """Applications keyed by programme label: one suggested group per programme."""
    groups: dict[str, list[Application]] = defaultdict(list)
    for application in applications:
        groups[str(application.get_programme_display())].append(application)
    return dict(groups)


def by_industry(applications) -> dict[str, list[Application]]:
    """Applications keyed by the applicant's industry label: one suggested group per industry."""
    labels = dict(Industry.choices)
    groups: dict[str, list[Application]] = defaultdict(list)
    for application in applications:
        groups[str(labels.get(application.enterprise.industry, application.enterprise.industry))].append(application)
    return dict(groups)


def describe(call: Call, *, programme: str = "", industry: str = "", count: int) -> str:
    """The selection description stored on a group, e.g. "2022年度专利保险补助 · 信息智能 · 12件"."""
    parts = [str(call)]
    if programme:
        parts.append(str(dict(Programme.choices).get(programme, programme)))
    if industry:
        parts.append(str(dict(Industry.choices).get(industry, industry)))
    parts.append(_("%(n)d件") % {"n": count})
    return " · ".join(parts)
