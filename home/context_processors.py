"""The navigation links each role sees in the page header."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import RoleKind


def navigation(request):
    user = getattr(request, "user", None)
    links = []
    if user is not None and user.is_authenticated:
        links.append((_("工作台"), reverse("home:index")))
        if user.enterprise is not None:
            links.append((_("我的企业"), reverse("enterprises:detail", args=[user.enterprise.pk])))
        if user.reviewer_unit is not None or user.has_role(RoleKind.ADMIN) or user.has_role(RoleKind.FINANCE):
            links.append((_("企业名录"), reverse("enterprises:list")))
        links.append((_("申报批次"), reverse("calls:list")))
        if user.is_staff:
            links.append((_("系统管理"), reverse("admin:index")))
    return {"nav_links": links, "site_title": settings.SITE_TITLE}
