"""The ledger's forms: each parses input into a row or an argument of ``ledger.filing``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Activity, Attachment, PlanYear, PolicyItem

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["category", "held_on", "content", "departments", "outcome"]
        widgets = {
            "held_on": DATE,
            "content": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "outcome": _("简述活动成果；相关照片、资料在保存后上传"),
            "departments": _("如：市市场监管局、银保监分局、XX银行"),
        }


class PolicyForm(forms.ModelForm):
    class Meta:
        model = PolicyItem
        fields = ["kind", "title", "issuer", "number", "issued_on", "summary"]
        widgets = {"issued_on": DATE, "summary": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"summary": _("简述主要内容；PDF版及WPS版文件在保存后上传")}


class MaterialUploadForm(forms.Form):
    file = forms.FileField(label=_("照片或资料"))


class PolicyUploadForm(forms.Form):
    slot = forms.ChoiceField(
        label=_("文件类别"),
        choices=[(Attachment.Slot.PDF, _("PDF版")), (Attachment.Slot.WPS, _("WPS版（.wps/.doc/.docx）"))],
    )
    file = forms.FileField(label=_("文件"))


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("退回原因"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("将通知该单位的工作人员；请写明需要修改或补充的内容"),
    )


class PlanYearForm(forms.ModelForm):
    class Meta:
        model = PlanYear
        fields = ["year", "due_day", "matchmaking_per_quarter", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
