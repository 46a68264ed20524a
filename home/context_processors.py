"""The navigation links each role sees in the page header."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import RoleKind


def navigation(request):
    user = getattr(request, "user", None)
    links = []
    if user is not None and user.is_authenticated:
        admin = user.has_role(RoleKind.ADMIN)
        reviewer = user.reviewer_unit is not None
        links.append((_("工作台"), reverse("home:index")))
        if user.enterprise is not None:
            links.append((_("我的申报"), reverse("workflow:mine")))
            links.append((_("融资需求调查"), reverse("survey:fill")))
            links.append((_("我的企业"), reverse("enterprises:detail", args=[user.enterprise.pk])))
        if reviewer or admin:
            links.append((_("初审队列"), reverse("workflow:queue")))
        if reviewer:
            links.append((_("报送省局"), reverse("workflow:forward_list")))
        if admin:
            links.append((_("各单位报送"), reverse("workflow:province_forwarded")))
        if reviewer or admin or user.has_role(RoleKind.FINANCE):
            links.append((_("企业名录"), reverse("enterprises:list")))
        if user.enterprise is not None or reviewer or admin:
            links.append((_("专利"), reverse("patents:list")))
        if admin:
            links.append((_("历年补助"), reverse("patents:past_awards")))
            links.append((_("评审专家库"), reverse("experts:list")))
            links.append((_("省级评审"), reverse("experts:calls")))
            links.append((_("公示"), reverse("notice:manage_list")))
        if user.has_role(RoleKind.EXPERT) or user.has_role(RoleKind.PANEL_LEAD):
            links.append((_("我的评审任务"), reverse("experts:tasks")))
        if user.has_role(RoleKind.PANEL_LEAD):
            links.append((_("评分复核"), reverse("evaluation:moderation")))
        if reviewer:
            links.append((_("工作台账"), reverse("ledger:index")))
        if admin:
            links.append((_("台账报送"), reverse("ledger:index")))
        if reviewer or admin:
            links.append((_("需求调查"), reverse("survey:progress")))
            links.append((_("入园惠企"), reverse("parks:progress")))
        if user.has_role(RoleKind.FINANCE):
            links.append((_("待拨付"), reverse("finance:pending")))
            links.append((_("银行结果导入"), reverse("finance:import")))
        if user.has_role(RoleKind.FINANCE) or admin:
            links.append((_("预算台账"), reverse("finance:ledgers")))
        if reviewer or admin or user.has_role(RoleKind.FINANCE):
            links.append((_("统计"), reverse("stats:index")))
        links.append((_("申报批次"), reverse("calls:list")))
        if user.is_staff:
            links.append((_("系统管理"), reverse("admin:index")))
    return {"nav_links": links, "site_title": settings.SITE_TITLE}
