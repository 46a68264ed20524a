"""Who may see and do what in the into-parks action. Each question is asked at call time.

A city reviewer acts for its own unit's parks; the provincial administrator for every park and is the only
one who edits targets and loads lists. Lists and detail pages go through the ``visible_*`` querysets, so a
park or record of another unit is a 404, never a 403.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import RoleKind
from accounts.permissions import ALLOWED, Verdict, deny
from places.models import Park

from .models import ParkFinancing, ParkYear


def _unit_of(user):
    return user.reviewer_unit if user.is_authenticated else None


def _is_admin(user) -> bool:
    return user.is_authenticated and user.has_role(RoleKind.ADMIN)


def visible_parks(user) -> QuerySet[Park]:
    qs = Park.objects.select_related("unit")
    if _is_admin(user):
        return qs
    if _unit_of(user) is not None:
        return qs.filter(unit=_unit_of(user))
    return qs.none()


def visible_park_years(user) -> QuerySet[ParkYear]:
    return ParkYear.objects.filter(park__in=visible_parks(user))


def visible_financings(user) -> QuerySet[ParkFinancing]:
    return ParkFinancing.objects.select_related("park__unit", "recorded_by").filter(park__in=visible_parks(user))


def can_view_progress(user) -> Verdict:
    if _is_admin(user) or _unit_of(user) is not None:
        return ALLOWED
    return deny(_("只有市局审核员和省局管理员可以查看入园惠企进展"))


def can_record_financing(user, park: Park) -> Verdict:
    if _is_admin(user):
        return ALLOWED
    unit = _unit_of(user)
    if unit is not None and unit.pk == park.unit_id:
        return ALLOWED
    return deny(_("只有%(unit)s的审核员或省局管理员可以登记该园区的质押融资") % {"unit": park.unit})


def can_withdraw_financing(user, financing: ParkFinancing) -> Verdict:
    return can_record_financing(user, financing.park)


def can_edit_targets(user) -> Verdict:
    if _is_admin(user):
        return ALLOWED
    return deny(_("只有省局管理员可以修改园区年度目标"))
