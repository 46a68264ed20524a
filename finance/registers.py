"""The payment register of a call, for its archive: every row, in the order it was recorded."""

from __future__ import annotations

from .models import Payment

HEADER = [
    "登记时间",
    "申报编号",
    "企业名称",
    "类型",
    "支付结果",
    "金额（元）",
    "凭证号",
    "预算科目",
    "支付日期",
    "冲正对象",
    "账户名称",
    "账号尾号",
    "失败原因",
    "登记人",
]


def payment_rows(call) -> tuple[list[str], list[list]]:
    rows = []
    payments = (
        Payment.objects.filter(application__call=call)
        .select_related("application__enterprise", "recorded_by", "reverses")
        .order_by("recorded_at", "pk")
    )
    for p in payments:
        rows.append(
            [
                p.recorded_at.isoformat(),
                p.application.number,
                p.application.enterprise.name,
                p.get_kind_display(),
                p.get_status_display(),
                p.amount,
                p.voucher,
                p.subject,
                p.paid_on.isoformat(),
                p.reverses.voucher if p.reverses_id else "",
                p.account_name,
                p.account_number[-4:],
                p.failure_reason,
                str(p.recorded_by),
            ]
        )
    return HEADER, rows
