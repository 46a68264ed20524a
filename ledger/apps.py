from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "ledger"
    verbose_name = _("工作台账")
    audit_labels = {
        "ledger.ledger.started": _("开始填报季度台账"),
        "ledger.ledger.submitted": _("报送季度台账"),
        "ledger.ledger.resubmitted": _("补报季度台账"),
        "ledger.ledger.reopened": _("退回季度台账"),
        "ledger.activity.added": _("添加台账活动"),
        "ledger.activity.changed": _("修改台账活动"),
        "ledger.activity.deleted": _("删除台账活动"),
        "ledger.policy.added": _("添加台账政策"),
        "ledger.policy.changed": _("修改台账政策"),
        "ledger.policy.deleted": _("删除台账政策"),
        "ledger.attachment.added": _("上传台账附件"),
        "ledger.attachment.removed": _("删除台账附件"),
        "ledger.plan_year.saved": _("保存台账年度计划参数"),
        "ledger.plan_year.deleted": _("删除台账年度计划参数"),
    }
