"""Calls (申报批次): one programme in one year, with its dates, budget and rules edition.

The call of year N is a post-subsidy: by default it covers the previous calendar year (the
*cycle*), e.g. the 2022 call subsidises policies bought and interest paid in 2021.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import editions


class Programme(models.TextChoices):
    INSURANCE = "insurance", _("专利保险补助")
    LOAN_INTEREST = "loan_interest", _("专利权质押贷款贴息补助")


class Phase(models.TextChoices):
    UPCOMING = "upcoming", _("未开始")
    OPEN = "open", _("申报中")
    CITY_REVIEW = "city_review", _("市局初审")
    EVALUATION = "evaluation", _("省局评审")
    NOTICE = "notice", _("公示")
    CLOSED = "closed", _("已结束")


class CallQuerySet(models.QuerySet):
    def open_on(self, day: date) -> CallQuerySet:
        return self.filter(window_opens__lte=day, window_closes__gte=day)

    def of_programme(self, programme: str) -> CallQuerySet:
        return self.filter(programme=programme)


class Call(models.Model):
    programme = models.CharField(_("补助项目"), max_length=16, choices=Programme.choices)
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2019)])
    cycle_start = models.DateField(_("补助周期起"), help_text=_("默认为上一自然年1月1日"))
    cycle_end = models.DateField(_("补助周期止"), help_text=_("默认为上一自然年12月31日"))
    window_opens = models.DateField(_("申报开始"))
    window_closes = models.DateField(_("申报截止"))
    city_review_deadline = models.DateField(_("市局初审截止"))
    evaluation_date = models.DateField(_("省局评审日期"), null=True, blank=True)
    notice_starts = models.DateField(_("公示开始"), null=True, blank=True)
    notice_ends = models.DateField(_("公示结束"), null=True, blank=True)
    budget = models.DecimalField(
        _("预算（元）"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    rules_edition = models.CharField(_("规则版本"), max_length=64, help_text=_("适用的规则版本标识，如 insurance-2021"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "programme"]
        verbose_name = _("申报批次")
        verbose_name_plural = _("申报批次")
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="one_call_per_programme_per_year"),
            models.CheckConstraint(name="cycle_in_order", condition=models.Q(cycle_end__gte=models.F("cycle_start"))),
            models.CheckConstraint(
                name="window_in_order", condition=models.Q(window_closes__gte=models.F("window_opens"))
            ),
            models.CheckConstraint(name="budget_positive", condition=models.Q(budget__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.year}年度{self.get_programme_display()}"

    @staticmethod
    def default_cycle(year: int) -> tuple[date, date]:
        return date(year - 1, 1, 1), date(year - 1, 12, 31)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.cycle_start and self.cycle_end and self.cycle_end < self.cycle_start:
            errors["cycle_end"] = _("补助周期止不能早于补助周期起")
        if self.window_opens and self.window_closes and self.window_closes < self.window_opens:
            errors["window_closes"] = _("申报截止不能早于申报开始")
        if self.cycle_end and self.window_opens and self.window_opens <= self.cycle_end:
            errors["window_opens"] = _("后补助：申报开始应在补助周期结束之后")
        if self.window_closes and self.city_review_deadline and self.city_review_deadline < self.window_closes:
            errors["city_review_deadline"] = _("市局初审截止不能早于申报截止")
        if self.evaluation_date and self.city_review_deadline and self.evaluation_date < self.city_review_deadline:
            errors["evaluation_date"] = _("省局评审不能早于市局初审截止")
        if self.notice_starts and self.notice_ends and self.notice_ends < self.notice_starts:
            errors["notice_ends"] = _("公示结束不能早于公示开始")
        if bool(self.notice_starts) != bool(self.notice_ends):
            errors["notice_ends" if self.notice_starts else "notice_starts"] = _("公示开始和结束需同时填写")
        if self.notice_starts and self.evaluation_date and self.notice_starts < self.evaluation_date:
            errors["notice_starts"] = _("公示不能早于省局评审")
        if self.rules_edition and self.programme and self.cycle_start:
            problem = editions.problem_with(self.rules_edition, self.programme, self.cycle_start.year)
            if problem:
                errors["rules_edition"] = problem
        if errors:
            raise ValidationError(errors)

    @property
    def edition(self):
        """The rules edition (scoring.ruleset.Edition) that governs this call."""
        from scoring.editions import get_edition

        return get_edition(self.rules_edition)

    def phase_on(self, day: date | None = None) -> Phase:
        day = day or timezone.localdate()
        if day < self.window_opens:
            return Phase.UPCOMING
        if day <= self.window_closes:
            return Phase.OPEN
        if day <= self.city_review_deadline:
            return Phase.CITY_REVIEW
        if self.notice_ends and day > self.notice_ends:
            return Phase.CLOSED
        if self.notice_starts and day >= self.notice_starts:
            return Phase.NOTICE
        if self.notice_ends is None and self.evaluation_date and day > self.evaluation_date:
            return Phase.CLOSED
        return Phase.EVALUATION

    @property
    def phase(self) -> Phase:
        return self.phase_on()
