"""Forms of the into-parks pages: a unit's financing record and the province's targets."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms import modelformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises import uscc
from enterprises.models import Enterprise

from .models import ParkFinancing, ParkYear, normalise_registration_number


class FinancingForm(forms.ModelForm):
    class Meta:
        model = ParkFinancing
        fields = [
            "park",
            "enterprise_uscc",
            "enterprise_name",
            "bank",
            "amount",
            "financed_on",
            "registration_number",
            "pledge_type",
        ]
        widgets = {"financed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "enterprise_uscc": _("已在本系统注册的企业填写信用代码即可关联；未注册的企业填写名称"),
            "amount": _("单位：万元，保留两位小数"),
            "registration_number": _(
                "国家知识产权局质押登记号。同一登记号只计一笔：与贴息申报中的登记号相同时不重复计算"
            ),
        }
        error_messages = {
            "registration_number": {"required": _("请填写质押登记号：没有登记号无法判断是否与贴息申报重复计算")}
        }

    def __init__(self, *args, parks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["park"].queryset = parks
        self.fields["enterprise_name"].required = False
        self._enterprise = None

    def clean_registration_number(self) -> str:
        number = normalise_registration_number(self.cleaned_data["registration_number"])
        if not number:
            raise ValidationError(self.Meta.error_messages["registration_number"]["required"])
        return number

    def clean_enterprise_uscc(self) -> str:
        code = self.cleaned_data.get("enterprise_uscc", "")
        if not code.strip():
            return ""
        code = uscc.validate(code)
        self._enterprise = Enterprise.objects.filter(uscc=code).first()
        return code

    def clean_financed_on(self):
        day = self.cleaned_data["financed_on"]
        if day > timezone.localdate():
            raise ValidationError(_("放款日期不能晚于今天"))
        return day

    def clean(self):
        data = super().clean()
        if not data.get("enterprise_name") and self._enterprise is not None:
            data["enterprise_name"] = self.instance.enterprise_name = self._enterprise.name
        if not data.get("enterprise_name") and not self.has_error("enterprise_uscc"):
            self.add_error("enterprise_name", _("请填写企业名称（或已注册企业的统一社会信用代码）"))
        park, day = data.get("park"), data.get("financed_on")
        if park and day and not ParkYear.objects.filter(park=park, year=day.year).exists():
            self.add_error("park", _("该园区不在%(year)d年入园惠企重点园区名单中，不计入进展") % {"year": day.year})
        return data

    def save(self, commit: bool = True) -> ParkFinancing:
        financing = super().save(commit=False)
        financing.enterprise = self._enterprise
        if commit:
            raise RuntimeError("save through parks.records.record_financing (permission and audit)")
        return financing


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤销原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


TargetFormSet = modelformset_factory(ParkYear, fields=["target"], extra=0)
