"""Forms of the expert pages: the pool (an expert and their links), the draw, the pledge, a declaration."""

from __future__ import annotations

import secrets

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, RoleKind, User
from enterprises import uscc
from enterprises.models import Enterprise

from .models import Expert, Expertise, ExpertLink, LinkKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ExpertForm(forms.ModelForm):
    expertise = forms.MultipleChoiceField(
        label=_("专业领域"), choices=Expertise.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Expert
        fields = ["code", "expertise", "employer", "title", "unit", "active", "max_load"]


def accounts_without_profile():
    """Users who hold the expert (or panel-lead) role but are not in the pool yet."""
    evaluates = Role.objects.filter(user=OuterRef("pk"), kind__in=[RoleKind.EXPERT, RoleKind.PANEL_LEAD])
    profile = Expert.objects.filter(user=OuterRef("pk"))
    return User.objects.filter(Exists(evaluates)).exclude(Exists(profile)).order_by("username")


class NewExpertForm(ExpertForm):
    """Add an expert: pick an existing expert account, or create the account here."""

    account = forms.ModelChoiceField(
        label=_("已有专家账号"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("选择已有评审专家角色的账号；新专家请留空并填写下面的账号信息"),
    )
    username = forms.CharField(label=_("登录用户名"), max_length=150, required=False)
    full_name = forms.CharField(label=_("姓名"), max_length=64, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=32, required=False)
    password = forms.CharField(
        label=_("初始密码"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("请将登录名和初始密码告知专家本人，并提醒其登录后修改密码"),
    )

    field_order = ["account", "username", "full_name", "phone", "password"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts_without_profile()

    def clean(self):
        data = super().clean()
        if data.get("account"):
            return data
        for name in ("username", "full_name", "password"):
            if not (data.get(name) or "").strip():
                self.add_error(name, _("新建专家账号时必须填写"))
        username = (data.get("username") or "").strip()
        if username and User.objects.filter(username=username).exists():
            self.add_error("username", _("该登录用户名已被使用"))
        if data.get("password") and username:
            try:
                validate_password(data["password"], User(username=username, full_name=data.get("full_name", "")))
            except ValidationError as error:
                self.add_error("password", error)
        return data

    def new_user(self) -> User | None:
        """The unsaved account to create, or None when an existing account was chosen."""
        if self.cleaned_data.get("account"):
            return None
        return User(
            username=self.cleaned_data["username"].strip(),
            full_name=self.cleaned_data["full_name"].strip(),
            phone=self.cleaned_data.get("phone", "").strip(),
        )


class LinkForm(forms.ModelForm):
    """One link; the enterprise is given by its 统一社会信用代码 (the directory is too long for a list)."""

    enterprise_uscc = forms.CharField(
        label=_("关联企业信用代码"), max_length=18, required=False, help_text=_("已注册企业填写信用代码")
    )

    class Meta:
        model = ExpertLink
        fields = ["kind", "enterprise_uscc", "counterpart", "relation", "started_on", "ended_on", "note"]
        widgets = {"started_on": DATE, "ended_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.enterprise_id:
            self.fields["enterprise_uscc"].initial = self.instance.enterprise.uscc

    def clean(self):
        data = super().clean()
        code = uscc.normalise(data.get("enterprise_uscc") or "")
        self.instance.enterprise = None
        if code:
            enterprise = Enterprise.objects.filter(uscc=code).first()
            if enterprise is None:
                self.add_error("enterprise_uscc", _("没有统一社会信用代码为%(c)s的注册企业") % {"c": code})
            elif data.get("kind") != LinkKind.ENTERPRISE:
                self.add_error("enterprise_uscc", _("只有“企业”类关联可以填写企业信用代码"))
            else:
                self.instance.enterprise = enterprise
        return data


LinkFormSet = forms.inlineformset_factory(Expert, ExpertLink, form=LinkForm, extra=1, can_delete=True)


def random_seed() -> int:
    """A fresh nine-digit seed to prefill the draw form (shown, so it can be announced and written down)."""
    return 100_000_000 + secrets.randbelow(900_000_000)


class DrawForm(forms.Form):
    name = forms.CharField(label=_("评审组名称"), max_length=64)
    size = forms.IntegerField(label=_("抽取人数"), min_value=3, max_value=50)
    minimum = forms.IntegerField(label=_("每件申报最少专家数"), min_value=3, max_value=50)
    seed = forms.IntegerField(
        label=_("随机种子"),
        min_value=0,
        max_value=2**63 - 1,
        help_text=_("系统已随机生成，可改为现场公开产生的数字；同一种子、同一专家库得到同一抽取结果"),
    )
    lead = forms.ModelChoiceField(
        label=_("指定评审组长"),
        queryset=Expert.objects.none(),
        required=False,
        empty_label=_("不指定（抽中的第一位组长人选，否则第一位抽中的专家）"),
    )
    applications = forms.ModelMultipleChoiceField(
        label=_("申报"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请选择申报")},
    )

    def __init__(self, *args, applications, pool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = applications
        self.fields["lead"].queryset = pool

    def clean(self):
        data = super().clean()
        if data.get("size") and data.get("minimum") and data["size"] < data["minimum"]:
            self.add_error("size", _("抽取人数不能少于每件申报最少专家数"))
        return data


class PledgeForm(forms.Form):
    accept = forms.BooleanField(
        label=_("本人已认真阅读上述承诺书，承诺遵守"), error_messages={"required": _("请勾选确认后再开始评审")}
    )


class DeclareForm(forms.Form):
    reason = forms.CharField(
        label=_("回避理由"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("请写明与申报企业（或其贷款银行、承保机构）的关系，例如“近三年曾任该企业技术顾问”"),
    )
