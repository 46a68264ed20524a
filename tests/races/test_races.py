"""Twenty connections at once on PostgreSQL: one application transition, one payment, one ledger
submission, one expert's last score, one issuer's document numbers. Each test asserts the exact outcome:
who wins, what the others are told, how many audit entries were written, and that the chain verifies."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from accounts.models import RoleKind, User
from audit.models import Entry, verify_chain
from audit.transitions import TransitionNotAllowed
from documents.models import Document, Series
from evaluation import scoring
from evaluation.flows import ScoringFlow
from evaluation.models import PanelResult, ScoreSheet
from experts import draw, pledge
from finance import payments
from finance.models import Payment
from ledger import filing
from ledger.models import Ledger
from tests.documents.samples import SAMPLES
from tests.evaluation.conftest import active, forwarded, sheet
from tests.experts.makers import make_pool
from tests.finance.conftest import approved, assert_balanced, pay
from tests.ledger.conftest import add_activity, add_policy, make_ledger
from tests.makers import make_open_call, make_user
from tests.workflow.conftest import ready_insurance_application
from workflow import lifecycle
from workflow.models import Application, Review, Status

from .conftest import ATTEMPTS, EntryCounter, errors, race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def chain_verifies():
    assert verify_chain().ok
    call_command("audit_verify")  # exits non-zero (CommandError) on a broken chain


def test_twenty_city_passes_of_one_application_give_one_pass(sjz_enterprise, sjz):
    submitted = lifecycle.submit(ready_insurance_application(sjz_enterprise), sjz_enterprise.user)
    reviewers = [make_user(f"sjz_r{n}", (RoleKind.CITY_REVIEWER, sjz)).pk for n in range(ATTEMPTS)]
    counter = EntryCounter()

    def attempt(i):
        lifecycle.pass_review(Application.objects.get(pk=submitted.pk), User.objects.get(pk=reviewers[i]), "同意")

    outcomes = race(attempt, (TransitionNotAllowed, PermissionDenied, lifecycle.Refused))

    assert errors(outcomes) == []
    assert outcomes.count("ok") == 1, outcomes
    refusals = [o for o in outcomes if o != "ok"]
    assert len(refusals) == ATTEMPTS - 1
    assert all("当前状态为“初审通过，待报送”，不能执行此操作" in o for o in refusals), refusals
    application = Application.objects.get(pk=submitted.pk)
    assert application.status == Status.PASSED
    assert Review.objects.filter(application=application).count() == 1
    assert list(counter.new().values_list("action", flat=True)) == ["workflow.application.pass_review"]
    open_tasks = Task.objects.filter(process_id=application.process_id, status__in=["NEW", "ASSIGNED", "STARTED"])
    assert [t.flow_task.name for t in open_tasks] == ["forward"]
    chain_verifies()


def test_twenty_payments_of_3000_against_10000_let_exactly_three_through(
    sjz_enterprise, sjz_reviewer, finance_user, admin_user
):
    application = approved(sjz_enterprise, "10000.00")
    officers = [make_user(f"finance_r{n}", (RoleKind.FINANCE, None)).pk for n in range(ATTEMPTS)]
    counter = EntryCounter()

    def attempt(i):
        pay(Application.objects.get(pk=application.pk), "3000.00", User.objects.get(pk=officers[i]))

    outcomes = race(attempt, (payments.Refused,))

    assert errors(outcomes) == []
    assert outcomes.count("ok") == 3, outcomes
    refusals = [o for o in outcomes if o != "ok"]
    assert len(refusals) == ATTEMPTS - 3
    assert all("最多还可拨付1000.00元" in o for o in refusals), refusals
    assert Payment.objects.filter(application=application).count() == 3
    assert payments.net_paid(application) == Decimal("9000.00") <= application.amount_awarded
    assert Application.objects.get(pk=application.pk).status == Status.PARTLY_PAID
    # two entries per payment: the payment row, and the transition it causes
    assert counter.new(action="finance.payment.recorded").count() == 3
    assert counter.new(action="workflow.application.record_part_payment").count() == 3
    assert counter.new().count() == 6
    assert_balanced(application.call)
    chain_verifies()


def test_twenty_payments_under_one_voucher_on_four_applications_record_it_once(
    sjz_enterprise, bd_enterprise, sjz_reviewer, bd_reviewer, finance_user, admin_user
):
    call = make_open_call("insurance", budget=Decimal("1000000.00"))
    from tests.makers import make_enterprise

    enterprises = [sjz_enterprise, bd_enterprise, make_enterprise("SJZ"), make_enterprise("BD")]
    applications = [approved(e, "10000.00", call).pk for e in enterprises]
    counter = EntryCounter()

    def attempt(i):
        application = Application.objects.get(pk=applications[i % 4])
        pay(application, "1000.00", User.objects.get(pk=finance_user.pk), voucher="GK2024999999")

    outcomes = race(attempt, (payments.Refused,))

    assert errors(outcomes) == [], outcomes  # the unique index's IntegrityError must become a refusal
    assert outcomes.count("ok") == 1, outcomes
    refusals = [o for o in outcomes if o != "ok"]
    assert all("凭证号GK2024999999已登记过，同一凭证不能重复登记" in o for o in refusals), refusals
    assert Payment.objects.filter(voucher="GK2024999999").count() == 1
    paid = Payment.objects.get(voucher="GK2024999999").application_id
    assert Application.objects.get(pk=paid).status == Status.PARTLY_PAID
    assert Application.objects.filter(pk__in=applications, status=Status.APPROVED).count() == 3
    assert counter.new().count() == 2
    assert_balanced(call)
    chain_verifies()


def test_twenty_submissions_of_one_ledger_submit_it_once(sjz, sjz_reviewer):
    ledger = make_ledger(sjz, sjz_reviewer, 2022, 4)
    add_activity(ledger, sjz_reviewer)
    add_policy(ledger, sjz_reviewer)
    colleagues = [sjz_reviewer.pk] + [
        make_user(f"sjz_l{n}", (RoleKind.CITY_REVIEWER, sjz)).pk for n in range(ATTEMPTS - 1)
    ]
    counter = EntryCounter()

    def attempt(i):
        filing.submit(Ledger.objects.get(pk=ledger.pk), User.objects.get(pk=colleagues[i]))

    outcomes = race(attempt, (filing.Refused, PermissionDenied))

    assert errors(outcomes) == []
    assert outcomes.count("ok") == 1, outcomes
    refusals = [o for o in outcomes if o != "ok"]
    assert all("台账已报送，无需重复报送" in o for o in refusals), refusals
    ledger = Ledger.objects.get(pk=ledger.pk)
    assert ledger.status == Ledger.Status.SUBMITTED
    assert ledger.first_submitted_at == ledger.submitted_at
    assert list(counter.new().values_list("action", flat=True)) == ["ledger.ledger.submitted"]
    chain_verifies()


def test_the_last_experts_sheet_sent_twenty_times_at_once_joins_once(admin_user):
    call = make_open_call("insurance", budget=Decimal("1000000.00"))
    application = forwarded("SJZ", "12000.00", call)
    pool = make_pool()
    group = draw.draw_group(
        call, [application], name="并发组", size=5, seed=20220301, by=admin_user, minimum=3, lead=pool["E01"]
    )
    scoring.start_evaluation(group, admin_user)
    assignments = active(application)
    assert len(assignments) == 5
    for assignment in assignments[:4]:
        pledge.accept(assignment.expert, call, assignment.expert.user)
        scoring.submit_score(assignment, assignment.expert.user, sheet(30, 22, 18), {})
    last = assignments[4]
    pledge.accept(last.expert, call, last.expert.user)
    counter = EntryCounter()

    def attempt(i):
        from experts.models import Assignment

        assignment = Assignment.objects.select_related("expert__user", "group__call").get(pk=last.pk)
        scoring.submit_score(assignment, assignment.expert.user, sheet(31, 23, 19), {})

    outcomes = race(attempt, (scoring.Refused, PermissionDenied))

    assert errors(outcomes) == []
    assert outcomes.count("ok") == 1, outcomes
    refusals = [o for o in outcomes if o != "ok"]
    # whoever comes after the winner finds either the sheet or the application already evaluated
    assert all("评分已提交，不能覆盖" in o or "申报当前状态为“评审完成”，不能评分" in o for o in refusals), refusals
    application = Application.objects.get(pk=application.pk)
    assert application.status == Status.EVALUATED
    assert ScoreSheet.objects.filter(application=application).count() == 5
    assert PanelResult.objects.filter(application=application).count() == 1
    actions = sorted(counter.new().values_list("action", flat=True))
    assert actions.count("evaluation.score_submitted") == 1
    assert actions.count("evaluation.aggregated") == 1
    assert actions.count("workflow.application.finish_evaluation") == 1
    tasks = Task.objects.filter(process_id=application.evaluation_process_id)
    assert not tasks.filter(status__in=[*scoring.OPEN, STATUS.ERROR]).exists()
    assert tasks.filter(flow_task=ScoringFlow.score, status=STATUS.DONE).count() == 5
    assert [t.status for t in tasks.filter(flow_task=ScoringFlow.join)] == [STATUS.DONE]
    assert tasks.filter(flow_task=ScoringFlow.aggregate, status=STATUS.DONE).count() == 1
    chain_verifies()


def test_twenty_documents_of_one_issuer_at_once_get_one_to_twenty(sjz_enterprise):
    from django.db import transaction

    from documents import issue

    entries_before = Entry.objects.count()

    def attempt(i):
        with transaction.atomic():
            issue("acceptance_receipt", issuer_code="SJZ", context=SAMPLES["acceptance_receipt"](), obj=sjz_enterprise)

    outcomes = race(attempt, ())

    assert outcomes == ["ok"] * ATTEMPTS, outcomes
    issued = Document.objects.filter(issuer__code="SJZ")
    assert sorted(issued.values_list("serial", flat=True)) == list(range(1, ATTEMPTS + 1))
    assert issued.values("number").distinct().count() == ATTEMPTS
    assert Series.objects.get(issuer__code="SJZ", year=issued.first().year).last_serial == ATTEMPTS
    for document in issued:  # each number's own file, stored whole
        with document.file.open("rb") as handle:
            import hashlib

            assert hashlib.sha256(handle.read()).hexdigest() == document.sha256
    assert Entry.objects.count() == entries_before
    chain_verifies()
