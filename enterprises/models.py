"""Enterprises: the applicants, their qualifications, and their registration.

An enterprise registers itself (or the province creates it); its unit's city reviewer then
*confirms* or *refuses* the registration. An unconfirmed enterprise can prepare applications but
cannot submit them. One enterprise per 统一社会信用代码.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from . import uscc


class Size(models.TextChoices):  # Form B 企业规模
    LARGE = "large", _("大型")
    MEDIUM = "medium", _("中型")
    SMALL = "small", _("小型")
    MICRO = "micro", _("微型")


class Industry(models.TextChoices):  # Form B 所属行业
    STEEL = "steel", _("钢铁")
    HIGH_END_EQUIPMENT = "equipment", _("高端装备制造")
    PETROCHEMICAL = "petrochemical", _("石化")
    FOOD = "food", _("食品")
    INFORMATION = "information", _("信息智能")
    BIOMEDICINE = "biomedicine", _("生物医药健康")
    NEW_ENERGY_MATERIALS = "new_energy", _("新能源新材料")
    OTHER = "other", _("其它")


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("待市局确认")
    CONFIRMED = "confirmed", _("已确认")
    REFUSED = "refused", _("未通过")


class EnterpriseQuerySet(models.QuerySet):
    def in_unit(self, unit) -> EnterpriseQuerySet:
        return self.filter(unit=unit)

    def awaiting_confirmation(self) -> EnterpriseQuerySet:
        return self.filter(registration_status=RegistrationStatus.PENDING)

    def confirmed(self) -> EnterpriseQuerySet:
        return self.filter(registration_status=RegistrationStatus.CONFIRMED)

    def search(self, text: str) -> EnterpriseQuerySet:
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(models.Q(name__icontains=text) | models.Q(uscc__icontains=uscc.normalise(text)))


class Enterprise(models.Model):
    uscc = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        unique=True,
        validators=[uscc.validate],
        error_messages={"unique": _("该统一社会信用代码已经注册。如需加入该企业账号，请联系企业已有用户或所在市局。")},
    )
    name = models.CharField(_("企业名称"), max_length=100)
    unit = models.ForeignKey(
        "places.Unit", verbose_name=_("所属单位"), on_delete=models.PROTECT, related_name="enterprises"
    )
    address = models.CharField(_("所在地址"), max_length=200)
    park = models.ForeignKey(
        "places.Park",
        verbose_name=_("所在园区"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enterprises",
    )
    size = models.CharField(_("企业规模"), max_length=16, choices=Size.choices)
    industry = models.CharField(_("所属行业"), max_length=16, choices=Industry.choices)
    contact_name = models.CharField(_("联系人"), max_length=64)
    contact_phone = models.CharField(_("联系电话"), max_length=32)

    registration_status = FSMField(
        _("注册状态"),
        max_length=16,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.PENDING,
        protected=True,
    )
    registration_note = models.TextField(_("市局意见"), blank=True)
    registration_decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    registration_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("注册时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        ordering = ["unit__order", "name"]
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        indexes = [models.Index(fields=["unit", "registration_status"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.uscc = uscc.normalise(self.uscc)
        super().save(*args, **kwargs)

    @property
    def uscc_warnings(self) -> list[str]:
        return uscc.warnings(self.uscc)

    @property
    def is_confirmed(self) -> bool:
        return self.registration_status == RegistrationStatus.CONFIRMED

    # --- registration transitions: call them only through enterprises.registration ------------
    @transition(registration_status, source=RegistrationStatus.PENDING, target=RegistrationStatus.CONFIRMED)
    def confirm(self, by, note: str = "") -> None:
        self.registration_note = note
        self.registration_decided_at = timezone.now()
        self.registration_decided_by = by

    @transition(registration_status, source=RegistrationStatus.PENDING, target=RegistrationStatus.REFUSED)
    def refuse(self, by, note: str = "") -> None:
        self.registration_note = note
        self.registration_decided_at = timezone.now()
        self.registration_decided_by = by

    @transition(registration_status, source=RegistrationStatus.REFUSED, target=RegistrationStatus.PENDING)
    def resubmit(self, by, note: str = "") -> None:
        self.registration_decided_at = None
        self.registration_decided_by = None


class QualificationKind(models.TextChoices):
    HIGH_TECH = "high_tech", _("高新技术企业")
    TECH_SME = "tech_sme", _("科技型中小企业")
    INNOVATIVE_SME = "innovative_sme", _("创新型中小企业")
    SRDI_CITY = "srdi_city", _("市级专精特新中小企业")
    SRDI_PROVINCE = "srdi_province", _("省级专精特新中小企业")
    SRDI_NATIONAL = "srdi_national", _("国家级专精特新“小巨人”企业")


class QualificationQuerySet(models.QuerySet):
    def valid_on(self, day: date) -> QualificationQuerySet:
        return self.filter(valid_from__lte=day, valid_until__gte=day)


class Qualification(models.Model):
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="qualifications"
    )
    kind = models.CharField(_("资质类型"), max_length=16, choices=QualificationKind.choices)
    certificate_no = models.CharField(_("证书编号"), max_length=64)
    valid_from = models.DateField(_("有效期起"))
    valid_until = models.DateField(_("有效期至"))

    objects = QualificationQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-valid_until"]
        verbose_name = _("企业资质")
        verbose_name_plural = _("企业资质")
        constraints = [
            models.CheckConstraint(
                name="qualification_period_in_order", condition=models.Q(valid_until__gte=models.F("valid_from"))
            ),
            models.UniqueConstraint(fields=["kind", "certificate_no"], name="one_certificate_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.certificate_no}"

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_until
