"""Applications and their lifecycle.

An *application* (申报) is one enterprise's request under one call. It lists *items* — insurance
policies (保单) or loans (贷款) — with the patents each covers, uploads the *materials* the call's rules
edition asks for, and names the *payee account*. Its ``status`` is owned by the state machine below:
the transition table (``@transition`` methods, one line each) is the truth about where an application
stands. Transitions are never called directly: ``workflow.lifecycle`` is the one door that locks the
row, asks who may act, moves viewflow's tasks and writes the audit entry in one transaction.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from calls.models import Programme
from patents.models import InsuranceType

from . import rights


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交，待初审")
    RETURNED = "returned", _("退回补正")
    LAPSED = "lapsed", _("逾期未补正（视为放弃）")
    REJECTED = "rejected", _("初审不通过")
    PASSED = "passed", _("初审通过，待报送")
    FORWARDED = "forwarded", _("已报送省局")
    RETURNED_TO_UNIT = "returned_to_unit", _("省局退回市局")
    UNDER_EVALUATION = "under_evaluation", _("专家评审中")
    EVALUATED = "evaluated", _("评审完成")
    IN_NOTICE = "in_notice", _("公示中")
    APPROVED = "approved", _("批准补助")
    NOT_APPROVED = "not_approved", _("未获批准")
    PARTLY_PAID = "partly_paid", _("部分拨付")
    PAID = "paid", _("已拨付")
    PAYMENT_FAILED = "payment_failed", _("拨付失败")
    FORFEITED = "forfeited", _("视为放弃补助")
    WITHDRAWN = "withdrawn", _("已撤回")


# States in which the enterprise may still withdraw (before the province's evaluation starts).
WITHDRAWABLE = [
    Status.DRAFT,
    Status.SUBMITTED,
    Status.RETURNED,
    Status.LAPSED,
    Status.PASSED,
    Status.RETURNED_TO_UNIT,
    Status.FORWARDED,
]
# States in which the city review is over and the file is frozen for the enterprise.
OPEN_FOR_EDITING = [Status.DRAFT, Status.RETURNED]


class ApplicationQuerySet(models.QuerySet):
    def of_call(self, call) -> ApplicationQuerySet:
        return self.filter(call=call)

    def in_unit(self, unit) -> ApplicationQuerySet:
        return self.filter(unit=unit)

    def awaiting_city_review(self) -> ApplicationQuerySet:
        return self.filter(status=Status.SUBMITTED)

    def awaiting_forwarding(self) -> ApplicationQuerySet:
        return self.filter(status__in=[Status.PASSED, Status.RETURNED_TO_UNIT])

    def search(self, text: str) -> ApplicationQuerySet:
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            models.Q(number__icontains=text)
            | models.Q(enterprise__name__icontains=text)
            | models.Q(enterprise__uscc__icontains=text.upper())
        )


class Application(models.Model):
    call = models.ForeignKey("calls.Call", verbose_name=_("申报批次"), on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("申报企业"), on_delete=models.PROTECT, related_name="applications"
    )
    # The unit at the time of application: it reviews this file even if the enterprise later moves.
    unit = models.ForeignKey("places.Unit", verbose_name=_("初审单位"), on_delete=models.PROTECT, related_name="+")
    programme = models.CharField(_("补助项目"), max_length=16, choices=Programme.choices)
    number = models.CharField(_("申报编号"), max_length=32, unique=True, null=True, blank=True)
    status = FSMField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT, protected=True)
    process = models.OneToOneField(
        "viewflow.Process", null=True, blank=True, on_delete=models.SET_NULL, related_name="application"
    )
    # The expert scoring (evaluation.flows.ScoringFlow), once the province starts the evaluation.
    evaluation_process = models.OneToOneField(
        "viewflow.Process", null=True, blank=True, on_delete=models.SET_NULL, related_name="evaluated_application"
    )

    # Payee account (收款账户): the account name must be the enterprise's name.
    bank_name = models.CharField(_("开户银行"), max_length=100, blank=True)
    account_name = models.CharField(_("账户名称"), max_length=100, blank=True)
    account_number = models.CharField(_("银行账号"), max_length=40, blank=True)

    amount_requested = models.DecimalField(
        _("申请补助金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # The rules' answer when the application was last submitted, pinned to its edition (rules.md §4).
    precheck = models.JSONField(_("规则预审结果"), default=dict, blank=True)
    rules_edition = models.CharField(_("规则版本"), max_length=64, blank=True)
    rules_version = models.CharField(max_length=32, blank=True)
    rules_sha256 = models.CharField(max_length=64, blank=True)
    # The facts the rules were given, as stored at the last submission or judgement (re-run years later).
    facts = models.JSONField(_("规则事实"), default=dict, blank=True)
    amount_awarded = models.DecimalField(
        _("批准补助金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    decision_reason = models.TextField(_("批准/不予批准说明"), blank=True)

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("首次提交时间"), null=True, blank=True)
    last_submitted_at = models.DateTimeField(_("最近提交时间"), null=True, blank=True)
    reply_deadline = models.DateTimeField(_("补正截止时间"), null=True, blank=True)
    review_opinion = models.TextField(_("初审意见"), blank=True)
    status_changed_at = models.DateTimeField(_("状态变更时间"), default=timezone.now)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("申报")
        verbose_name_plural = _("申报")
        constraints = [
            models.UniqueConstraint(fields=["call", "enterprise"], name="one_application_per_enterprise_per_call")
        ]
        indexes = [models.Index(fields=["unit", "status"]), models.Index(fields=["call", "status"])]

    def __str__(self) -> str:
        return self.number or _("草稿（%(enterprise)s）") % {"enterprise": self.enterprise}

    def clean(self) -> None:
        if self.account_name and self.enterprise_id and self.account_name.strip() != self.enterprise.name:
            raise ValidationError(
                {"account_name": _("收款账户名称必须与企业名称“%(name)s”一致") % {"name": self.enterprise.name}}
            )

    @property
    def is_editable(self) -> bool:
        return self.status in OPEN_FOR_EDITING

    @property
    def items(self):
        return self.policies.all() if self.programme == Programme.INSURANCE else self.loans.all()

    # --- the transition table ---------------------------------------------------------------------------
    # Each line: from which states, to which state, and who may take it (a named question in rights.py,
    # asked again when the transition is called). Side effects live in workflow.lifecycle.

    @transition(status, source=Status.DRAFT, target=Status.SUBMITTED, permission=rights.can_submit)
    def submit(self, by, note=""): ...

    @transition(status, source=Status.SUBMITTED, target=Status.PASSED, permission=rights.can_review)
    def pass_review(self, by, note=""): ...

    @transition(status, source=Status.SUBMITTED, target=Status.RETURNED, permission=rights.can_review)
    def return_for_correction(self, by, note=""): ...

    @transition(status, source=Status.SUBMITTED, target=Status.REJECTED, permission=rights.can_review)
    def reject(self, by, note=""): ...

    @transition(status, source=Status.RETURNED, target=Status.SUBMITTED, permission=rights.can_answer_correction)
    def resubmit(self, by, note=""): ...

    @transition(status, source=Status.RETURNED, target=Status.LAPSED, permission=rights.system_only)
    def lapse(self, by, note=""): ...

    @transition(
        status, source=[Status.RETURNED, Status.LAPSED], target=Status.RETURNED, permission=rights.can_extend_correction
    )
    def extend_correction(self, by, note=""): ...

    @transition(
        status, source=[Status.PASSED, Status.RETURNED_TO_UNIT], target=Status.FORWARDED, permission=rights.can_forward
    )
    def forward(self, by, note=""): ...

    @transition(status, source=Status.FORWARDED, target=Status.RETURNED_TO_UNIT, permission=rights.can_return_to_unit)
    def return_to_unit(self, by, note=""): ...

    @transition(status, source=Status.RETURNED_TO_UNIT, target=Status.SUBMITTED, permission=rights.can_review)
    def reopen_review(self, by, note=""): ...

    @transition(status, source=WITHDRAWABLE, target=Status.WITHDRAWN, permission=rights.can_withdraw)
    def withdraw(self, by, note=""): ...

    # Provincial evaluation, notice, approval and payment (driven by the evaluation and finance pages).
    @transition(status, source=Status.FORWARDED, target=Status.UNDER_EVALUATION, permission=rights.is_province_admin)
    def start_evaluation(self, by, note=""): ...

    @transition(status, source=Status.UNDER_EVALUATION, target=Status.EVALUATED, permission=rights.system_only)
    def finish_evaluation(self, by, note=""): ...

    @transition(status, source=Status.EVALUATED, target=Status.IN_NOTICE, permission=rights.is_province_admin)
    def publish_notice(self, by, note=""): ...

    @transition(
        status, source=[Status.EVALUATED, Status.IN_NOTICE], target=Status.APPROVED, permission=rights.is_province_admin
    )
    def approve(self, by, note=""): ...

    @transition(
        status,
        source=[Status.EVALUATED, Status.IN_NOTICE],
        target=Status.NOT_APPROVED,
        permission=rights.is_province_admin,
    )
    def not_approve(self, by, note=""): ...

    @transition(
        status, source=[Status.APPROVED, Status.PARTLY_PAID], target=Status.PARTLY_PAID, permission=rights.is_finance
    )
    def record_part_payment(self, by, note=""): ...

    @transition(status, source=[Status.APPROVED, Status.PARTLY_PAID], target=Status.PAID, permission=rights.is_finance)
    def record_full_payment(self, by, note=""): ...

    @transition(
        status,
        source=[Status.APPROVED, Status.PARTLY_PAID, Status.PAID],
        target=Status.PAYMENT_FAILED,
        permission=rights.is_finance,
    )
    def record_payment_failure(self, by, note=""): ...

    # A reversing entry: part of what was paid stays paid, or nothing does.
    @transition(
        status, source=[Status.PAID, Status.PARTLY_PAID], target=Status.PARTLY_PAID, permission=rights.is_finance
    )
    def reverse_payment(self, by, note=""): ...

    @transition(status, source=[Status.PAID, Status.PARTLY_PAID], target=Status.APPROVED, permission=rights.is_finance)
    def reverse_all_payments(self, by, note=""): ...

    @transition(status, source=Status.PAYMENT_FAILED, target=Status.APPROVED, permission=rights.can_correct_account)
    def correct_account(self, by, note=""): ...

    @transition(status, source=Status.PAYMENT_FAILED, target=Status.FORFEITED, permission=rights.system_only)
    def forfeit(self, by, note=""): ...


class ApplicationCounter(models.Model):
    """Serial numbers per call and unit, allocated under a row lock: no gaps, no duplicates."""

    call = models.ForeignKey("calls.Call", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("places.Unit", on_delete=models.CASCADE, related_name="+")
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["call", "unit"], name="one_counter_per_call_and_unit")]

    def __str__(self) -> str:
        return f"{self.call_id}/{self.unit_id}: {self.last}"


MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0.00"))]}


class Policy(models.Model):
    """One insurance policy of an insurance application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="policies")
    insurer = models.CharField(_("保险机构"), max_length=100)
    policy_number = models.CharField(_("保单号"), max_length=64)
    insurance_type = models.CharField(_("险种"), max_length=40, choices=InsuranceType.choices)
    policy_date = models.DateField(_("投保日期"))
    period_start = models.DateField(_("保险期间起"))
    period_end = models.DateField(_("保险期间止"))
    premium = models.DecimalField(_("保费（元）"), **MONEY)
    first_year_premium = models.DecimalField(_("首年保费（元）"), **MONEY)
    coverage = models.DecimalField(_("保险金额（元）"), **MONEY)
    date_paid = models.DateField(_("保费缴纳日期"))
    paid_in_one_payment = models.BooleanField(_("保费一次性全额缴纳"), default=True)
    is_renewal = models.BooleanField(_("续保"), default=False)
    patents = models.ManyToManyField("patents.Patent", verbose_name=_("投保专利"), blank=True, related_name="+")
    # Reviewer's judgements (2021 edition); None until the city reviewer records them.
    core_technology_patent = models.BooleanField(_("核心技术专利（审核员判断）"), null=True, blank=True)
    product_matches_need = models.BooleanField(_("产品符合实际需求（审核员判断）"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("保单")
        verbose_name_plural = _("保单")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "policy_number"],
                name="one_policy_number_per_application",
                violation_error_message=_("本申报已填报过这个保单号"),
            ),
            models.CheckConstraint(
                name="policy_period_in_order", condition=models.Q(period_end__gte=models.F("period_start"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.insurer} {self.policy_number}"

    @property
    def item_key(self) -> str:
        return f"P{self.pk}"

    @property
    def premium_rate(self) -> Decimal | None:
        if not self.coverage:
            return None
        return (self.premium / self.coverage).quantize(Decimal("0.000001"))

    def clean(self) -> None:
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("保险期间止不能早于保险期间起")
        if self.premium is not None and self.first_year_premium is not None and self.first_year_premium > self.premium:
            errors["first_year_premium"] = _("首年保费不能大于总保费")
        if errors:
            raise ValidationError(errors)


class Loan(models.Model):
    """One patent-pledge loan of a loan-interest application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="loans")
    bank = models.CharField(_("贷款银行"), max_length=100)
    contract_number = models.CharField(_("贷款合同编号"), max_length=64)
    principal = models.DecimalField(_("贷款本金（元）"), **MONEY)
    annual_rate = models.DecimalField(
        _("贷款年利率（%）"),
        max_digits=6,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("36"))],
        help_text=_("例如 4.35 表示 4.35%"),
    )
    loan_start = models.DateField(_("贷款起始日"))
    loan_end = models.DateField(_("贷款到期日"))
    repaid_on = models.DateField(_("实际还款日"), null=True, blank=True)
    interest_paid_in_cycle = models.DecimalField(_("年度内实际支付利息（元）"), **MONEY)
    pledge_registration_number = models.CharField(_("专利权质押登记号"), max_length=64)
    pledged_share = models.DecimalField(
        _("专利质押占比（%）"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("100"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
        help_text=_("混合担保时专利权质押所占比例；全部以专利质押为 100"),
    )
    use_of_funds = models.CharField(_("贷款用途"), max_length=200)
    funds_for_patent_production = models.BooleanField(_("贷款用于专利产业化"), default=True)
    other_fiscal_subsidy = models.BooleanField(_("已享受其他财政贴息"), default=False)
    patents = models.ManyToManyField("patents.Patent", verbose_name=_("质押专利"), blank=True, related_name="+")

    class Meta:
        ordering = ["id"]
        verbose_name = _("贷款")
        verbose_name_plural = _("贷款")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "contract_number"],
                name="one_contract_per_application",
                violation_error_message=_("本申报已填报过这个贷款合同编号"),
            ),
            models.CheckConstraint(
                name="loan_dates_in_order", condition=models.Q(loan_end__gte=models.F("loan_start"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bank} {self.contract_number}"

    @property
    def item_key(self) -> str:
        return f"L{self.pk}"

    def clean(self) -> None:
        errors = {}
        if self.loan_start and self.loan_end and self.loan_end < self.loan_start:
            errors["loan_end"] = _("贷款到期日不能早于起始日")
        if self.repaid_on and self.loan_start and self.repaid_on < self.loan_start:
            errors["repaid_on"] = _("还款日不能早于贷款起始日")
        if errors:
            raise ValidationError(errors)


def material_path(instance: Material, filename: str) -> str:
    return f"materials/{instance.application_id}/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class Material(models.Model):
    """An uploaded file for one material of the edition's list; replacing it keeps the old one on record."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="materials")
    material_id = models.CharField(_("材料"), max_length=64)
    policy = models.ForeignKey(Policy, null=True, blank=True, on_delete=models.CASCADE, related_name="materials")
    loan = models.ForeignKey(Loan, null=True, blank=True, on_delete=models.CASCADE, related_name="materials")
    file = models.FileField(_("文件"), upload_to=material_path, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    extension = models.CharField(max_length=10)
    kind = models.CharField(_("文件类型"), max_length=16)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    current = models.BooleanField(default=True)

    class Meta:
        ordering = ["material_id", "-uploaded_at"]
        verbose_name = _("申报材料")
        verbose_name_plural = _("申报材料")
        indexes = [models.Index(fields=["application", "current"])]

    def __str__(self) -> str:
        return self.original_name

    @property
    def item_key(self) -> str | None:
        if self.policy_id:
            return f"P{self.policy_id}"
        if self.loan_id:
            return f"L{self.loan_id}"
        return None

    @staticmethod
    def digest(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()


class ReasonCode(models.TextChoices):
    """Why a city review refuses an application (domain.md §5, reasons seen in the texts)."""

    OUTSIDE_CYCLE = "outside_cycle", _("不在补助周期内")
    NOT_HEBEI = "not_hebei", _("非河北省注册企业或不具备法人资格")
    TERM_TOO_SHORT = "term_too_short", _("保险期间或贷款期限不足一年")
    NOT_ONE_PAYMENT = "not_one_payment", _("保费未一次性全额缴纳")
    NOT_OWN_PATENT = "not_own_patent", _("非企业自有专利")
    PATENT_INVALID = "patent_invalid", _("专利无效或未缴年费")
    ALREADY_SUBSIDISED = "already_subsidised", _("已获同类补助")
    NOT_FOR_PRODUCTION = "not_for_production", _("贷款未用于专利产业化")
    NOT_TECH_BASED = "not_tech_based", _("非科技型企业")
    OTHER_SUBSIDY = "other_subsidy", _("已享受其他财政贴息")
    MATERIALS_FALSE = "materials_false", _("材料不真实")
    OTHER = "other", _("其他")


class ReviewDecision(models.TextChoices):
    PASS = "pass", _("初审通过")
    RETURN = "return", _("退回补正")
    REJECT = "reject", _("不予通过")


class Review(models.Model):
    """One city-review outcome; a returned application gets a new review after it is resubmitted."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    round = models.PositiveSmallIntegerField(_("轮次"))
    decision = models.CharField(_("审核结论"), max_length=8, choices=ReviewDecision.choices)
    opinion = models.TextField(_("审核意见"), blank=True)
    # 一次性告知: every defect at once, each {"item": "...", "problem": "...", "provide": "..."}.
    defects = models.JSONField(_("补正事项"), default=list, blank=True)
    reason_codes = models.JSONField(_("不予通过原因"), default=list, blank=True)
    reply_deadline = models.DateTimeField(_("补正截止时间"), null=True, blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("审核时间"), default=timezone.now)

    class Meta:
        ordering = ["application", "round"]
        verbose_name = _("初审记录")
        verbose_name_plural = _("初审记录")
        constraints = [models.UniqueConstraint(fields=["application", "round"], name="one_review_per_round")]

    def __str__(self) -> str:
        return f"{self.application} #{self.round} {self.get_decision_display()}"


class Batch(models.Model):
    """A unit's forwarding of passed applications to the province (several batches per call allowed)."""

    call = models.ForeignKey("calls.Call", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("places.Unit", on_delete=models.PROTECT, related_name="+")
    serial = models.PositiveSmallIntegerField(_("批次序号"))
    applications = models.ManyToManyField(Application, related_name="batches")
    forwarded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    forwarded_at = models.DateTimeField(_("报送时间"), default=timezone.now)
    summary_sheet = models.FileField(_("汇总表"), upload_to="batches/", max_length=200, blank=True)

    class Meta:
        ordering = ["call", "unit", "serial"]
        verbose_name = _("报送批次")
        verbose_name_plural = _("报送批次")
        constraints = [models.UniqueConstraint(fields=["call", "unit", "serial"], name="one_serial_per_call_and_unit")]

    def __str__(self) -> str:
        return _("%(unit)s第%(n)d批") % {"unit": self.unit, "n": self.serial}


class ForwardingExtension(models.Model):
    """The province allows one unit to forward (or review) after the call's city-review deadline."""

    call = models.ForeignKey("calls.Call", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("places.Unit", on_delete=models.CASCADE, related_name="+")
    until = models.DateField(_("延长至"))
    reason = models.TextField(_("理由"))
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = _("报送延期")
        verbose_name_plural = _("报送延期")

    def __str__(self) -> str:
        return f"{self.unit} → {self.until}"


class Reminder(models.Model):
    """A reminder already sent, so the daily sweep never sends the same one twice."""

    key = models.CharField(max_length=120, unique=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("已发送提醒")
        verbose_name_plural = _("已发送提醒")

    def __str__(self) -> str:
        return self.key


class RulesSnapshot(models.Model):
    """The exact text of a rules edition that decided something, kept once per file hash (rules.md §4)."""

    sha256 = models.CharField(max_length=64, primary_key=True)
    edition_id = models.CharField(max_length=64)
    version = models.CharField(max_length=32)
    text = models.TextField()
    stored_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("规则版本快照")
        verbose_name_plural = _("规则版本快照")

    def __str__(self) -> str:
        return f"{self.edition_id} {self.version} {self.sha256[:12]}"

    @classmethod
    def keep(cls, edition) -> RulesSnapshot:
        snapshot, _created = cls.objects.get_or_create(
            sha256=edition.sha256, defaults={"edition_id": edition.id, "version": edition.version, "text": edition.text}
        )
        return snapshot

    def edition(self):
        from scoring.editions import pinned_edition

        return pinned_edition(self.edition_id, self.sha256, snapshot=self.text)
