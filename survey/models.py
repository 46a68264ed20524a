"""The financing-demand survey (融资需求调查, plan item 三) and the white list (白名单).

Words:
- **Plan** (``SurveyPlan``): one per year, the province's figures — the target of enterprises per unit (50 in
  2022, overridable per unit with ``UnitTarget``) and the deadline for units to send their batch (10 April).
- **Key enterprise** (``KeyEnterprise``): one of the 100 龙头企业 of the 服务企业行 activity for a year; such
  enterprises are surveyed first and listed first.
- **Response** (``SurveyResponse``): one filled 企业知识产权质押融资信息采集表 (Form B), every field typed, amounts
  in 万元. An enterprise has at most one *current* response per year; a re-submission (online or by import)
  is a new *version* and the earlier one stays, marked not current, so the history is never overwritten.
- **Import** (``SurveyImport``): one uploaded workbook, its progress and outcome; committed all or nothing.
- **Batch send** (``BatchSend``): a unit's act of sending its year's responses to the province (报省局汇总),
  with its lateness computed against the plan's deadline in Asia/Shanghai.
- **White-list export** (``WhiteListExport``): one list of consenting enterprises sent to the banking regulator
  and/or the social-credit lead unit: who, which filter, which enterprises, to whom, when.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.masking import mask_phone  # the one masking rule; also importable from here
from enterprises.models import Industry, Size

DEFAULT_TARGET = 50  # plan item 三: 各市调查企业不少于50家
ZERO = Decimal("0.00")


def money_field(label: str, **kwargs) -> models.DecimalField:
    """An amount in 万元, to the 分 of a 万元 (two places) as the form's figures are written."""
    return models.DecimalField(
        label, max_digits=12, decimal_places=2, validators=[MinValueValidator(ZERO)], null=True, blank=True, **kwargs
    )


def count_field(label: str, **kwargs) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, null=True, blank=True, **kwargs)


# --- the plan --------------------------------------------------------------------------------------------------


class SurveyPlan(models.Model):
    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    target = models.PositiveSmallIntegerField(_("每单位调查企业数目标"), default=DEFAULT_TARGET)
    deadline = models.DateField(_("报送省局截止日期"))
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("需求调查年度计划")
        verbose_name_plural = _("需求调查年度计划")

    def __str__(self) -> str:
        return f"{self.year}"

    @classmethod
    def for_year(cls, year: int) -> SurveyPlan:
        """The year's plan; a year the province has not set up gets the 2022 figures (not saved)."""
        return cls.objects.filter(year=year).first() or cls(year=year, deadline=date(year, 4, 10))

    def target_for(self, unit) -> int:
        if self.pk:
            override = self.unit_targets.filter(unit=unit).values_list("target", flat=True).first()
            if override is not None:
                return override
        return self.target

    def targets(self) -> dict[int, int]:
        """Unit id -> target, overrides applied (one query)."""
        from places.models import Unit

        overrides = dict(self.unit_targets.values_list("unit_id", "target")) if self.pk else {}
        return {unit_id: overrides.get(unit_id, self.target) for unit_id in Unit.objects.values_list("id", flat=True)}


class UnitTarget(models.Model):
    plan = models.ForeignKey(SurveyPlan, on_delete=models.CASCADE, related_name="unit_targets")
    unit = models.ForeignKey("places.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    target = models.PositiveSmallIntegerField(_("调查企业数目标"))

    class Meta:
        verbose_name = _("单位目标")
        verbose_name_plural = _("单位目标")
        constraints = [models.UniqueConstraint(fields=["plan", "unit"], name="survey_one_target_per_unit")]

    def __str__(self) -> str:
        return f"{self.plan.year} {self.unit}: {self.target}"


class KeyEnterprise(models.Model):
    """One of the year's 100 key enterprises; matched to responses by USCC (the enterprise may not be registered)."""

    year = models.PositiveSmallIntegerField(_("年度"))
    uscc = models.CharField(_("统一社会信用代码"), max_length=18)
    name = models.CharField(_("企业名称"), max_length=100)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["year", "name"]
        verbose_name = _("服务企业行重点企业")
        verbose_name_plural = _("服务企业行重点企业")
        constraints = [models.UniqueConstraint(fields=["year", "uscc"], name="survey_key_enterprise_once")]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


# --- Form B's choices --------------------------------------------------------------------------------------------


class Ownership(models.TextChoices):  # 企业性质
    SINO_FOREIGN = "sino_foreign", _("中外合资企业")
    STATE = "state", _("国有企业")
    PRIVATE = "private", _("民营企业")
    OTHER = "other", _("其他")


class LoanTerm(models.TextChoices):  # 期望贷款期限
    UNDER_3M = "lt3m", _("3个月以下")
    M3_6 = "3to6m", _("3—6个月")
    M6_12 = "6to12m", _("6个月—1年")
    Y1_2 = "1to2y", _("1年—2年")


class MaxCost(models.TextChoices):  # 能够接受的最高融资成本
    BENCHMARK = "benchmark", _("基准利率")
    P5_6 = "5-6", _("5%-6%")
    P6_7 = "6-7", _("6%-7%")
    P7_8 = "7-8", _("7%-8%")
    P8_9 = "8-9", _("8%-9%")
    P9_10 = "9-10", _("9%-10%")
    OVER_10 = "10+", _("10%以上")


class Purpose(models.TextChoices):  # 融资目的（可多选）
    EXPAND = "expand", _("扩大经营规模")
    WORKING_CAPITAL = "working_capital", _("补充周转资金")
    REPAY = "repay", _("归还到期贷款")
    FIXED_ASSETS = "fixed_assets", _("固定资产投资")
    TECH_UPGRADE = "tech_upgrade", _("技改项目")
    NEW_PROJECT = "new_project", _("投资新项目")
    NEW_COMPANY = "new_company", _("创办新企业")
    OTHER = "other", _("其他（请注明）")


class Source(models.TextChoices):
    ONLINE = "online", _("企业在线填报")
    IMPORTED = "imported", _("单位导入")


# --- responses ---------------------------------------------------------------------------------------------------


class SurveyResponseQuerySet(models.QuerySet):
    def current(self) -> SurveyResponseQuerySet:
        return self.filter(is_current=True)

    def of_year(self, year: int) -> SurveyResponseQuerySet:
        return self.filter(year=year)

    def in_unit(self, unit) -> SurveyResponseQuerySet:
        return self.filter(enterprise__unit=unit)

    def consenting(self) -> SurveyResponseQuerySet:
        """Only enterprises that agreed to be on the white list (participation is voluntary)."""
        return self.filter(whitelist_consent=True)

    def key_first(self) -> SurveyResponseQuerySet:
        """Key enterprises of the response's year first, then by unit and name."""
        key = KeyEnterprise.objects.filter(year=models.OuterRef("year"), uscc=models.OuterRef("uscc"))
        return self.annotate(is_key=models.Exists(key)).order_by("-is_key", "enterprise__unit__order", "name")


class SurveyResponse(models.Model):
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="survey_responses"
    )
    year = models.PositiveSmallIntegerField(_("调查年度"))
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    is_current = models.BooleanField(_("当前版本"), default=True)
    filled_month = models.DateField(_("填报时间"), help_text=_("年月，按每月1日保存"))

    # 一、企业基本情况
    controller_years = count_field(_("实际控制人从业年限"))
    controller_education = models.CharField(_("实际控制人受教育程度"), max_length=32, blank=True)
    name = models.CharField(_("企业名称"), max_length=100)
    ownership = models.CharField(_("企业性质"), max_length=16, choices=Ownership.choices)
    years_established = count_field(_("企业成立年限"))
    registered_capital = money_field(_("注册资本"))
    address = models.CharField(_("所在地址"), max_length=200)
    premises_ownership = models.CharField(_("主要经营场所权属"), max_length=64, blank=True)
    listed_high_tech = models.BooleanField(_("是否纳入省级及以上高新技术、专精特新等企业"), null=True, blank=True)
    management_changed = models.BooleanField(_("近12个月关键管理人员是否发生变动"), null=True, blank=True)
    uscc = models.CharField(_("信用代码"), max_length=18)
    size = models.CharField(_("企业规模"), max_length=16, choices=Size.choices)
    contact_name = models.CharField(_("联系人"), max_length=64)
    contact_title = models.CharField(_("职务"), max_length=64, blank=True)
    contact_phone = models.CharField(_("电话/手机"), max_length=32)
    industry = models.CharField(_("所属行业"), max_length=16, choices=Industry.choices)
    assets = money_field(_("上年度末资产金额"))
    liabilities = money_field(_("上年度末负债金额"))
    revenue_last_year = money_field(_("上年度营业收入"))
    revenue_this_year = money_field(_("当年累计营业收入"))
    sales_two_years = models.CharField(_("近两年销售收入"), max_length=200, blank=True)
    large_assets = models.CharField(_("大额资产"), max_length=200, blank=True)
    audited = models.BooleanField(_("财务报表是否经过审计"), null=True, blank=True)
    lawsuits_as_defendant = count_field(_("近12个月企业作为被告的案件数量"))
    administrative_penalties = count_field(_("近12个月企业被工商/税务/海关行政处罚次数"))
    main_products = models.CharField(_("主要产品/服务名称"), max_length=200, blank=True)
    military_civil = models.BooleanField(_("军民融合企业"), null=True, blank=True)
    cultural = models.BooleanField(_("文化企业"), null=True, blank=True)

    # 二、企业拥有知识产权情况（截至上年12月31日）
    patent_applications = count_field(_("专利申请量"))
    patents_granted = count_field(_("专利授权量"))
    patents_valid = count_field(_("有效专利量"))
    trademarks = count_field(_("商标拥有数量"))
    software_copyrights = count_field(_("软件著作权数量"))
    ic_layouts = count_field(_("集成电路布图设计数量"))

    # 三、融资需求
    amount_sought = models.DecimalField(
        _("拟融资额"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    loan_term = models.CharField(_("期望贷款期限"), max_length=8, choices=LoanTerm.choices)
    banks = models.JSONField(_("拟合作银行"), default=list, blank=True)
    max_cost = models.CharField(_("能够接受的最高融资成本"), max_length=16, choices=MaxCost.choices)
    purposes = models.JSONField(_("融资目的"), default=list)
    purpose_other = models.CharField(_("其他融资目的"), max_length=200, blank=True)
    repayment_plan = models.TextField(_("还款计划"), blank=True)
    other_notes = models.TextField(_("其他补充说明"), blank=True)

    # 四、对知识产权质押融资的政策建议
    policy_suggestions = models.TextField(_("对知识产权质押融资的政策建议"), blank=True)

    # Consent (voluntary): recorded with who gave or attested it and when.
    whitelist_consent = models.BooleanField(_("同意列入白名单推送银行"), default=False)
    phone_consent = models.BooleanField(_("同意向银行展示联系电话"), default=False)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("同意记录人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    consent_recorded_at = models.DateTimeField(_("同意记录时间"), null=True, blank=True)

    source = models.CharField(_("来源"), max_length=16, choices=Source.choices)
    source_import = models.ForeignKey(
        "SurveyImport",
        verbose_name=_("导入批次"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responses",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提交人"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)

    objects = SurveyResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "name", "-version"]
        verbose_name = _("融资需求信息采集表")
        verbose_name_plural = _("融资需求信息采集表")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year", "version"], name="survey_version_once"),
            models.UniqueConstraint(
                fields=["enterprise", "year"], condition=Q(is_current=True), name="survey_one_current_per_year"
            ),
            models.CheckConstraint(
                name="survey_import_source_names_import",
                condition=Q(source="online", source_import__isnull=True)
                | Q(source="imported", source_import__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["year", "is_current"])]

    def __str__(self) -> str:
        return f"{self.year} {self.name} v{self.version}"

    @property
    def purpose_labels(self) -> list[str]:
        labels = []
        for code in self.purposes:
            if code == Purpose.OTHER:
                labels.append(f"{_('其他')}：{self.purpose_other}" if self.purpose_other else str(_("其他")))
            elif code in Purpose.values:
                labels.append(str(Purpose(code).label))
        return labels

    @property
    def shown_phone(self) -> str:
        return self.contact_phone if self.phone_consent else mask_phone(self.contact_phone)


# --- imports, sends, exports --------------------------------------------------------------------------------------


class ImportStatus(models.TextChoices):
    RECEIVED = "received", _("已上传，待检查")
    QUEUED = "queued", _("排队等待后台处理")
    CHECKING = "checking", _("检查中")
    REFUSED = "refused", _("有错误，未导入")
    WRITING = "writing", _("写入中")
    DONE = "done", _("已导入")


class SurveyImport(models.Model):
    unit = models.ForeignKey("places.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("调查年度"))
    file = models.FileField(_("上传文件"), upload_to="survey/imports/")
    file_name = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    status = models.CharField(_("状态"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.RECEIVED)
    total_rows = models.PositiveIntegerField(_("数据行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已检查行数"), default=0)
    problems = models.JSONField(_("问题"), default=list, blank=True)  # the first messages, for the page
    problem_count = models.PositiveIntegerField(_("问题数"), default=0)
    marked_file = models.FileField(_("标注错误的工作簿"), upload_to="survey/marked/", blank=True)
    created_enterprises = models.PositiveIntegerField(_("新建企业数"), default=0)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("需求调查导入")
        verbose_name_plural = _("需求调查导入")

    def __str__(self) -> str:
        return self.file_name

    @property
    def percent(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0


class BatchSend(models.Model):
    """A unit sends its year's batch to the province; it may send again after corrections (each send recorded)."""

    unit = models.ForeignKey("places.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("调查年度"))
    sent_at = models.DateTimeField(_("报送时间"), default=timezone.now)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报送人"), on_delete=models.PROTECT)
    deadline = models.DateField(_("截止日期"))  # the plan's deadline in force when sent
    response_count = models.PositiveIntegerField(_("报送企业数"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("报送省局记录")
        verbose_name_plural = _("报送省局记录")

    def __str__(self) -> str:
        return f"{self.year} {self.unit} {self.sent_at:%Y-%m-%d}"

    @property
    def days_late(self) -> int:
        """Whole days after the deadline, by the date in Asia/Shanghai (0 when on time)."""
        sent_on = timezone.localtime(self.sent_at).date()
        return max((sent_on - self.deadline).days, 0)

    @property
    def is_late(self) -> bool:
        return self.days_late > 0


class Recipient(models.TextChoices):
    BANKING_REGULATOR = "banking_regulator", _("银保监部门")
    CREDIT_LEAD = "credit_lead", _("社会信用体系建设牵头单位")
    BOTH = "both", _("银保监部门和社会信用体系建设牵头单位")


class WhiteListExport(models.Model):
    year = models.PositiveSmallIntegerField(_("调查年度"))
    unit = models.ForeignKey(
        "places.Unit",
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("空表示省局导出"),
    )
    recipient = models.CharField(_("推送对象"), max_length=32, choices=Recipient.choices)
    recipient_name = models.CharField(_("接收单位名称"), max_length=100, blank=True)
    filters = models.JSONField(_("筛选条件"), default=dict)
    enterprises = models.JSONField(_("企业名单"), default=list)  # [{"id", "uscc", "name", "response"}]
    row_count = models.PositiveIntegerField(_("企业数"))
    exported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("导出人"), on_delete=models.PROTECT)
    exported_at = models.DateTimeField(_("导出时间"), default=timezone.now)
    file = models.FileField(_("导出文件"), upload_to="survey/whitelists/")

    class Meta:
        ordering = ["-exported_at"]
        verbose_name = _("白名单导出记录")
        verbose_name_plural = _("白名单导出记录")

    def __str__(self) -> str:
        return f"{self.year} {self.get_recipient_display()} {self.exported_at:%Y-%m-%d}"
