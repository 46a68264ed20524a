from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from . import uscc
from .models import Enterprise, Qualification


class USCCField(forms.CharField):
    """Accepts the code as people type it (lower case, spaces) and checks it character by character."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 24)
        kwargs.setdefault("label", _("统一社会信用代码"))
        kwargs.setdefault("help_text", _("18位，见营业执照；字母不区分大小写"))
        super().__init__(**kwargs)

    def to_python(self, value):
        return uscc.normalise(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if value:
            uscc.validate(value)


class EnterpriseForm(forms.ModelForm):
    uscc = USCCField()

    class Meta:
        model = Enterprise
        fields = ["uscc", "name", "unit", "address", "park", "size", "industry", "contact_name", "contact_phone"]
        help_texts = {"unit": _("请选择企业登记所在的市（含定州、辛集）或雄安新区；系统不会根据代码推断。")}

    def __init__(self, *args, identity_locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].empty_label = _("请选择")
        self.fields["park"].empty_label = _("不在重点园区")
        for name in ("size", "industry"):
            self.fields[name].choices = [("", _("请选择")), *self.fields[name].choices[1:]]
        self.fields["park"].queryset = self.fields["park"].queryset.select_related("unit")
        if identity_locked:
            for name in ("uscc", "name", "unit"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("注册已确认，如需修改请联系省局管理员")


class RegistrantForm(UserCreationForm):
    class Meta:
        model = User
        fields = ["username", "full_name", "phone", "email"]
        labels = {"username": _("登录用户名")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("full_name", "phone"):
            self.fields[name].required = True


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结论"), choices=[("confirm", _("确认注册")), ("refuse", _("不予确认"))], widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=1000)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not (data.get("note") or "").strip():
            self.add_error("note", _("不予确认时必须写明原因，企业将看到这段说明"))
        return data


class QualificationForm(forms.ModelForm):
    class Meta:
        model = Qualification
        fields = ["kind", "certificate_no", "valid_from", "valid_until"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("有效期至不能早于有效期起"))
        return data
