from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticeConfig(AppConfig):
    name = "notice"
    verbose_name = _("公示")
    audit_labels = {
        "notice.notice.published": _("发布公示"),
        "notice.notice.closed": _("结束公示"),
        "notice.objection.recorded": _("登记异议"),
        "notice.objection.decided": _("处理异议"),
        "notice.entry.changed": _("异议处理后调整公示金额"),
        "notice.entry.withdrawn": _("异议处理后撤出公示名单"),
        "notice.holiday.entered": _("录入节假日调整"),
        "notice.holiday.changed": _("修改节假日调整"),
        "notice.holiday.removed": _("删除节假日调整"),
        "notice.holiday_year.confirmed": _("确认节假日年度录入完整"),
        "notice.holiday_year.unconfirmed": _("撤销节假日年度确认"),
    }
