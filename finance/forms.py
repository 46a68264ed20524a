"""The finance forms. Each carries a fresh idempotency key, so a double-click or a retried POST records once."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.models import Call
from places.models import Unit
from workflow.models import Status

from .payments import IN_PAYMENT


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # a date input reads ISO dates only
        super().__init__(attrs, format)


class KeyedForm(forms.Form):
    idempotency_key = forms.CharField(max_length=100, widget=forms.HiddenInput)
    ids = "id_%s"  # the payment, failure and reversal forms share one page: each needs its own ids for its labels

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("idempotency_key", uuid.uuid4().hex)
        kwargs.setdefault("auto_id", self.ids)
        super().__init__(*args, **kwargs)


class PaymentForm(KeyedForm):
    amount = forms.DecimalField(label=_("金额（元）"), max_digits=12, decimal_places=2, min_value=Decimal("0.01"))
    voucher = forms.CharField(label=_("国库集中支付凭证号"), max_length=64)
    subject = forms.CharField(label=_("预算科目"), max_length=32, help_text=_("如 2060299"))
    paid_on = forms.DateField(label=_("支付日期"), widget=DateInput(), initial=timezone.localdate)


class FailureForm(KeyedForm):
    ids = "id_failure_%s"
    voucher = forms.CharField(label=_("凭证号"), max_length=64)
    amount = forms.DecimalField(
        label=_("金额（元）"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        required=False,
        help_text=_("不填为全部未拨付金额"),
    )
    failed_on = forms.DateField(label=_("退回日期"), widget=DateInput(), initial=timezone.localdate)
    reason = forms.CharField(label=_("失败原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ReversalForm(KeyedForm):
    ids = "id_reversal_%s"
    amount = forms.DecimalField(
        label=_("冲正金额（元）"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        required=False,
        help_text=_("不填为全额冲正"),
    )
    reason = forms.CharField(label=_("冲正原因"), max_length=500)


class AccountForm(forms.Form):
    bank_name = forms.CharField(label=_("开户银行"), max_length=100)
    account_name = forms.CharField(label=_("账户名称"), max_length=100, help_text=_("必须与企业名称一致"))
    account_number = forms.CharField(label=_("银行账号"), max_length=40)


class PendingFilter(forms.Form):
    call = forms.ModelChoiceField(label=_("申报批次"), queryset=Call.objects.all(), required=False)
    unit = forms.ModelChoiceField(label=_("初审单位"), queryset=Unit.objects.all(), required=False)
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("待拨付（批准、部分拨付、拨付失败）"))] + [(s.value, s.label) for s in map(Status, IN_PAYMENT)],
    )
    q = forms.CharField(label=_("申报编号或企业"), required=False)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("银行支付结果（.xlsx）"),
        help_text=_("表头：")
        + "、".join(("凭证号", "申报编号或统一社会信用代码", "收款账号", "金额", "支付日期", "支付结果", "失败原因")),
    )
    subject = forms.CharField(label=_("预算科目"), max_length=32)


class CommitForm(forms.Form):
    token = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
