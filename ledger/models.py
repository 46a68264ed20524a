"""The quarterly work ledger (知识产权金融工作事项台账, Form A of the 2022 plan) and the plan data it is judged by.

Words:
- **Plan year** (``PlanYear``): the province's figures for one year: the ledger's due day (10) and how many
  政银企对接 events each unit must hold per quarter (1). A year without its own row borrows 2022's and says so.
- **Ledger** (``Ledger``): one per unit per (year, quarter). ``draft`` → ``submitted`` (locked) → ``reopened``
  by the province with a reason → ``submitted`` again (补报). Lateness is judged on the **first** submission:
  that is the on-time record the annual evaluation counts; a later resubmission is shown as 补报 with its time.
- **Activity** (活动类 row) and **policy** (政策类 row), each with attachments: an activity's photos and
  materials (any number); a policy's PDF and its WPS (editable) file, both required before submission.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import quarters

DEFAULT_PLAN_YEAR = 2022
# Used only if even the 2022 row was deleted: the 2022 plan's own figures (items 二 and 四).
BUILT_IN_DUE_DAY = 10
BUILT_IN_MATCHMAKING = 1


class PlanYear(models.Model):
    """The province's figures for one year; edited by the province, 2022's loaded by a migration."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True, validators=[MinValueValidator(2000)])
    due_day = models.PositiveSmallIntegerField(
        _("台账报送截止日（每季度第一个月的第几日）"),
        default=BUILT_IN_DUE_DAY,
        # 28 at most, so that the day exists in every month.
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )
    matchmaking_per_quarter = models.PositiveSmallIntegerField(
        _("每季度至少组织政银企对接活动（次）"), default=BUILT_IN_MATCHMAKING, validators=[MaxValueValidator(20)]
    )
    note = models.TextField(_("说明"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("台账年度计划参数")
        verbose_name_plural = _("台账年度计划参数")
        constraints = [
            models.CheckConstraint(name="ledger_plan_due_day_1_28", condition=Q(due_day__gte=1, due_day__lte=28)),
        ]

    def __str__(self) -> str:
        return gettext("%(year)s年台账计划参数") % {"year": self.year}


@dataclass(frozen=True)
class Terms:
    """The figures a year's ledgers are judged by, and where they came from."""

    year: int
    due_day: int
    matchmaking_per_quarter: int
    source_year: int | None  # the PlanYear row used; None = the built-in 2022 figures

    @property
    def borrowed(self) -> bool:
        return self.source_year != self.year

    @property
    def explanation(self) -> str:
        if not self.borrowed:
            return ""
        source = self.source_year or DEFAULT_PLAN_YEAR
        return gettext("%(year)s年尚未设置年度计划参数，沿用%(source)s年的规定。") % {
            "year": self.year,
            "source": source,
        }

    def due_date(self, quarter: int) -> date:
        return quarters.due_date(self.year, quarter, self.due_day)


def terms_for(year: int) -> Terms:
    """The year's own PlanYear, else 2022's (the plan the system was built on), else its built-in figures."""
    rows = {p.year: p for p in PlanYear.objects.filter(year__in=[year, DEFAULT_PLAN_YEAR])}
    plan = rows.get(year) or rows.get(DEFAULT_PLAN_YEAR)
    if plan is None:
        return Terms(year, BUILT_IN_DUE_DAY, BUILT_IN_MATCHMAKING, None)
    return Terms(year, plan.due_day, plan.matchmaking_per_quarter, plan.year)


class LedgerQuerySet(models.QuerySet):
    def of_year(self, year: int) -> LedgerQuerySet:
        return self.filter(year=year)

    def of_unit(self, unit) -> LedgerQuerySet:
        return self.filter(unit=unit)

    def with_counts(self) -> LedgerQuerySet:
        """Matchmaking events and policy rows counted in the same query (the matrix must not query per cell)."""
        return self.annotate(
            matchmaking_count=Count(
                "activities", filter=Q(activities__category=Activity.Category.MATCHMAKING), distinct=True
            ),
            policy_count=Count("policies", distinct=True),
        )


class Ledger(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("填写中")
        SUBMITTED = "submitted", _("已报送")
        REOPENED = "reopened", _("已退回修改")

    # The transition table: action -> (states it may start from, state it leaves). ``ledger.filing`` is the
    # only door; it locks the row, asks the permission question and writes the audit entry.
    TRANSITIONS = {
        "submit": ({Status.DRAFT, Status.REOPENED}, Status.SUBMITTED),
        "reopen": ({Status.SUBMITTED}, Status.REOPENED),
    }
    EDITABLE = (Status.DRAFT, Status.REOPENED)

    unit = models.ForeignKey("places.Unit", verbose_name=_("填报单位"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"), choices=[(q, q) for q in quarters.QUARTERS])
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    # The on-time record: set once, at the first submission, never moved by a 补报.
    first_submitted_at = models.DateTimeField(_("首次报送时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reopen_count = models.PositiveSmallIntegerField(_("退回次数"), default=0)
    reopened_at = models.DateTimeField(_("退回时间"), null=True, blank=True)
    reopen_reason = models.TextField(_("退回原因"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = LedgerQuerySet.as_manager()

    class Meta:
        ordering = ["year", "quarter", "unit__order"]
        verbose_name = _("季度工作台账")
        verbose_name_plural = _("季度工作台账")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "quarter"], name="ledger_one_per_unit_quarter"),
            models.CheckConstraint(name="ledger_quarter_1_4", condition=Q(quarter__gte=1, quarter__lte=4)),
            models.CheckConstraint(
                name="ledger_submitted_has_time",
                condition=~Q(status="submitted") | Q(submitted_at__isnull=False, first_submitted_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(unit)s %(year)s年第%(quarter)s季度台账") % {
            "unit": self.unit.name,
            "year": self.year,
            "quarter": self.quarter,
        }

    @property
    def editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def status_css(self) -> str:
        return {"draft": "pending", "submitted": "passed", "reopened": "returned"}[self.status]

    @property
    def resubmitted(self) -> bool:
        """补报: submitted again after the province reopened it."""
        return self.status == self.Status.SUBMITTED and self.reopen_count > 0

    def due_date(self, terms: Terms | None = None) -> date:
        return (terms or terms_for(self.year)).due_date(self.quarter)

    def timeliness(self, terms: Terms | None = None, today: date | None = None) -> quarters.Timeliness:
        return quarters.timeliness(self.first_submitted_at, self.due_date(terms), today or quarters.today_in_shanghai())

    @property
    def starts_on(self) -> date:
        return quarters.quarter_start(self.year, self.quarter)

    @property
    def ends_on(self) -> date:
        return quarters.quarter_end(self.year, self.quarter)


class Activity(models.Model):
    """A 活动类 row: what was done, with whom, and what came of it."""

    class Category(models.TextChoices):
        MATCHMAKING = "matchmaking", _("政银企对接")
        POLICY_OUTREACH = "policy_outreach", _("政策入企")
        TRAINING = "training", _("宣传培训")
        INTO_PARKS = "into_parks", _("入园惠企")
        INTERMEDIARY = "intermediary", _("中介服务")
        INSURANCE = "insurance", _("保险推广")
        OTHER = "other", _("其他")

    ledger = models.ForeignKey(Ledger, on_delete=models.CASCADE, related_name="activities")
    category = models.CharField(_("活动类别"), max_length=20, choices=Category.choices)
    held_on = models.DateField(_("活动日期"))
    content = models.TextField(_("活动内容"), max_length=2000)
    departments = models.CharField(_("参与部门"), max_length=300)
    outcome = models.TextField(_("取得成效"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("活动类事项")
        verbose_name_plural = _("活动类事项")

    def __str__(self) -> str:
        return self.content[:40]


class PolicyItem(models.Model):
    """A 政策类 row: a mechanism formed, an agreement signed or a policy issued."""

    class Kind(models.TextChoices):
        MECHANISM = "mechanism", _("新形成机制")
        AGREEMENT = "agreement", _("签署协议")
        POLICY = "policy", _("出台政策")
        OTHER = "other", _("其他")

    ledger = models.ForeignKey(Ledger, on_delete=models.CASCADE, related_name="policies")
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("名称"), max_length=200)
    issuer = models.CharField(_("合作单位/出台部门"), max_length=200)
    number = models.CharField(_("文号"), max_length=100, blank=True, help_text=_("无文号的协议、机制可不填"))
    issued_on = models.DateField(_("出台时间"))
    summary = models.TextField(_("主要内容"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["issued_on", "id"]
        verbose_name = _("政策类事项")
        verbose_name_plural = _("政策类事项")

    def __str__(self) -> str:
        return self.title


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"ledger/{instance.ledger_id}/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class Attachment(models.Model):
    """A file on an activity (photos, materials) or on a policy (its PDF, its WPS file)."""

    class Slot(models.TextChoices):
        MATERIAL = "material", _("照片/资料")
        PDF = "pdf", _("PDF版")
        WPS = "wps", _("WPS版")

    # What counts as "the WPS file": the editable word-processing document, in any format WPS writes.
    WPS_EXTENSIONS = (".wps", ".doc", ".docx")

    ledger = models.ForeignKey(Ledger, on_delete=models.CASCADE, related_name="attachments")
    activity = models.ForeignKey(Activity, null=True, blank=True, on_delete=models.CASCADE, related_name="files")
    policy = models.ForeignKey(PolicyItem, null=True, blank=True, on_delete=models.CASCADE, related_name="files")
    slot = models.CharField(_("类别"), max_length=16, choices=Slot.choices)
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    extension = models.CharField(max_length=10)
    kind = models.CharField(_("文件类型"), max_length=16)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ["slot", "uploaded_at", "id"]
        verbose_name = _("台账附件")
        verbose_name_plural = _("台账附件")
        constraints = [
            # Exactly one owner row, and the slot fits it.
            models.CheckConstraint(
                name="ledger_attachment_owner_matches_slot",
                condition=(
                    Q(activity__isnull=False, policy__isnull=True, slot="material")
                    | Q(activity__isnull=True, policy__isnull=False, slot__in=["pdf", "wps"])
                ),
            ),
            # One PDF and one WPS file per policy: uploading again replaces it.
            models.UniqueConstraint(
                fields=["policy", "slot"], condition=Q(policy__isnull=False), name="ledger_one_file_per_policy_slot"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @staticmethod
    def digest(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()
