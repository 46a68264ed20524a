"""入园惠企 (plan item 七): the key parks' yearly targets and the pledge financings that count against them.

- A **park year** (``ParkYear``) is one park on one year's list, with its category *as of that year* and its
  target: the number of patent/trademark pledge financings (质押融资笔数) the park should reach in the year.
  The list is reference data loaded from a file per year (``load_parks``); each load is kept as a
  ``ParkListLoad`` (who, when, which file), the object its audit entry points at.
- A **park financing** (``ParkFinancing``) is a pledge financing a unit records directly for one of its parks.
  Financings also come from approved loan-interest applications; ``parks.progress`` merges both sources and
  counts each pledge registration number once.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from places.models import Park

MAX_TARGET = 999


def normalise_registration_number(value: str) -> str:
    """The dedup key of a financing: NFKC (full-width ＡＢ１ → AB1), every space removed, upper case.

    Two records with the same key are the same pledge registration, hence the same financing."""
    return "".join(unicodedata.normalize("NFKC", value or "").split()).upper()


class ParkYearQuerySet(models.QuerySet):
    def of_year(self, year: int) -> ParkYearQuerySet:
        return self.filter(year=year)

    def in_unit(self, unit) -> ParkYearQuerySet:
        return self.filter(park__unit=unit)


class ParkYear(models.Model):
    park = models.ForeignKey("places.Park", verbose_name=_("园区"), on_delete=models.PROTECT, related_name="years")
    year = models.PositiveSmallIntegerField(_("年度"))
    # The category may change from one year to the next (a park promoted to a national zone).
    category = models.CharField(_("类别"), max_length=16, choices=Park.Category.choices)
    target = models.PositiveSmallIntegerField(
        _("年度目标（笔）"), validators=[MinValueValidator(1), MaxValueValidator(MAX_TARGET)]
    )

    objects = ParkYearQuerySet.as_manager()

    class Meta:
        ordering = ["year", "park__unit__order", "park__name"]
        verbose_name = _("园区年度目标")
        verbose_name_plural = _("园区年度目标")
        constraints = [models.UniqueConstraint(fields=["park", "year"], name="one_target_per_park_and_year")]

    def __str__(self) -> str:
        return f"{self.year} {self.park}"


class ParkListLoad(models.Model):
    """One load of a year's park list from a file: what was loaded, by whom, from which file."""

    year = models.PositiveSmallIntegerField(_("年度"))
    file_name = models.CharField(_("文件名"), max_length=200)
    sha256 = models.CharField(max_length=64)
    parks = models.PositiveSmallIntegerField(_("园区数"))
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), null=True, blank=True, on_delete=models.PROTECT
    )
    loaded_at = models.DateTimeField(_("导入时间"), auto_now_add=True)

    class Meta:
        ordering = ["-loaded_at"]
        verbose_name = _("园区名单导入记录")
        verbose_name_plural = _("园区名单导入记录")

    def __str__(self) -> str:
        return f"{self.year} {self.file_name}"


class PledgeType(models.TextChoices):
    PATENT = "patent", _("专利")
    TRADEMARK = "trademark", _("商标")
    MIXED = "mixed", _("混合")


class ParkFinancingQuerySet(models.QuerySet):
    def of_year(self, year: int) -> ParkFinancingQuerySet:
        return self.filter(financed_on__year=year)

    def in_unit(self, unit) -> ParkFinancingQuerySet:
        return self.filter(park__unit=unit)


class ParkFinancing(models.Model):
    """A pledge financing recorded by a unit. The registration number is required: it is what lets the
    progress count recognise the same financing when it also arrives through a loan-interest application."""

    park = models.ForeignKey(
        "places.Park", verbose_name=_("园区"), on_delete=models.PROTECT, related_name="recorded_financings"
    )
    # Linked when the USCC matches a registered enterprise; the name is kept either way, as recorded.
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    enterprise_name = models.CharField(_("企业名称"), max_length=100)
    enterprise_uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    bank = models.CharField(_("贷款银行"), max_length=100)
    amount = models.DecimalField(
        _("融资金额（万元）"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    financed_on = models.DateField(_("放款日期"))
    registration_number = models.CharField(
        _("质押登记号"),
        max_length=64,
        unique=True,
        error_messages={"unique": _("该质押登记号已登记过，同一笔融资只登记一次")},
    )
    pledge_type = models.CharField(_("质押类型"), max_length=16, choices=PledgeType.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ParkFinancingQuerySet.as_manager()

    class Meta:
        ordering = ["-financed_on", "-pk"]
        verbose_name = _("园区质押融资")
        verbose_name_plural = _("园区质押融资")
        indexes = [models.Index(fields=["park", "financed_on"])]

    def __str__(self) -> str:
        return f"{self.registration_number} {self.enterprise_name}"

    def save(self, *args, **kwargs):
        self.registration_number = normalise_registration_number(self.registration_number)
        super().save(*args, **kwargs)
