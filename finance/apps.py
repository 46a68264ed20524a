from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = _("资金拨付")
    audit_labels = {
        "finance.payment.recorded": _("登记拨付"),
        "finance.payment.reversed": _("冲正拨付"),
        "finance.payment.failed": _("登记拨付失败"),
        "finance.bankimport.committed": _("导入银行支付结果"),
        "workflow.application.record_part_payment": _("部分拨付"),
        "workflow.application.record_full_payment": _("拨付完毕"),
        "workflow.application.record_payment_failure": _("拨付失败"),
        "workflow.application.correct_account": _("更正收款账户"),
        "workflow.application.forfeit": _("拨付失败逾期未更正，视为放弃"),
    }

    def ready(self) -> None:
        from jobs.running import register

        from .jobs import bank_import_job

        register("bank_import", bank_import_job)
