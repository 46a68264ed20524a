"""Patents as records, and the awards the province paid before this system existed.

- A **patent** belongs to one enterprise's list (the same number may sit on two lists when co-owned). Its
  *legal status* is first *declared* by the enterprise; a city reviewer or the province *confirms* it
  against the annual-fee receipts or a CNIPA query (``checks.confirm_status``), which records the date,
  source and checker. The rules read a patent through ``Patent.as_facts``.
- A **past award** is one line of an earlier year's award list (year, programme, enterprise code, patent,
  insurance type, amount), imported from .xlsx (``imports``) so that "once per patent and insurance type"
  and "renewal of last year's patent" can be checked against years before the system (``history``).
"""

from __future__ import annotations

import unicodedata
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from calls.models import Programme
from enterprises import uscc

from . import numbers


class PatentType(models.TextChoices):
    INVENTION = numbers.INVENTION, _("发明")
    UTILITY_MODEL = numbers.UTILITY_MODEL, _("实用新型")
    DESIGN = numbers.DESIGN, _("外观设计")


class LegalStatus(models.TextChoices):
    VALID = "valid", _("有效")
    LAPSED_FEE = "lapsed_fee", _("未缴年费失效")
    EXPIRED = "expired", _("期限届满")
    INVALIDATED = "invalidated", _("被宣告无效")
    ABANDONED = "abandoned", _("放弃")
    PENDING = "pending", _("审查中")
    UNKNOWN = "unknown", _("未核实")


class StatusSource(models.TextChoices):
    DECLARED = "declared", _("企业申报")
    ANNUAL_FEE_RECEIPT = "annual_fee_receipt", _("年费缴纳凭证核对")
    CNIPA_QUERY = "cnipa_query", _("国家知识产权局查询")


# Patent Law Art. 42: invention 20 years, utility model 10, design 10 — 15 for designs filed from
# 1 June 2021 (fourth amendment) — counted from the filing date (the international filing date for PCT).
TERM_YEARS = {PatentType.INVENTION: 20, PatentType.UTILITY_MODEL: 10, PatentType.DESIGN: 10}
DESIGN_15_YEARS_FROM = date(2021, 6, 1)


def comparable_name(name: str) -> str:
    """A name as compared for ownership: full-width forms folded (（）→()), all whitespace removed."""
    return "".join(unicodedata.normalize("NFKC", name or "").split())


class PatentQuerySet(models.QuerySet):
    def of_enterprise(self, enterprise) -> PatentQuerySet:
        return self.filter(enterprise=enterprise)

    def search(self, text: str) -> PatentQuerySet:
        text = (text or "").strip()
        if not text:
            return self
        try:  # a whole number, typed any way we accept, finds exactly that patent
            return self.filter(number=numbers.normalise(text))
        except ValidationError:
            pass
        compact = "".join(unicodedata.normalize("NFKC", text).replace("。", ".").upper().split())
        return self.filter(models.Q(number__icontains=compact.removeprefix("ZL")) | models.Q(title__icontains=text))


class Patent(models.Model):
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="patents"
    )
    number = models.CharField(
        _("专利号"),
        max_length=20,
        validators=[numbers.validate_patent_number],
        help_text=_("如 ZL201710601862.3，含校验位；大小写、空格和全角字符均可"),
    )
    title = models.CharField(_("专利名称"), max_length=200)
    owner = models.CharField(_("专利权人"), max_length=200, help_text=_("按专利证书或登记簿填写"))
    patent_type = models.CharField(_("专利类型"), max_length=16, choices=PatentType.choices)
    application_date = models.DateField(_("申请日"), null=True, blank=True)
    grant_date = models.DateField(_("授权公告日"), null=True, blank=True)
    legal_status = models.CharField(
        _("法律状态"), max_length=16, choices=LegalStatus.choices, default=LegalStatus.UNKNOWN
    )
    annual_fee_paid_through = models.DateField(
        _("年费缴纳至"), null=True, blank=True, help_text=_("最近一次已缴年费所覆盖的专利年度的最后一天")
    )
    status_checked_on = models.DateField(_("法律状态核实日期"), null=True, blank=True)
    status_source = models.CharField(_("核实方式"), max_length=24, choices=StatusSource.choices, blank=True)
    status_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核实人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status_note = models.TextField(_("核实说明"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = PatentQuerySet.as_manager()

    class Meta:
        ordering = ["enterprise_id", "number"]
        verbose_name = _("专利")
        verbose_name_plural = _("专利")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "number"],
                name="patent_number_once_per_enterprise",
                violation_error_message=_("本企业已登记该专利号"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        try:
            self.number = numbers.normalise(self.number)
        except ValidationError:
            pass  # saved without full_clean (admin scripts): keep what was given rather than fail here
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None) -> None:
        # The type may be left to the number: fill it before the "required" check runs.
        if not self.patent_type:
            try:
                self.patent_type = numbers.patent_type_of(self.number)
            except ValidationError:
                pass
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        """Normalise the number (before the uniqueness check) and keep the type consistent with it."""
        try:
            parsed = numbers.parse(self.number)
        except ValidationError:
            return  # the field's own validator reports it
        self.number = parsed.normalised
        if self.patent_type != parsed.patent_type:
            raise ValidationError(
                {
                    "patent_type": _("专利号第%(pos)d位类型代码为“%(digit)s”，表示%(type)s，与所选专利类型不符")
                    % {
                        "pos": 5 if len(parsed.application_number) == 12 else 3,
                        "digit": parsed.type_digit,
                        "type": PatentType(parsed.patent_type).label,
                    }
                }
            )
        if self.application_date and self.grant_date and self.grant_date < self.application_date:
            raise ValidationError({"grant_date": _("授权公告日不能早于申请日")})

    @property
    def term_ends(self) -> date | None:
        """The first day the patent is no longer in force by its term (None when the filing date is unknown)."""
        if self.application_date is None:
            return None
        years = TERM_YEARS.get(self.patent_type)
        if years is None:
            return None
        if self.patent_type == PatentType.DESIGN and self.application_date >= DESIGN_15_YEARS_FROM:
            years = 15
        start = self.application_date
        try:
            return start.replace(year=start.year + years)
        except ValueError:  # filed on 29 February
            return start.replace(year=start.year + years, day=28)

    def owner_is(self, enterprise) -> bool:
        """The owner as written is exactly the enterprise's name (ignoring spaces and bracket widths)."""
        return bool(self.owner) and comparable_name(self.owner) == comparable_name(enterprise.name)

    def is_valid_on(self, day: date) -> bool:
        """In force on ``day``: status recorded as valid, granted by then, and its term not over."""
        if self.legal_status != LegalStatus.VALID:
            return False
        if self.grant_date is not None and self.grant_date > day:
            return False
        term_ends = self.term_ends
        return term_ends is None or day < term_ends

    def as_facts(self, enterprise, cycle_year: int) -> dict:
        """The patent as the rules see it (scoring.facts.PATENT_FIELDS).

        Post-subsidy: the call of year N+1 pays for policies and interest of the cycle year N, so the patent
        must still be valid, and its annual fee paid, at the end of the cycle year.
        """
        cycle_end = date(cycle_year, 12, 31)
        return {
            "type": self.patent_type,
            "owner_is_applicant": self.owner_is(enterprise),
            "legal_status_valid": self.is_valid_on(cycle_end),
            "annual_fee_paid": self.annual_fee_paid_through is not None and self.annual_fee_paid_through >= cycle_end,
        }


class InsuranceType(models.TextChoices):
    """The insurance types of the 2021 measures; ``other`` for lists that name none (2019 edition)."""

    PATENT_ENFORCEMENT = "patent_enforcement", _("专利执行保险")
    INFRINGEMENT_LOSS = "infringement_loss", _("专利被侵权损失险")
    INFRINGEMENT_LIABILITY = "infringement_liability", _("侵犯专利权责任险")
    OVERSEAS_EXHIBITION_LEGAL_COSTS = "overseas_exhibition_legal_costs", _("境外会展专利纠纷法律费用险")
    OTHER = "other", _("其他")


class AwardImport(models.Model):
    """One committed award-list file: who imported what, when, and how many rows it gave."""

    file_name = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(_("文件SHA-256"), max_length=64, unique=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(_("导入时间"), auto_now_add=True)
    row_count = models.PositiveIntegerField(_("行数"))

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("历年补助导入记录")
        verbose_name_plural = _("历年补助导入记录")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.row_count})"


class PastAwardQuerySet(models.QuerySet):
    def of_enterprise(self, code: str) -> PastAwardQuerySet:
        return self.filter(uscc=uscc.normalise(code))

    def search(self, text: str) -> PastAwardQuerySet:
        text = (text or "").strip()
        if not text:
            return self
        try:
            return self.filter(patent_number=numbers.normalise(text))
        except ValidationError:
            pass
        compact = "".join(unicodedata.normalize("NFKC", text).upper().split())
        return self.filter(
            models.Q(uscc__icontains=compact)
            | models.Q(enterprise_name__icontains=text)
            | models.Q(patent_number__icontains=compact.removeprefix("ZL"))
        )


class PastAward(models.Model):
    """One line of an award list from before the system. Blank patent / insurance type are stored as ''."""

    year = models.PositiveSmallIntegerField(_("年度"))
    programme = models.CharField(_("项目"), max_length=16, choices=Programme.choices)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, validators=[uscc.validate], db_index=True)
    enterprise_name = models.CharField(_("企业名称"), max_length=100)
    patent_number = models.CharField(
        _("专利号"), max_length=20, blank=True, validators=[numbers.validate_patent_number], db_index=True
    )
    insurance_type = models.CharField(_("险种"), max_length=40, choices=InsuranceType.choices, blank=True)
    amount = models.DecimalField(_("补助金额（元）"), max_digits=14, decimal_places=2)
    source_import = models.ForeignKey(
        AwardImport, verbose_name=_("导入批次"), on_delete=models.PROTECT, related_name="awards"
    )

    objects = PastAwardQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "programme", "uscc", "patent_number", "insurance_type"]
        verbose_name = _("历年补助")
        verbose_name_plural = _("历年补助")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "programme", "uscc", "patent_number", "insurance_type"],
                name="past_award_once",
                violation_error_message=_("该补助记录已导入"),
            ),
            models.CheckConstraint(name="past_award_amount_positive", condition=models.Q(amount__gt=0)),
            models.CheckConstraint(
                name="past_award_insurance_type_only_for_insurance",
                condition=models.Q(programme=Programme.INSURANCE) | models.Q(insurance_type=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_programme_display()} {self.enterprise_name} {self.patent_number}"

    def as_facts(self) -> dict:
        """The award as the rules see it (scoring.facts.AWARD_FIELDS); blanks are None, money a string."""
        return {
            "programme": self.programme,
            "year": self.year,
            "patent": self.patent_number or None,
            "insurance_type": self.insurance_type or None,
            "amount": str(self.amount),
        }
