from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = _("申报与审核流程")
    audit_labels = {
        "workflow.application.created": _("创建申报草稿"),
        "workflow.application.submit": _("提交申报"),
        "workflow.application.resubmit": _("提交补正"),
        "workflow.application.pass_review": _("初审通过"),
        "workflow.application.return_for_correction": _("退回补正"),
        "workflow.application.reject": _("初审不予通过"),
        "workflow.application.lapse": _("逾期未补正，视为放弃"),
        "workflow.application.extend_correction": _("延长补正期限"),
        "workflow.application.forward": _("报送省局"),
        "workflow.application.return_to_unit": _("省局退回市局"),
        "workflow.application.reopen_review": _("市局重新初审"),
        "workflow.application.withdraw": _("撤回申报"),
        "workflow.application.claimed": _("领取办理"),
        "workflow.application.released": _("释放任务"),
        "workflow.application.review_overdue": _("初审逾期"),
        "workflow.application.judged": _("记录审核判断"),
        "workflow.application.payee_saved": _("保存收款账户"),
        "workflow.material.uploaded": _("上传材料"),
        "workflow.policy.saved": _("保存保单"),
        "workflow.loan.saved": _("保存贷款"),
        "workflow.policy.deleted": _("删除保单"),
        "workflow.loan.deleted": _("删除贷款"),
        "workflow.batch.forwarded": _("报送批次"),
        "workflow.forwarding.extended": _("批准延期报送"),
    }

    def ready(self) -> None:
        import documents

        from . import flows  # noqa: F401  (viewflow needs the flow class imported at start-up)
        from .rights import visible_applications

        documents.access.register("workflow.application", visible_applications)
        documents.access.register("workflow.batch", visible_batches)


def visible_batches(user):
    from accounts.models import RoleKind

    from .models import Batch

    if user.has_role(RoleKind.ADMIN):
        return Batch.objects.all()
    if user.reviewer_unit is not None:
        return Batch.objects.filter(unit=user.reviewer_unit)
    return Batch.objects.none()
