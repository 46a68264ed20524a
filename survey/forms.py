"""The survey's web forms. The online form follows ``formb.COLUMNS``: same order, labels, units and rules."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import Industry, Size
from places.models import Unit

from . import formb
from .models import LoanTerm, MaxCost, Purpose, Recipient, SurveyPlan, SurveyResponse

PROFILE_FIELDS = ("address", "size", "industry", "contact_name", "contact_phone")
FROM_PROFILE = ("name", "uscc")  # shown, not typed: they identify the enterprise
YES_NO = [("true", _("是")), ("false", _("否"))]


def _yes_no(required: bool, label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "true",
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
    )


class MonthField(forms.CharField):
    widget = forms.DateInput(attrs={"type": "month"})

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        return formb.parse_month(text, formb.BY_FIELD["filled_month"])

    def prepare_value(self, value):
        return f"{value.year}-{value.month:02d}" if hasattr(value, "year") else value


class SurveyForm(forms.ModelForm):
    """Form B for one enterprise; name and USCC come from its profile."""

    class Meta:
        model = SurveyResponse
        fields = [c.field for c in formb.COLUMNS if c.field not in FROM_PROFILE]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for column in formb.COLUMNS:
            if column.field in FROM_PROFILE:
                continue
            if column.kind == "bool":
                self.fields[column.field] = _yes_no(column.required, column.header)
            elif column.kind == "month":
                self.fields[column.field] = MonthField(label=column.header)
            elif column.kind == "purposes":
                self.fields[column.field] = forms.MultipleChoiceField(
                    label=_("融资目的（可多选）"), choices=Purpose.choices, widget=forms.CheckboxSelectMultiple
                )
            elif column.kind == "banks":
                self.fields[column.field] = forms.CharField(
                    label=column.header, required=False, max_length=400, help_text=_("多个银行用“、”分隔")
                )
            field = self.fields[column.field]
            field.label = column.header
            field.required = column.required
            if column.unit:
                field.widget.attrs["aria-describedby"] = f"unit-{column.field}"
        self.fields["amount_sought"].min_value = Decimal("0.01")

    def clean_banks(self) -> list[str]:
        return [b.strip() for b in re.split(formb.LIST_SEPARATORS, self.cleaned_data.get("banks") or "") if b.strip()]

    def clean(self):
        data = super().clean()
        purposes = data.get("purposes") or []
        if Purpose.OTHER in purposes and not data.get("purpose_other"):
            self.add_error("purpose_other", _("融资目的选了“其他”，请注明"))
        if data.get("purpose_other") and purposes and Purpose.OTHER not in purposes:
            self.add_error("purposes", _("注明了其他融资目的，请勾选“其他（请注明）”"))
        if data.get("phone_consent") and data.get("whitelist_consent") is False:
            self.add_error("phone_consent", _("未同意列入白名单时，联系电话不会推送，此项应为“否”"))
        return data

    def _post_clean(self):
        pass  # the model is cleaned in responses.submit, with name and USCC from the profile

    @classmethod
    def initial_for(cls, enterprise, previous: SurveyResponse | None) -> dict:
        """Pre-filled from the year's current response if any, else from the enterprise's profile."""
        if previous is not None:
            initial = model_to_dict(previous, fields=cls.Meta.fields)
            initial["banks"] = "、".join(previous.banks)
            for column in formb.COLUMNS:
                if column.kind == "bool" and initial.get(column.field) is not None:
                    initial[column.field] = "true" if initial[column.field] else "false"
            return initial
        initial = {name: getattr(enterprise, name) for name in PROFILE_FIELDS}
        initial["filled_month"] = timezone.localdate().replace(day=1)
        return initial


class UploadForm(forms.Form):
    file = forms.FileField(label=_("信息采集表（.xlsx）"))
    unit = forms.ModelChoiceField(label=_("导入到单位"), queryset=Unit.objects.all(), required=False)

    def __init__(self, *args, province: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if province:
            self.fields["unit"].required = True
        else:
            del self.fields["unit"]


class PlanForm(forms.ModelForm):
    class Meta:
        model = SurveyPlan
        fields = ["year", "target", "deadline", "note"]
        widgets = {"deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        targets = dict(self.instance.unit_targets.values_list("unit_id", "target")) if self.instance.pk else {}
        self.units = list(Unit.objects.all())
        for unit in self.units:
            self.fields[f"target_{unit.code}"] = forms.IntegerField(
                label=_("%(unit)s目标（留空用默认值）") % {"unit": unit.name},
                min_value=0,
                max_value=10000,
                required=False,
                initial=targets.get(unit.pk),
            )

    def overrides(self) -> dict:
        return {unit: self.cleaned_data.get(f"target_{unit.code}") for unit in self.units}


class KeyListForm(forms.Form):
    entries = forms.CharField(
        label=_("重点企业名单"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("每行一家：统一社会信用代码 企业名称（可从Excel复制两列粘贴）"),
    )


class SelectionForm(forms.Form):
    industry = forms.ChoiceField(label=_("所属行业"), choices=[("", _("全部")), *Industry.choices], required=False)
    size = forms.ChoiceField(label=_("企业规模"), choices=[("", _("全部")), *Size.choices], required=False)
    loan_term = forms.ChoiceField(label=_("期望贷款期限"), choices=[("", _("全部")), *LoanTerm.choices], required=False)
    max_cost = forms.ChoiceField(
        label=_("能够接受的最高融资成本"), choices=[("", _("全部")), *MaxCost.choices], required=False
    )
    amount_min = forms.DecimalField(label=_("拟融资额不低于（万元）"), min_value=0, decimal_places=2, required=False)
    amount_max = forms.DecimalField(label=_("拟融资额不高于（万元）"), min_value=0, decimal_places=2, required=False)
    key_only = forms.BooleanField(label=_("只看“服务企业行”重点企业"), required=False)
    unit = forms.ChoiceField(label=_("单位"), required=False)

    def __init__(self, *args, province: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if province:
            self.fields["unit"].choices = [("", _("全部"))] + [(u.code, u.name) for u in Unit.objects.all()]
        else:
            del self.fields["unit"]

    def clean(self):
        data = super().clean()
        low, high = data.get("amount_min"), data.get("amount_max")
        if low is not None and high is not None and low > high:
            raise ValidationError(_("拟融资额的下限不能高于上限"))
        return data


class ExportForm(forms.Form):
    recipient = forms.ChoiceField(label=_("推送对象"), choices=Recipient.choices)
    recipient_name = forms.CharField(label=_("接收单位名称"), max_length=100, required=False)


class SendForm(forms.Form):
    note = forms.CharField(label=_("说明"), max_length=200, required=False)
