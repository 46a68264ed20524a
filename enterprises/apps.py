from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "enterprises"
    verbose_name = _("企业")
    audit_labels = {
        "enterprises.enterprise.registered": _("企业自行注册"),
        "enterprises.enterprise.created": _("省局创建企业"),
        "enterprises.enterprise.confirm": _("确认注册"),
        "enterprises.enterprise.refuse": _("不予确认注册"),
        "enterprises.enterprise.resubmit": _("重新提交注册"),
        "enterprises.enterprise.edited": _("修改企业信息"),
        "enterprises.enterprise.member_added": _("添加企业用户"),
        "enterprises.qualification.added": _("添加资质"),
        "enterprises.qualification.removed": _("删除资质"),
    }
