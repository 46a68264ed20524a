from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PatentsConfig(AppConfig):
    name = "patents"
    verbose_name = _("专利与历年补助")
    audit_labels = {
        "patents.patent.added": _("登记专利"),
        "patents.patent.edited": _("修改专利信息"),
        "patents.patent.status_confirmed": _("核实专利法律状态"),
        "patents.awardimport.committed": _("导入历年补助名单"),
    }

    def ready(self) -> None:
        from jobs.running import register

        from .jobs import past_award_import_job

        register("past_award_import", past_award_import_job)
