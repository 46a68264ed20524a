from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "calls"
    verbose_name = _("申报批次")
    audit_labels = {
        "calls.call.created": _("创建申报批次"),
        "calls.call.edited": _("修改申报批次"),
    }
