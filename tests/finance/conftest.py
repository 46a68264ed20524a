"""Approved applications waiting for payment, and helpers to pay them and check the ledger.

``approved(enterprise, award)`` builds an application through the real city review (submitted, judged,
passed and forwarded by the unit's reviewer) and then moves it through the province's steps with the
transition door itself — start_evaluation (administrator) → finish_evaluation (system) → approve
(administrator) — instead of a full expert scoring, which tests/evaluation covers end to end. The
award is written the way evaluation.approval writes it, on the application row.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import RoleKind, User
from audit import transitions
from finance import ledger, payments
from tests.makers import make_open_call, make_user
from workflow import lifecycle
from workflow.models import Application
from workflow.samples import complete_application


def approved(enterprise, award: str = "10000.00", call=None) -> Application:
    call = call or make_open_call("insurance")
    user = enterprise.user_roles.get().user
    reviewer = User.objects.filter(roles__kind=RoleKind.CITY_REVIEWER, roles__unit=enterprise.unit).first()
    reviewer = reviewer or make_user(
        f"rev_{enterprise.unit.code}_{enterprise.pk}", (RoleKind.CITY_REVIEWER, enterprise.unit)
    )
    admin = User.objects.filter(roles__kind=RoleKind.ADMIN).first()
    application = lifecycle.submit(complete_application(enterprise, call, user), user)
    policy = application.policies.get()
    application = lifecycle.record_judgements(application, reviewer, {policy.pk: (True, True)})
    application = lifecycle.pass_review(application, reviewer, "同意推荐")
    lifecycle.forward_batch(call, application.unit, [application], reviewer)
    application = transitions.perform(application, "start_evaluation", admin, state_field="status")
    application = transitions.perform(application, "finish_evaluation", None, state_field="status")
    Application.objects.filter(pk=application.pk).update(amount_awarded=Decimal(award))
    application = transitions.perform(application, "approve", admin, state_field="status")
    return Application.objects.get(pk=application.pk)


def key() -> str:
    return uuid.uuid4().hex


_vouchers = iter(range(1, 10**6))


def voucher() -> str:
    return f"GK2024{next(_vouchers):06d}"


def pay(application, amount, by, **overrides):
    fields = dict(
        amount=Decimal(amount),
        voucher=voucher(),
        subject="2060299",
        paid_on=timezone.localdate(),
        by=by,
        idempotency_key=key(),
    )
    fields.update(overrides)
    return payments.record_payment(application, **fields)


def fail(application, by, reason="户名与账号不符", **overrides):
    fields = dict(idempotency_key=key(), voucher=voucher())
    fields.update(overrides)
    return payments.record_failure(application, reason, by, **fields)


def current(application) -> Application:
    return Application.objects.get(pk=application.pk)


def assert_balanced(call) -> ledger.Reconciliation:
    """The ledger (the journal's sums) equals the sums of the payment rows, column by column."""
    result = ledger.reconcile(call)
    assert result.ledger == result.rows, result.lines
    assert result.application_differences == []
    return result


@pytest.fixture
def call(db, admin_user):
    return make_open_call("insurance", budget=Decimal("100000.00"))


@pytest.fixture
def application(call, sjz_enterprise, sjz_reviewer):
    """石家庄甲科技有限公司, awarded 10,000 元."""
    return approved(sjz_enterprise, "10000.00", call)


@pytest.fixture
def other_application(call, bd_enterprise, bd_reviewer):
    """保定乙装备有限公司, awarded 8,000 元."""
    return approved(bd_enterprise, "8000.00", call)


@pytest.fixture
def another_finance_user(db):
    return make_user("finance2", (RoleKind.FINANCE, None))
