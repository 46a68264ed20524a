from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("省级评审")
    audit_labels = {
        "evaluation.started": _("启动专家评审"),
        "evaluation.score_submitted": _("提交评分"),
        "evaluation.score_corrected": _("更正评分"),
        "evaluation.conflict_declared": _("专家申报回避"),
        "evaluation.aggregated": _("汇总评分"),
        "evaluation.moderated": _("评审组长调整得分"),
        "evaluation.ranked": _("排序与分配计算"),
        "evaluation.notice_published": _("发布公示"),
        "evaluation.approved": _("批准补助"),
        "evaluation.letters": _("批量生成文书"),
    }

    def ready(self) -> None:
        from jobs.running import register

        from . import flows  # noqa: F401  (viewflow needs the flow class imported at start-up)
        from .approval import letter_job

        register("letters", letter_job)
