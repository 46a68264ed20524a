from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    name = "experts"
    verbose_name = _("评审专家")
    audit_labels = {
        "experts.expert.created": _("加入专家库"),
        "experts.expert.edited": _("修改专家信息"),
        "experts.link.added": _("登记利益关联"),
        "experts.link.edited": _("修改利益关联"),
        "experts.link.removed": _("删除利益关联"),
        "experts.group.drawn": _("抽取评审组"),
        "experts.pledge.accepted": _("签署评审专家承诺书"),
        "experts.assignment.declared": _("专家申报回避"),
        "experts.assignment.replaced": _("递补评审专家"),
        "experts.assignment.replacement_unavailable": _("无可递补的评审专家"),
    }
