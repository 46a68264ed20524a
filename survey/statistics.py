"""Province-wide demand: current responses of a year counted and summed (万元) by one answer at a time.

Purposes are multi-choice, so one enterprise counts under each purpose it chose, and the purpose table's counts
add up to more than the number of enterprises (its amounts likewise: each enterprise's full amount is shown
under each of its purposes, since the form does not split the amount between them).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from enterprises.models import Industry, Size

from .models import LoanTerm, MaxCost, Purpose, SurveyResponse

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Line:
    label: str
    count: int
    amount: Decimal  # 万元


@dataclass(frozen=True)
class Table:
    title: str
    lines: list[Line]

    @property
    def total_count(self) -> int:
        return sum(line.count for line in self.lines)


def _by_field(responses, field: str, choices, title) -> Table:
    found = {row[field]: row for row in responses.values(field).annotate(n=Count("id"), amount=Sum("amount_sought"))}
    return Table(
        str(title),
        [
            Line(str(label), found.get(value, {}).get("n", 0), found.get(value, {}).get("amount") or ZERO)
            for value, label in choices.choices
        ],
    )


def _by_purpose(responses) -> Table:
    counts = dict.fromkeys(Purpose.values, 0)
    amounts = dict.fromkeys(Purpose.values, ZERO)
    for purposes, amount in responses.values_list("purposes", "amount_sought").iterator(chunk_size=2000):
        for code in set(purposes or []):
            if code in counts:
                counts[code] += 1
                amounts[code] += amount or ZERO
    return Table(str(_("按融资目的（可多选）")), [Line(str(Purpose(c).label), counts[c], amounts[c]) for c in counts])


def for_year(year: int, responses=None) -> dict:
    """The summary line and the five tables (industry, size, term, acceptable cost, purpose) for the year."""
    responses = (responses if responses is not None else SurveyResponse.objects.all()).current().of_year(year)
    total = responses.aggregate(n=Count("id"), amount=Sum("amount_sought"))
    return {
        "count": total["n"],
        "amount": total["amount"] or ZERO,
        "tables": [
            _by_field(responses, "industry", Industry, _("按所属行业")),
            _by_field(responses, "size", Size, _("按企业规模")),
            _by_field(responses, "loan_term", LoanTerm, _("按期望贷款期限")),
            _by_field(responses, "max_cost", MaxCost, _("按能够接受的最高融资成本")),
            _by_purpose(responses),
        ],
    }
