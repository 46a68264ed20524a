"""A call's budget ledger, and its reconciliation with the rows underneath.

The *ledger* is the sum of the call's journal (``LedgerEntry``), written by ``finance.payments`` with each
money event. The *rows* are what the journal mirrors: the payment register itself and the awards on the
applications. ``reconcile(call)`` computes both, column by column and per application, and reports every
difference; they are equal unless something wrote money outside the door (a database edit, a migration).

Columns: budget; awarded (every award made, from the applications: the evaluation owns it); paid;
reversed; failed (payment attempts the bank returned — no money moved, shown for the record); forfeited
(awards given up after a failed payment, less what had been paid); remaining = budget − awarded +
forfeited, the unallocated budget a supplementary allocation may use; outstanding = awarded − forfeited −
(paid − reversed), what is still to be paid.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workflow.models import Application, Status

from .models import ZERO, Column, Kind, LedgerEntry, Payment, Result

AWARDED = [Status.APPROVED, Status.PARTLY_PAID, Status.PAID, Status.PAYMENT_FAILED, Status.FORFEITED]
LABELS = {
    "budget": gettext_lazy("预算"),
    "awarded": gettext_lazy("已批准"),
    "paid": gettext_lazy("已拨付"),
    "reversed": gettext_lazy("已冲正"),
    "failed": gettext_lazy("拨付失败"),
    "forfeited": gettext_lazy("视为放弃"),
    "remaining": gettext_lazy("未分配预算"),
    "outstanding": gettext_lazy("待拨付"),
}
FIELDS = tuple(LABELS)


@dataclass(frozen=True)
class Figures:
    budget: Decimal
    awarded: Decimal
    paid: Decimal
    reversed: Decimal
    failed: Decimal
    forfeited: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.awarded + self.forfeited

    @property
    def outstanding(self) -> Decimal:
        return self.awarded - self.forfeited - (self.paid - self.reversed)

    def as_dict(self) -> dict[str, Decimal]:
        return {name: getattr(self, name) for name in FIELDS}


@dataclass
class Reconciliation:
    call: object
    ledger: Figures
    rows: Figures
    application_differences: list[dict] = field(default_factory=list)

    @property
    def lines(self) -> list[tuple[str, str, Decimal, Decimal, Decimal]]:
        ledger, rows = self.ledger.as_dict(), self.rows.as_dict()
        return [(name, str(LABELS[name]), ledger[name], rows[name], ledger[name] - rows[name]) for name in FIELDS]

    @property
    def balanced(self) -> bool:
        return self.ledger == self.rows and not self.application_differences


def _awarded(call) -> Decimal:
    return Application.objects.filter(call=call, status__in=AWARDED).aggregate(s=Sum("amount_awarded"))["s"] or ZERO


def ledger_figures(call) -> Figures:
    """The journal's sums (what the ledger says)."""
    sums = {column: ZERO for column in Column.values}
    for row in LedgerEntry.objects.filter(call=call).values("column").annotate(s=Sum("amount")):
        sums[row["column"]] = row["s"]
    return Figures(
        budget=call.budget,
        awarded=_awarded(call),
        paid=sums[Column.PAID],
        reversed=sums[Column.REVERSED],
        failed=sums[Column.FAILED],
        forfeited=sums[Column.FORFEITED],
    )


def _row_sums_per_application(call) -> dict[int, dict[str, Decimal]]:
    """Paid, reversed, failed and forfeited per application, from the payment rows and the awards."""
    per: dict[int, dict[str, Decimal]] = defaultdict(lambda: {column: ZERO for column in Column.values})
    totals = (
        Payment.objects.filter(application__call=call)
        .values("application_id")
        .annotate(
            paid=Sum("amount", filter=Q(kind=Kind.PAYMENT, status=Result.PAID)),
            reversed=Sum("amount", filter=Q(kind=Kind.REVERSAL)),
            failed=Sum("amount", filter=Q(status=Result.FAILED)),
        )
    )
    for row in totals:
        sums = per[row["application_id"]]
        for column in ("paid", "reversed", "failed"):
            sums[column] = row[column] or ZERO
    for pk, awarded in Application.objects.filter(call=call, status=Status.FORFEITED).values_list(
        "pk", "amount_awarded"
    ):
        sums = per[pk]
        sums[Column.FORFEITED] = max((awarded or ZERO) - (sums[Column.PAID] - sums[Column.REVERSED]), ZERO)
    return per


def row_figures(call) -> Figures:
    """The same figures summed from the rows themselves."""
    per = _row_sums_per_application(call)
    total = {column: sum((sums[column] for sums in per.values()), ZERO) for column in Column.values}
    return Figures(
        budget=call.budget,
        awarded=_awarded(call),
        paid=total[Column.PAID],
        reversed=total[Column.REVERSED],
        failed=total[Column.FAILED],
        forfeited=total[Column.FORFEITED],
    )


def reconcile(call) -> Reconciliation:
    per_rows = _row_sums_per_application(call)
    per_ledger: dict[int, dict[str, Decimal]] = defaultdict(lambda: {column: ZERO for column in Column.values})
    for row in LedgerEntry.objects.filter(call=call).values("application_id", "column").annotate(s=Sum("amount")):
        per_ledger[row["application_id"]][row["column"]] = row["s"]
    numbers = dict(Application.objects.filter(pk__in=set(per_rows) | set(per_ledger)).values_list("pk", "number"))
    differences = []
    for pk in sorted(set(per_rows) | set(per_ledger)):
        for column in Column.values:
            in_ledger, in_rows = per_ledger[pk][column], per_rows[pk][column]
            if in_ledger != in_rows:
                differences.append(
                    {
                        "application": numbers.get(pk, pk),
                        "column": Column(column).label,
                        "ledger": in_ledger,
                        "rows": in_rows,
                        "difference": in_ledger - in_rows,
                    }
                )
    return Reconciliation(call, ledger_figures(call), row_figures(call), differences)


def export_xlsx(call) -> bytes:
    """The reconciliation as a workbook: the figures side by side, then every per-application difference."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    result = reconcile(call)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("预算台账")
    sheet.append([str(call)])
    sheet["A1"].font = Font(bold=True)
    sheet.append([_("栏目"), _("台账（元）"), _("按记录合计（元）"), _("差额（元）")])
    for _name, label, ledger, rows, difference in result.lines:
        sheet.append([label, ledger, rows, difference])
    sheet.append([])
    sheet.append([_("核对结果"), _("一致") if result.balanced else _("不一致")])
    details = workbook.create_sheet(_("差异明细"))
    details.append([_("申报编号"), _("栏目"), _("台账（元）"), _("按记录合计（元）"), _("差额（元）")])
    for d in result.application_differences:
        details.append([d["application"], str(d["column"]), d["ledger"], d["rows"], d["difference"]])
    for ws in (sheet, details):
        ws.column_dimensions["A"].width = 24
        for letter in "BCDE":
            ws.column_dimensions[letter].width = 18
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, Decimal):
                    cell.number_format = "#,##0.00"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
