from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import numbers
from .models import LegalStatus, Patent, StatusSource
from .records import REVIEWER_SOURCES


class PatentNumberField(forms.CharField):
    """Accepts a patent number as people type it and cleans it to ``ZL201710601862.3``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("label", _("专利号"))
        kwargs.setdefault("help_text", _("如 ZL201710601862.3，含小数点后的校验位；大小写、空格、全角字符均可"))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        return numbers.normalise(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # a date input reads ISO dates only
        super().__init__(attrs, format)


class PatentForm(forms.ModelForm):
    number = PatentNumberField()

    class Meta:
        model = Patent
        fields = [
            "number",
            "title",
            "owner",
            "patent_type",
            "application_date",
            "grant_date",
            "legal_status",
            "annual_fee_paid_through",
        ]
        widgets = {
            "application_date": DateInput(),
            "grant_date": DateInput(),
            "annual_fee_paid_through": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["patent_type"].required = False
        self.fields["patent_type"].choices = [("", _("按专利号自动识别")), *self.fields["patent_type"].choices[1:]]
        self.fields["patent_type"].help_text = _("留空时按专利号中的类型代码识别")
        self.fields["legal_status"].help_text = _("企业申报的状态；市局审核时将核对年费缴纳凭证或国家知识产权局记录")

    def clean_number(self) -> str:
        number = self.cleaned_data["number"]
        enterprise_id = self.instance.enterprise_id
        if (
            enterprise_id
            and Patent.objects.filter(enterprise_id=enterprise_id, number=number).exclude(pk=self.instance.pk).exists()
        ):
            raise ValidationError(_("本企业已登记该专利号"))
        return number


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("核实后的法律状态"),
        choices=[(value, label) for value, label in LegalStatus.choices if value != LegalStatus.UNKNOWN],
    )
    source = forms.ChoiceField(
        label=_("核实方式"),
        choices=[(value, label) for value, label in StatusSource.choices if value in REVIEWER_SOURCES],
    )
    checked_on = forms.DateField(label=_("核实日期"), widget=DateInput(), initial=timezone.localdate)
    annual_fee_paid_through = forms.DateField(
        label=_("年费缴纳至"), required=False, widget=DateInput(), help_text=_("按年费缴纳凭证填写；不填则不修改")
    )
    note = forms.CharField(label=_("核实说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_checked_on(self):
        day = self.cleaned_data["checked_on"]
        if day > timezone.localdate():
            raise ValidationError(_("核实日期不能晚于今天"))
        return day


class UploadForm(forms.Form):
    file = forms.FileField(label=_("历年补助名单（.xlsx）"), help_text=_("请使用模板填写；最多50000行，20MB以内"))


class CommitForm(forms.Form):
    token = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
