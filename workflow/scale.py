"""Realistic volume for load, speed and query-count checks: thousands of applications across the 14 units
in every state, with their items, viewflow processes and the open task each state implies.

Rows are bulk-inserted (a walk through the lifecycle would take minutes for 5,000); what is produced
is the same shape the lifecycle produces, but without documents, messages or audit entries.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from stdnum.cn.uscc import calc_check_digit
from viewflow.workflow.models import Process, Task

from accounts.models import RoleKind, User
from calls.models import Call
from enterprises.models import Enterprise, Industry, RegistrationStatus, Size
from places.models import Unit

from .flows import ApplicationFlow
from .models import Application, Loan, Policy, Status

FLOW = "workflow/flows.ApplicationFlow"
# Which human task is open in each state (None: the process is over or beyond this flow).
OPEN_TASK = {
    Status.DRAFT: "prepare",
    Status.SUBMITTED: "city_review",
    Status.RETURNED: "correct",
    Status.LAPSED: "correct",
    Status.PASSED: "forward",
    Status.RETURNED_TO_UNIT: "forward",
    Status.FORWARDED: "province_intake",
}
SHARE = [  # a plausible spread of states in March
    (Status.DRAFT, 10),
    (Status.SUBMITTED, 30),
    (Status.RETURNED, 8),
    (Status.LAPSED, 2),
    (Status.REJECTED, 4),
    (Status.PASSED, 12),
    (Status.FORWARDED, 10),
    (Status.RETURNED_TO_UNIT, 2),
    (Status.UNDER_EVALUATION, 4),
    (Status.EVALUATED, 3),
    (Status.IN_NOTICE, 2),
    (Status.APPROVED, 3),
    (Status.NOT_APPROVED, 2),
    (Status.PARTLY_PAID, 2),
    (Status.PAID, 3),
    (Status.PAYMENT_FAILED, 1),
    (Status.FORFEITED, 1),
    (Status.WITHDRAWN, 1),
]


def _uscc(n: int) -> str:
    body = f"91130100MA{n:07d}"
    return body + calc_check_digit(body)


def _permission(task: str, application: Application, unit_codes: dict) -> str:
    if task in ("prepare", "correct"):
        return f"workflow.enterprise@{application.enterprise_id}"
    if task in ("city_review", "forward"):
        return f"workflow.city_reviewer@{unit_codes[application.unit_id]}"
    return "workflow.admin"


@transaction.atomic
def generate(
    count: int,
    *,
    call: Call | None = None,
    units: list[str] | None = None,
    statuses: list[str] | None = None,
    seed: int = 2022,
    progress=None,
) -> list[Application]:
    """Create ``count`` applications (one enterprise each) and return them."""
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    call = call or Call.objects.order_by("-year").first()
    unit_rows = list(Unit.objects.filter(code__in=units) if units else Unit.objects.all())
    unit_codes = {u.pk: u.code for u in unit_rows}
    creator = (
        User.objects.filter(roles__kind=RoleKind.ADMIN).first() or User.objects.get_or_create(username="scale_admin")[0]
    )
    offset = Enterprise.objects.count() + 1
    choices = [s for s, _w in SHARE] if statuses is None else list(statuses)
    weights = [w for _s, w in SHARE] if statuses is None else None

    enterprises = Enterprise.objects.bulk_create(
        [
            Enterprise(
                uscc=_uscc(offset + i),
                name=f"规模测试企业{offset + i:05d}有限公司",
                unit=unit_rows[i % len(unit_rows)],
                address="河北省测试路",
                size=rng.choice(Size.values),
                industry=rng.choice(Industry.values),
                contact_name="联系人",
                contact_phone="13800000000",
                registration_status=RegistrationStatus.CONFIRMED,
            )
            for i in range(count)
        ],
        batch_size=1000,
    )
    now = timezone.now()
    applications = []
    counters: dict[int, int] = {}
    for enterprise in enterprises:
        status = rng.choices(choices, weights)[0] if weights else rng.choice(choices)
        numbered = status != Status.DRAFT
        counters[enterprise.unit_id] = counters.get(enterprise.unit_id, 0) + (1 if numbered else 0)
        code = "BX" if call.programme == "insurance" else "TX"
        applications.append(
            Application(
                call=call,
                enterprise=enterprise,
                unit_id=enterprise.unit_id,
                programme=call.programme,
                number=f"{call.year}{code}-{unit_codes[enterprise.unit_id]}-S{offset + len(applications):05d}"
                if numbered
                else None,
                status=status,
                bank_name="中国银行",
                account_name=enterprise.name,
                account_number="6222020200001234",
                amount_requested=Decimal(rng.randrange(500_00, 50_000_00)) / 100,
                created_by=creator,
                submitted_at=now - dt.timedelta(days=rng.randrange(1, 30)) if numbered else None,
                last_submitted_at=now - dt.timedelta(days=rng.randrange(0, 20)) if numbered else None,
                reply_deadline=now + dt.timedelta(days=7) if status in (Status.RETURNED, Status.LAPSED) else None,
            )
        )
    applications = Application.objects.bulk_create(applications, batch_size=1000)
    if progress:
        progress(len(applications), "applications")

    if call.programme == "insurance":
        Policy.objects.bulk_create(
            [
                Policy(
                    application=a,
                    insurer="中国人民财产保险股份有限公司",
                    policy_number=f"SCALE-{a.pk}",
                    insurance_type="patent_enforcement",
                    policy_date=dt.date(call.cycle_start.year, 3, 1),
                    period_start=dt.date(call.cycle_start.year, 3, 2),
                    period_end=dt.date(call.cycle_start.year + 1, 3, 1),
                    premium=a.amount_requested,
                    first_year_premium=a.amount_requested,
                    coverage=a.amount_requested * 50,
                    date_paid=dt.date(call.cycle_start.year, 3, 1),
                )
                for a in applications
            ],
            batch_size=1000,
        )
    else:
        Loan.objects.bulk_create(
            [
                Loan(
                    application=a,
                    bank="中国银行",
                    contract_number=f"SCALE-{a.pk}",
                    principal=Decimal("3000000.00"),
                    annual_rate=Decimal("4.35"),
                    loan_start=dt.date(call.cycle_start.year, 1, 10),
                    loan_end=dt.date(call.cycle_start.year + 1, 1, 9),
                    repaid_on=dt.date(call.cycle_start.year, 12, 20),
                    interest_paid_in_cycle=a.amount_requested * 2,
                    pledge_registration_number=f"Y{a.pk:012d}",
                    use_of_funds="专利产品生产",
                )
                for a in applications
            ],
            batch_size=1000,
        )

    processes = Process.objects.bulk_create(
        [Process(flow_class=ApplicationFlow, status="NEW", data={"application": a.pk}) for a in applications],
        batch_size=1000,
    )
    for application, process in zip(applications, processes, strict=True):
        application.process = process
    Application.objects.bulk_update(applications, ["process"], batch_size=1000)
    tasks = []
    for application in applications:
        node = OPEN_TASK.get(application.status)
        if node is not None:
            tasks.append(
                Task(
                    process=application.process,
                    flow_task=getattr(ApplicationFlow, node),
                    flow_task_type="HUMAN",
                    status="NEW",
                    owner_permission=_permission(node, application, unit_codes),
                )
            )
    Task.objects.bulk_create(tasks, batch_size=1000)
    if progress:
        progress(len(tasks), "tasks")
    return applications
