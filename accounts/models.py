"""People and what they may do: users, and the roles each user holds.

A *role* is one hat a user wears, with its scope: an enterprise user acts for one enterprise, a city
reviewer for one unit; experts, panel leads, provincial administrators and finance officers act
province-wide. One user may hold several roles (an expert who is also a panel lead). Every
permission question in the project starts from ``user.roles``.
"""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RoleKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业用户")
    CITY_REVIEWER = "city_reviewer", _("市局审核员")
    EXPERT = "expert", _("评审专家")
    PANEL_LEAD = "panel_lead", _("评审组长")
    ADMIN = "admin", _("省局管理员")
    FINANCE = "finance", _("省局财务")


class User(AbstractUser):
    full_name = models.CharField(_("姓名"), max_length=64, blank=True)
    phone = models.CharField(_("联系电话"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.full_name or self.username

    @cached_property
    def role_list(self) -> list[Role]:
        """All roles, fetched once per request-bound user object (with their unit and enterprise)."""
        return list(self.roles.select_related("unit", "enterprise", "enterprise__unit"))

    def has_role(self, kind: str) -> bool:
        return any(role.kind == kind for role in self.role_list)

    @property
    def role_kinds(self) -> list[str]:
        order = list(RoleKind.values)
        return sorted({role.kind for role in self.role_list}, key=order.index)

    @property
    def enterprise(self):
        """The enterprise this user acts for, or None."""
        for role in self.role_list:
            if role.kind == RoleKind.ENTERPRISE:
                return role.enterprise
        return None

    @property
    def reviewer_unit(self):
        """The unit this user reviews for as a city reviewer, or None."""
        for role in self.role_list:
            if role.kind == RoleKind.CITY_REVIEWER:
                return role.unit
        return None

    @property
    def is_province_admin(self) -> bool:
        return self.has_role(RoleKind.ADMIN)


class Role(models.Model):
    user = models.ForeignKey(User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("角色"), max_length=16, choices=RoleKind.choices)
    unit = models.ForeignKey(
        "places.Unit", verbose_name=_("单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("企业"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="user_roles",
    )
    granted_at = models.DateTimeField(_("授予时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        constraints = [
            # The scope must match the kind: nothing more, nothing less.
            models.CheckConstraint(
                name="role_scope_matches_kind",
                condition=(
                    Q(kind=RoleKind.ENTERPRISE, enterprise__isnull=False, unit__isnull=True)
                    | Q(kind=RoleKind.CITY_REVIEWER, unit__isnull=False, enterprise__isnull=True)
                    | (
                        Q(kind__in=[RoleKind.EXPERT, RoleKind.PANEL_LEAD, RoleKind.ADMIN, RoleKind.FINANCE])
                        & Q(unit__isnull=True, enterprise__isnull=True)
                    )
                ),
            ),
            models.UniqueConstraint(fields=["user", "kind"], name="one_role_of_each_kind_per_user"),
        ]

    def __str__(self) -> str:
        scope = self.unit or self.enterprise
        return f"{self.get_kind_display()}（{scope}）" if scope else str(self.get_kind_display())

    @property
    def scope_permission(self) -> str:
        """The permission string this role grants, e.g. ``workflow.city_reviewer@SJZ`` (queues use it)."""
        if self.kind == RoleKind.CITY_REVIEWER:
            return f"workflow.city_reviewer@{self.unit.code}"
        if self.kind == RoleKind.ENTERPRISE:
            return f"workflow.enterprise@{self.enterprise_id}"
        return f"workflow.{self.kind}"
