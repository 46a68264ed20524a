"""The expert pool and the evaluation groups drawn from it.

An *expert* (评审专家) is a user holding the expert role, with a stable ``code`` (专家编号) that orders
every draw, fields of expertise, an employer, and *links* (利益关联): declared relationships with
enterprises, banks, insurers or others, with their dates, from which conflicts of interest (回避) are
found (``experts.conflicts``).

An *evaluation group* (评审组) is drawn for some of a call's forwarded applications (``experts.draw``):
its *members* are the experts drawn, one of them the panel lead (评审组长); each application gets an
*assignment* per expert, which is *active* (the expert scores it), *excluded* (a conflict or the load
cap found at the draw), *declared* (the expert declared a conflict on seeing the application) or
*released* (taken off it by the province). Assignments are never deleted: they are the record.

A *pledge* (评审专家承诺书) is accepted once per call, before any assignment is shown (``experts.pledge``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import Industry


class Expertise(models.TextChoices):
    """Fields of expertise: the enterprise industries (Form B 所属行业) plus the professions that judge
    IP-finance files. The industry values are the same as ``enterprises.models.Industry``'s (a test
    keeps them in step), so an expert's field can be matched against an applicant's industry."""

    STEEL = Industry.STEEL.value, Industry.STEEL.label
    HIGH_END_EQUIPMENT = Industry.HIGH_END_EQUIPMENT.value, Industry.HIGH_END_EQUIPMENT.label
    PETROCHEMICAL = Industry.PETROCHEMICAL.value, Industry.PETROCHEMICAL.label
    FOOD = Industry.FOOD.value, Industry.FOOD.label
    INFORMATION = Industry.INFORMATION.value, Industry.INFORMATION.label
    BIOMEDICINE = Industry.BIOMEDICINE.value, Industry.BIOMEDICINE.label
    NEW_ENERGY_MATERIALS = Industry.NEW_ENERGY_MATERIALS.value, Industry.NEW_ENERGY_MATERIALS.label
    OTHER_INDUSTRY = Industry.OTHER.value, Industry.OTHER.label
    PATENT = "patent", _("专利")
    LAW = "law", _("法律")
    FINANCE = "finance", _("金融")
    INSURANCE = "insurance", _("保险")


DEFAULT_MAX_LOAD = 30


class ExpertQuerySet(models.QuerySet):
    def active(self) -> ExpertQuerySet:
        return self.filter(active=True)

    def search(self, text: str) -> ExpertQuerySet:
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(code__icontains=text)
            | Q(user__full_name__icontains=text)
            | Q(user__username__icontains=text)
            | Q(employer__icontains=text)
        )

    def with_link_count(self) -> ExpertQuerySet:
        return self.annotate(link_count=Count("links", distinct=True))


class Expert(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.PROTECT, related_name="expert_profile"
    )
    # Draws sort the pool by this code, never by pk: the order the pool was entered must not matter.
    code = models.CharField(
        _("专家编号"),
        max_length=32,
        unique=True,
        blank=True,
        help_text=_("抽取时按编号排序；留空则使用登录用户名"),
        error_messages={"unique": _("该专家编号已被使用")},
    )
    expertise = models.JSONField(_("专业领域"), default=list, blank=True)
    employer = models.CharField(_("工作单位"), max_length=100)
    title = models.CharField(_("职称"), max_length=64, blank=True)
    unit = models.ForeignKey(
        "places.Unit",
        verbose_name=_("所属申报单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("专家在市（区）局任职时填写：该单位初审的申报，专家须回避"),
    )
    active = models.BooleanField(_("在库可抽取"), default=True)
    max_load = models.PositiveSmallIntegerField(
        _("每批次评审上限（件）"), default=DEFAULT_MAX_LOAD, validators=[MinValueValidator(1)]
    )
    created_at = models.DateTimeField(_("入库时间"), auto_now_add=True)

    objects = ExpertQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("评审专家")
        verbose_name_plural = _("评审专家")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        if not self.code:
            self.code = self.user.username
        # One canonical order, so that the stored list (and the audit) never changes by re-saving.
        self.expertise = [value for value in Expertise.values if value in set(self.expertise or [])]
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        return self.user.full_name or self.user.username

    @property
    def field_labels(self) -> list[str]:
        labels = dict(Expertise.choices)
        return [str(labels.get(value, value)) for value in self.expertise]

    def clean(self) -> None:
        unknown = [value for value in self.expertise or [] if value not in Expertise.values]
        if unknown:
            raise ValidationError({"expertise": _("未知的专业领域：%(v)s") % {"v": "、".join(unknown)}})


class LinkKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业")
    BANK = "bank", _("银行")
    INSURER = "insurer", _("保险机构")
    OTHER = "other", _("其他")


class Relation(models.TextChoices):
    EMPLOYMENT = "employment", _("任职")
    ADVICE = "advice", _("顾问")
    RELATIVE = "relative", _("亲属")
    DISPUTE = "dispute", _("纠纷")
    OTHER = "other", _("其他")


class ExpertLink(models.Model):
    """A declared relationship; whether it is a conflict for an application is ``experts.conflicts``'s question.

    Banks and insurers are named in ``counterpart`` and compared by ``conflicts.name_key`` (case, width,
    spaces, brackets, legal form and branch suffixes such as 分行/支行/分公司 ignored). An enterprise is
    chosen from the registered ones, or named in ``counterpart`` when it has not registered yet.
    """

    expert = models.ForeignKey(Expert, verbose_name=_("专家"), on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("关联对象类型"), max_length=16, choices=LinkKind.choices)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("关联企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    counterpart = models.CharField(
        _("关联机构名称"),
        max_length=100,
        blank=True,
        help_text=_("银行、保险机构请填写法人全称（如“中国银行股份有限公司”），分支机构名称可省略"),
    )
    relation = models.CharField(_("关系"), max_length=16, choices=Relation.choices)
    started_on = models.DateField(_("开始日期"), null=True, blank=True)
    ended_on = models.DateField(_("结束日期"), null=True, blank=True, help_text=_("仍在持续的关系留空"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["expert", "kind", "id"]
        verbose_name = _("利益关联")
        verbose_name_plural = _("利益关联")
        constraints = [
            models.CheckConstraint(
                name="expert_link_names_its_counterpart",
                condition=(
                    Q(kind=LinkKind.ENTERPRISE, enterprise__isnull=False)
                    | (~Q(counterpart="") & (Q(kind=LinkKind.ENTERPRISE) | Q(enterprise__isnull=True)))
                ),
            ),
            models.CheckConstraint(
                name="expert_link_dates_in_order",
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_relation_display()}：{self.counterpart_label}"

    @property
    def counterpart_label(self) -> str:
        return self.enterprise.name if self.enterprise_id else self.counterpart

    def clean(self) -> None:
        errors = {}
        if self.kind == LinkKind.ENTERPRISE and not self.enterprise_id and not self.counterpart.strip():
            errors["enterprise"] = _("请选择关联企业，或填写尚未注册企业的名称")
        if self.kind and self.kind != LinkKind.ENTERPRISE:
            if self.enterprise_id:
                errors["enterprise"] = _("只有“企业”类关联可以选择企业")
            if not self.counterpart.strip():
                errors["counterpart"] = _("请填写关联机构名称")
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("结束日期不能早于开始日期")
        if errors:
            raise ValidationError(errors)


class EvaluationGroup(models.Model):
    """One draw: who was drawn, from which pool, with which seed; ``draw_record`` is the whole story.

    ``draw_record`` holds ``pool`` (the eligible experts' codes, sorted), ``picks`` (codes in the order
    drawn), ``lead``, ``applications`` (per application: ``assigned``, ``excluded`` with reasons and
    ``alternates`` drawn, in order) and ``replacements`` (alternates drawn later for declared conflicts).
    """

    call = models.ForeignKey("calls.Call", verbose_name=_("申报批次"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("评审组名称"), max_length=64)
    selection = models.CharField(_("申报范围"), max_length=200, blank=True, help_text=_("如“专利保险补助·信息智能”"))
    seed = models.PositiveBigIntegerField(_("随机种子"))
    size = models.PositiveSmallIntegerField(_("抽取人数"))
    minimum = models.PositiveSmallIntegerField(_("每件申报最少专家数"))
    draw_record = models.JSONField(_("抽取记录"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("抽取人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("抽取时间"), default=timezone.now)

    class Meta:
        ordering = ["call", "created_at", "id"]
        verbose_name = _("评审组")
        verbose_name_plural = _("评审组")
        constraints = [models.UniqueConstraint(fields=["call", "name"], name="one_group_name_per_call")]

    def __str__(self) -> str:
        return f"{self.call} · {self.name}"

    @property
    def lead(self) -> Expert | None:
        member = self.members.filter(is_lead=True).select_related("expert__user").first()
        return member.expert if member else None


class GroupMember(models.Model):
    group = models.ForeignKey(
        EvaluationGroup, verbose_name=_("评审组"), on_delete=models.CASCADE, related_name="members"
    )
    expert = models.ForeignKey(Expert, verbose_name=_("专家"), on_delete=models.PROTECT, related_name="memberships")
    is_lead = models.BooleanField(_("评审组长"), default=False)
    # An alternate (递补专家) joined for some applications only, after conflicts left too few members.
    is_alternate = models.BooleanField(_("递补"), default=False)
    position = models.PositiveSmallIntegerField(_("抽取顺序"))

    class Meta:
        ordering = ["group", "position"]
        verbose_name = _("评审组成员")
        verbose_name_plural = _("评审组成员")
        constraints = [
            models.UniqueConstraint(fields=["group", "expert"], name="one_membership_per_group"),
            models.UniqueConstraint(fields=["group"], condition=Q(is_lead=True), name="one_lead_per_group"),
        ]

    def __str__(self) -> str:
        return f"{self.group} · {self.expert}"


class GroupApplication(models.Model):
    """An application is evaluated by one group only; the unique key stops two draws taking it at once."""

    group = models.ForeignKey(
        EvaluationGroup, verbose_name=_("评审组"), on_delete=models.CASCADE, related_name="entries"
    )
    application = models.OneToOneField(
        "workflow.Application", verbose_name=_("申报"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["group", "id"]
        verbose_name = _("评审组申报")
        verbose_name_plural = _("评审组申报")

    def __str__(self) -> str:
        return f"{self.group} · {self.application}"


class AssignmentStatus(models.TextChoices):
    ACTIVE = "active", _("评审中")
    EXCLUDED = "excluded", _("抽取时回避")
    DECLARED = "declared", _("专家申报回避")
    RELEASED = "released", _("已撤出")


class AssignmentQuerySet(models.QuerySet):
    def active(self) -> AssignmentQuerySet:
        return self.filter(status=AssignmentStatus.ACTIVE)

    def of_expert(self, expert) -> AssignmentQuerySet:
        return self.filter(expert=expert)

    def in_call(self, call) -> AssignmentQuerySet:
        return self.filter(group__call=call)

    def for_application(self, application) -> AssignmentQuerySet:
        return self.filter(application=application)


class Assignment(models.Model):
    group = models.ForeignKey(
        EvaluationGroup, verbose_name=_("评审组"), on_delete=models.CASCADE, related_name="assignments"
    )
    application = models.ForeignKey(
        "workflow.Application", verbose_name=_("申报"), on_delete=models.PROTECT, related_name="+"
    )
    expert = models.ForeignKey(Expert, verbose_name=_("专家"), on_delete=models.PROTECT, related_name="assignments")
    status = models.CharField(
        _("状态"), max_length=16, choices=AssignmentStatus.choices, default=AssignmentStatus.ACTIVE
    )
    reason = models.TextField(_("回避或撤出原因"), blank=True)
    is_alternate = models.BooleanField(_("递补"), default=False)
    created_at = models.DateTimeField(_("分配时间"), default=timezone.now)
    changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["group", "application", "id"]
        verbose_name = _("评审分配")
        verbose_name_plural = _("评审分配")
        constraints = [
            models.UniqueConstraint(fields=["application", "expert"], name="one_assignment_per_expert_and_application")
        ]
        indexes = [models.Index(fields=["expert", "status"]), models.Index(fields=["application", "status"])]

    def __str__(self) -> str:
        return f"{self.application} · {self.expert} · {self.get_status_display()}"


class Pledge(models.Model):
    """The expert accepted ``experts.pledge.TEXT`` (whose SHA-256 is kept) for one call."""

    expert = models.ForeignKey(Expert, verbose_name=_("专家"), on_delete=models.PROTECT, related_name="pledges")
    call = models.ForeignKey("calls.Call", verbose_name=_("申报批次"), on_delete=models.PROTECT, related_name="+")
    accepted_at = models.DateTimeField(_("签署时间"), default=timezone.now)
    text_sha256 = models.CharField(_("承诺书文本SHA-256"), max_length=64)

    class Meta:
        ordering = ["-accepted_at"]
        verbose_name = _("评审专家承诺书")
        verbose_name_plural = _("评审专家承诺书")
        constraints = [models.UniqueConstraint(fields=["expert", "call"], name="one_pledge_per_expert_and_call")]

    def __str__(self) -> str:
        return f"{self.expert} · {self.call}"
