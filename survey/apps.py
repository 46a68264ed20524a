from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveyConfig(AppConfig):
    name = "survey"
    verbose_name = _("融资需求调查")
    audit_labels = {
        "survey.surveyplan.edited": _("修改需求调查年度计划"),
        "survey.keyenterprise.added": _("加入“服务企业行”重点企业名单"),
        "survey.surveyresponse.submitted": _("提交融资需求信息采集表"),
        "survey.surveyimport.committed": _("导入融资需求信息采集表"),
        "survey.batchsend.sent": _("向省局报送需求调查"),
        "survey.whitelistexport.exported": _("导出企业白名单"),
    }

    def ready(self) -> None:
        from jobs.running import register

        from .imports import survey_import_job

        # The import reports its own progress as it goes: outside the item's transaction (see jobs.running).
        register("survey_import", survey_import_job, atomic=False)
