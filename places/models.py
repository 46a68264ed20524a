"""Places: the 14 submitting units (11 cities, 定州, 辛集, 雄安新区) and the parks inside them.

A *unit* (填报/申报单位) is the body that receives the yearly call and runs the preliminary review for
the enterprises registered with it. Units are reference data loaded by a migration; their codes are
stable identifiers used in permissions (``city_reviewer@SJZ``) and reports.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.Model):
    class Kind(models.TextChoices):
        PREFECTURE_CITY = "prefecture", _("设区市")
        PROVINCE_ADMINISTERED = "direct", _("省直管市")
        NEW_AREA = "new_area", _("新区")

    code = models.CharField(_("代码"), max_length=8, unique=True)
    name = models.CharField(_("名称"), max_length=32, unique=True)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    # The bureau the call is addressed to, as written on the call notice.
    authority = models.CharField(_("主管部门"), max_length=64)
    order = models.PositiveSmallIntegerField(_("排序"), unique=True)

    class Meta:
        ordering = ["order"]
        verbose_name = _("申报单位")
        verbose_name_plural = _("申报单位")

    def __str__(self) -> str:
        return self.name


class Park(models.Model):
    """A key park (重点园区) of the into-parks action; the yearly targets live with the plan data."""

    class Category(models.TextChoices):
        KEY_NATIONAL_HIGH_TECH = "key_national", _("重点国家级高新区（石家庄、保定、唐山）")
        NATIONAL = "national", _("其他国家级高新区（经开区）")
        OTHER = "other", _("其他重点园区")

    unit = models.ForeignKey(Unit, verbose_name=_("所属单位"), on_delete=models.PROTECT, related_name="parks")
    name = models.CharField(_("园区名称"), max_length=100, unique=True)
    category = models.CharField(_("类别"), max_length=16, choices=Category.choices)

    class Meta:
        ordering = ["unit__order", "name"]
        verbose_name = _("园区")
        verbose_name_plural = _("园区")

    def __str__(self) -> str:
        return self.name
