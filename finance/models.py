"""The money trail of an approved application.

A *payment row* (``Payment``) is one line of the finance register and is never edited or deleted:

- ``kind=payment, status=paid`` — money went out under a 国库集中支付 voucher;
- ``kind=payment, status=failed`` — a payment the bank returned unpaid (wrong account…): no money moved;
- ``kind=reversal`` — a reversing entry (冲正) of an earlier paid row, for at most its amount: the
  correction of a wrong entry (``status=paid``), or a payment the bank bounced after it had been recorded
  as paid (``status=failed``).

*Net paid* = paid − reversed, and never exceeds the award. The *journal* (``LedgerEntry``) receives one
line per money event in the same transaction as the row it mirrors; the call's ledger is the sum of the
journal, and the reconciliation page compares it with the sums of the payment rows themselves.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ZERO = Decimal("0.00")


class Kind(models.TextChoices):
    PAYMENT = "payment", _("拨付")
    REVERSAL = "reversal", _("冲正")


class Result(models.TextChoices):
    PAID = "paid", _("已支付")
    FAILED = "failed", _("支付失败")


class PaymentQuerySet(models.QuerySet):
    def paid(self) -> PaymentQuerySet:
        return self.filter(kind=Kind.PAYMENT, status=Result.PAID)

    def reversals(self) -> PaymentQuerySet:
        return self.filter(kind=Kind.REVERSAL)

    def failed(self) -> PaymentQuerySet:
        return self.filter(status=Result.FAILED)

    def total(self) -> Decimal:
        return self.aggregate(total=Sum("amount"))["total"] or ZERO

    def net_paid(self) -> Decimal:
        """Paid minus reversed, over the rows of this queryset."""
        return self.paid().total() - self.reversals().total()


class BankImport(models.Model):
    """One bank result file, committed whole; its SHA-256 makes the same file impossible to import twice."""

    file_name = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(max_length=64, unique=True)
    subject = models.CharField(_("预算科目"), max_length=32)
    row_count = models.PositiveIntegerField(_("行数"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(_("导入时间"), default=timezone.now)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("银行支付结果导入")
        verbose_name_plural = _("银行支付结果导入")

    def __str__(self) -> str:
        return self.file_name


class Payment(models.Model):
    application = models.ForeignKey(
        "workflow.Application", verbose_name=_("申报"), on_delete=models.PROTECT, related_name="payments"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.PAYMENT)
    status = models.CharField(_("支付结果"), max_length=10, choices=Result.choices, default=Result.PAID)
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    reverses = models.ForeignKey(
        "self", verbose_name=_("冲正的拨付"), null=True, blank=True, on_delete=models.PROTECT, related_name="reversals"
    )
    voucher = models.CharField(_("国库集中支付凭证号"), max_length=64, blank=True)
    subject = models.CharField(_("预算科目"), max_length=32, blank=True)
    paid_on = models.DateField(_("支付日期"))
    # The payee account as it stood when the row was written (the application's may be corrected later).
    bank_name = models.CharField(_("开户银行"), max_length=100)
    account_name = models.CharField(_("账户名称"), max_length=100)
    account_number = models.CharField(_("银行账号"), max_length=40)
    failure_reason = models.TextField(_("失败原因"), blank=True)
    reason = models.TextField(_("冲正原因"), blank=True)
    # For a failure: the last day the enterprise may correct its account (the edition's grace period).
    grace_until = models.DateField(_("更正截止日期"), null=True, blank=True)
    idempotency_key = models.CharField(_("请求编号"), max_length=100, unique=True)
    source_import = models.ForeignKey(
        BankImport, verbose_name=_("来源导入"), null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("拨付记录")
        verbose_name_plural = _("拨付记录")
        constraints = [
            # The same voucher is never recorded twice, whatever the form or the import says.
            models.UniqueConstraint(
                fields=["voucher"],
                condition=Q(kind="payment"),
                name="finance_one_row_per_voucher",
                violation_error_message=_("该凭证号已登记过"),
            ),
            models.CheckConstraint(name="finance_amount_positive", condition=Q(amount__gt=0)),
            models.CheckConstraint(
                name="finance_reversal_references_payment",
                condition=(Q(kind="reversal", reverses__isnull=False) | Q(kind="payment", reverses__isnull=True)),
            ),
        ]
        indexes = [models.Index(fields=["application", "kind", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.voucher or ''} {self.amount}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("payment rows are never edited: record a reversal instead")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("payment rows are never deleted: record a reversal instead")

    @property
    def reversed_amount(self) -> Decimal:
        return sum((r.amount for r in self.reversals.all()), ZERO)

    @property
    def reversible_amount(self) -> Decimal:
        if self.kind != Kind.PAYMENT or self.status != Result.PAID:
            return ZERO
        return self.amount - self.reversed_amount


class Column(models.TextChoices):
    PAID = "paid", _("已拨付")
    REVERSED = "reversed", _("已冲正")
    FAILED = "failed", _("拨付失败")
    FORFEITED = "forfeited", _("视为放弃")


class LedgerEntry(models.Model):
    """One line of a call's budget journal, written with the payment row (or forfeit) it mirrors."""

    call = models.ForeignKey("calls.Call", on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey("workflow.Application", on_delete=models.PROTECT, related_name="+")
    payment = models.ForeignKey(Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    column = models.CharField(_("栏目"), max_length=10, choices=Column.choices)
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("预算台账分录")
        verbose_name_plural = _("预算台账分录")
        indexes = [models.Index(fields=["call", "column"])]

    def __str__(self) -> str:
        return f"{self.call_id} {self.column} {self.amount}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("journal entries are append-only")
        super().save(*args, **kwargs)
