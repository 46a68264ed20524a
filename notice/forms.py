"""The administrator's forms: they parse input into the arguments of ``notice.publication`` and ``workdays``."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NoticeEntry
from .publication import EntryChange


class EntryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: NoticeEntry) -> str:
        return f"{obj.order}. {obj.enterprise_name}（{obj.amount}元）"


class ObjectionForm(forms.Form):
    entry = EntryChoiceField(
        label=_("涉及条目"),
        queryset=NoticeEntry.objects.none(),
        required=False,
        empty_label=_("不针对具体条目"),
    )
    raised_by_name = forms.CharField(label=_("异议人"), max_length=100, help_text=_("姓名或单位名称"))
    contact = forms.CharField(label=_("联系方式"), max_length=200, help_text=_("电话或通信地址"))
    received_at = forms.DateTimeField(
        label=_("收到时间"),
        required=False,
        help_text=_("来电或来信送达的时间，格式如 2022-02-07 09:30；不填为当前时间"),
    )
    content = forms.CharField(label=_("异议内容"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = notice.entries.current()


class DecisionForm(forms.Form):
    KEEP, AMOUNT, WITHDRAW = "keep", "amount", "withdraw"

    outcome = forms.ChoiceField(
        label=_("处理结果"),
        choices=[("upheld", _("异议成立")), ("dismissed", _("异议不成立"))],
        widget=forms.RadioSelect,
    )
    decision = forms.CharField(label=_("处理决定"), widget=forms.Textarea(attrs={"rows": 3}))
    change = forms.ChoiceField(
        label=_("对公示名单的调整"),
        choices=[(KEEP, _("不调整")), (AMOUNT, _("调整金额")), (WITHDRAW, _("撤出名单"))],
        initial=KEEP,
        widget=forms.RadioSelect,
        required=False,
    )
    amount = forms.DecimalField(
        label=_("调整后金额（元）"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        required=False,
        help_text=_("按重新分配的结果填写"),
    )

    def __init__(self, *args, has_entry: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_entry:
            del self.fields["change"]
            del self.fields["amount"]

    def clean(self):
        data = super().clean()
        change = data.get("change") or self.KEEP
        if change != self.KEEP and data.get("outcome") != "upheld":
            self.add_error("change", _("只有异议成立时才能调整公示名单"))
        if change == self.AMOUNT and data.get("amount") is None:
            self.add_error("amount", _("请填写调整后金额"))
        return data

    @property
    def upheld(self) -> bool:
        return self.cleaned_data["outcome"] == "upheld"

    def entry_change(self) -> EntryChange | None:
        change = self.cleaned_data.get("change") or self.KEEP
        if change == self.AMOUNT:
            return EntryChange(amount=self.cleaned_data["amount"])
        if change == self.WITHDRAW:
            return EntryChange(withdraw=True)
        return None


class HolidayForm(forms.Form):
    date = forms.DateField(label=_("日期"), help_text=_("格式如 2027-02-06"))
    is_working_day = forms.TypedChoiceField(
        label=_("安排"),
        choices=[("0", _("放假")), ("1", _("调休上班"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("名称"), max_length=64, help_text=_("如：春节、国庆节调休上班"))

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day.year != self.year:
            raise forms.ValidationError(_("日期须在%(year)d年内") % {"year": self.year})
        return day
