"""The figures the province and each unit look at: applications by status, programme, unit and industry;
amounts requested, awarded and paid; and how long applications spend in each stage.

Counts and sums are grouped queries (a fixed number whatever the data size). Time in stage is read from
the audit trail: every transition is an entry with its source and target state and its time, so the time
an application spent in a state is the gap between the entry that put it there and the next one.
"""

from __future__ import annotations

import statistics as pystats
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from enterprises.models import Industry
from places.models import Unit
from workflow.models import Application, Status

AWARDED = [Status.APPROVED, Status.PARTLY_PAID, Status.PAID, Status.PAYMENT_FAILED]


@dataclass
class Row:
    key: str
    label: str
    count: int
    requested: Decimal
    awarded: Decimal
    paid: Decimal | None = None


def scoped(unit=None, call=None, programme: str = "") -> QuerySet[Application]:
    applications = Application.objects.exclude(status=Status.DRAFT)
    if unit is not None:
        applications = applications.filter(unit=unit)
    if call is not None:
        applications = applications.filter(call=call)
    if programme:
        applications = applications.filter(programme=programme)
    return applications


def _paid_by(applications: QuerySet, field: str) -> dict:
    """Net paid per group, from the finance app's payment rows when it is installed."""
    try:
        from finance.figures import net_paid_by
    except ImportError:
        return {}
    return net_paid_by(applications, field)


def grouped(applications: QuerySet, field: str, labels: dict[str, str]) -> list[Row]:
    rows = (
        applications.values(field)
        .annotate(
            count=Count("pk"),
            requested=Sum("amount_requested"),
            awarded=Sum("amount_awarded", filter=Q(status__in=AWARDED)),
        )
        .order_by(field)
    )
    paid = _paid_by(applications, field)
    out = [
        Row(
            key=str(row[field]),
            label=str(labels.get(row[field], row[field])),
            count=row["count"],
            requested=row["requested"] or Decimal("0.00"),
            awarded=row["awarded"] or Decimal("0.00"),
            paid=paid.get(row[field], Decimal("0.00")) if paid is not None else None,
        )
        for row in rows
    ]
    order = list(labels)
    return sorted(out, key=lambda r: order.index(r.key) if r.key in order else len(order))


def by_status(applications) -> list[Row]:
    return grouped(applications, "status", dict(Status.choices))


def by_programme(applications) -> list[Row]:
    from calls.models import Programme

    return grouped(applications, "programme", dict(Programme.choices))


def by_unit(applications) -> list[Row]:
    units = {u.pk: u.name for u in Unit.objects.order_by("order")}
    return grouped(applications, "unit", units)


def by_industry(applications) -> list[Row]:
    return grouped(applications, "enterprise__industry", dict(Industry.choices))


def totals(rows: list[Row]) -> Row:
    paid = [r.paid for r in rows if r.paid is not None]
    return Row(
        "total",
        "合计",
        sum(r.count for r in rows),
        sum((r.requested for r in rows), Decimal("0.00")),
        sum((r.awarded for r in rows), Decimal("0.00")),
        sum(paid, Decimal("0.00")) if paid else None,
    )


@dataclass
class StageTime:
    status: str
    label: str
    applications: int
    median_days: float
    mean_days: float
    longest_days: float


def time_in_stages(applications: QuerySet) -> list[StageTime]:
    """Days spent in each state, over the applications' transitions recorded in the audit trail."""
    from django.utils import timezone

    from audit.models import Entry

    ids = [str(pk) for pk in applications.values_list("pk", flat=True)]
    spans: dict[str, list[float]] = defaultdict(list)
    entries = (
        Entry.objects.filter(object_type="workflow.application", object_id__in=ids, data__has_key="target")
        .order_by("object_id", "id")
        .values_list("object_id", "at", "data")
    )
    now = timezone.now()
    previous: dict[str, tuple] = {}
    for object_id, at, data in entries.iterator(chunk_size=2000):
        if object_id in previous:
            state, since = previous[object_id]
            spans[state].append((at - since).total_seconds() / 86400)
        previous[object_id] = (data.get("target"), at)
    for state, since in previous.values():  # the current state: time so far
        if state in (Status.SUBMITTED, Status.RETURNED, Status.PASSED, Status.FORWARDED, Status.UNDER_EVALUATION):
            spans[state].append((now - since).total_seconds() / 86400)
    labels = dict(Status.choices)
    return [
        StageTime(
            state,
            str(labels.get(state, state)),
            len(days),
            round(pystats.median(days), 1),
            round(pystats.fmean(days), 1),
            round(max(days), 1),
        )
        for state, days in sorted(spans.items(), key=lambda kv: list(labels).index(kv[0]) if kv[0] in labels else 99)
        if days
    ]
