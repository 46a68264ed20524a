from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import uploads
from .models import Loan, Policy, ReasonCode

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PatentChoiceMixin:
    """Items link only to the applicant's own patent records."""

    def limit_patents(self, enterprise):
        from patents.models import Patent

        self.fields["patents"].queryset = Patent.objects.filter(enterprise=enterprise).order_by("number")
        self.fields["patents"].widget = forms.CheckboxSelectMultiple()
        self.fields["patents"].help_text = _("在“专利”页面登记本企业专利后，可在此勾选")


class PolicyForm(PatentChoiceMixin, forms.ModelForm):
    class Meta:
        model = Policy
        fields = [
            "insurer",
            "policy_number",
            "insurance_type",
            "policy_date",
            "period_start",
            "period_end",
            "premium",
            "first_year_premium",
            "coverage",
            "date_paid",
            "paid_in_one_payment",
            "is_renewal",
            "patents",
        ]
        widgets = {name: DATE for name in ("policy_date", "period_start", "period_end", "date_paid")}


class LoanForm(PatentChoiceMixin, forms.ModelForm):
    class Meta:
        model = Loan
        fields = [
            "bank",
            "contract_number",
            "principal",
            "annual_rate",
            "loan_start",
            "loan_end",
            "repaid_on",
            "interest_paid_in_cycle",
            "pledge_registration_number",
            "pledged_share",
            "use_of_funds",
            "funds_for_patent_production",
            "other_fiscal_subsidy",
            "patents",
        ]
        widgets = {name: DATE for name in ("loan_start", "loan_end", "repaid_on")}


class PayeeForm(forms.Form):
    bank_name = forms.CharField(label=_("开户银行"), max_length=100)
    account_name = forms.CharField(label=_("账户名称"), max_length=100, help_text=_("必须与企业名称完全一致"))
    account_number = forms.CharField(label=_("银行账号"), max_length=40)

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.enterprise = enterprise

    def clean_account_name(self):
        name = self.cleaned_data["account_name"].strip()
        if name != self.enterprise.name:
            raise forms.ValidationError(_("收款账户名称必须与企业名称“%(name)s”一致") % {"name": self.enterprise.name})
        return name

    def clean_account_number(self):
        number = "".join(self.cleaned_data["account_number"].split())
        if not number.isdigit() or not 8 <= len(number) <= 32:
            raise forms.ValidationError(_("银行账号应为8至32位数字"))
        return number


class MaterialForm(forms.Form):
    material = forms.ChoiceField(label=_("材料"))
    item = forms.ChoiceField(label=_("对应的保单/贷款"), required=False)
    file = forms.FileField(label=_("文件"), help_text=_("PDF、JPG/PNG、Office/WPS 或 OFD，单个文件不超过 20 MB"))

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        self.materials = {m.id: m for m in application.call.edition.spec.materials}
        self.fields["material"].choices = [(m.id, m.label) for m in self.materials.values()]
        self.items = {item.item_key: item for item in application.items}
        self.fields["item"].choices = [("", _("（申报整体）")), *[(k, str(v)) for k, v in self.items.items()]]

    def clean_file(self):
        return uploads.check(self.cleaned_data["file"])

    def clean(self):
        data = super().clean()
        material = self.materials.get(data.get("material"))
        item = data.get("item") or ""
        if material is not None:
            if material.scope == "item" and not item:
                self.add_error("item", _("“%(label)s”属于具体保单/贷款，请选择对应的一项") % {"label": material.label})
            if material.scope == "application" and item:
                self.add_error("item", _("“%(label)s”属于申报整体，不需要选择保单/贷款") % {"label": material.label})
        if item and item not in self.items:
            self.add_error("item", _("所选保单/贷款不存在"))
        return data


class OpinionForm(forms.Form):
    opinion = forms.CharField(label=_("初审意见"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class DefectForm(forms.Form):
    item = forms.CharField(label=_("涉及事项"), max_length=100, required=False)
    problem = forms.CharField(label=_("问题"), max_length=500, required=False)
    provide = forms.CharField(label=_("需补正内容"), max_length=500, required=False)


DefectFormSet = forms.formset_factory(DefectForm, extra=3, max_num=30)


def default_reply_deadline() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=7)


class ReturnForm(forms.Form):
    """Shown beside OpinionForm on the same page: its own ids, so that each label points at its own field."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_return_%s")
        super().__init__(*args, **kwargs)

    reply_deadline = forms.DateField(label=_("补正截止日期"), widget=DATE, initial=default_reply_deadline)
    opinion = forms.CharField(
        label=_("说明"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )

    def clean_reply_deadline(self):
        day = self.cleaned_data["reply_deadline"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("补正截止日期不能早于今天"))
        return day


class RejectForm(forms.Form):
    reason_codes = forms.MultipleChoiceField(
        label=_("不予通过原因"), choices=ReasonCode.choices, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(label=_("具体理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ExtendForm(forms.Form):
    reply_deadline = forms.DateField(label=_("新的补正截止日期"), widget=DATE)
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def clean_reply_deadline(self):
        day = self.cleaned_data["reply_deadline"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("新的截止日期不能早于今天"))
        return day


class ForwardingExtensionForm(forms.Form):
    until = forms.DateField(label=_("允许报送至"), widget=DATE)
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
