"""Paid amounts for the statistics: net of reversals, grouped like the applications they belong to."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from .models import Kind, Payment, Result


def net_paid_by(applications: QuerySet, field: str) -> dict:
    """{value of ``field`` on the application: paid minus reversed} for the given applications."""
    rows = (
        Payment.objects.filter(application__in=applications.values("pk"))
        .values(f"application__{field}")
        .annotate(
            paid=Sum("amount", filter=Q(kind=Kind.PAYMENT, status=Result.PAID)),
            reversed=Sum("amount", filter=Q(kind=Kind.REVERSAL)),
        )
    )
    return {
        row[f"application__{field}"]: (row["paid"] or Decimal("0.00")) - (row["reversed"] or Decimal("0.00"))
        for row in rows
    }
