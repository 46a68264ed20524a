"""A database error in the middle of a transition or of a batch leaves no partial state: the status, the
viewflow task, the 文号 counter, the letters, the notifications and the audit chain are as before; and the
next attempt numbers its letters without a gap."""

from __future__ import annotations

import pytest
from django.db import DatabaseError
from viewflow.workflow.models import Task

from audit import transitions
from audit.models import Entry
from documents.models import Document
from finance import bank_import
from finance.models import BankImport, Payment
from notifications.models import Message
from tests.finance.conftest import approved
from tests.makers import make_enterprise, make_open_call
from tests.workflow.conftest import ready_insurance_application
from workflow import lifecycle
from workflow.models import Application, Batch, Status


def snapshot(*applications) -> dict:
    """Everything a transition may touch, as plain values."""
    return {
        "applications": [
            Application.objects.filter(pk=a.pk).values("status", "number", "rules_sha256", "submitted_at").get()
            for a in applications
        ],
        "tasks": sorted(Task.objects.values_list("id", "status")),
        "documents": sorted(Document.objects.values_list("id", "number")),
        "messages": Message.objects.count(),
        "audit": Entry.objects.count(),
        "batches": Batch.objects.count(),
    }


def failing_on(call_number: int, real):
    """A stand-in for ``real`` that raises a database error on its ``call_number``-th call."""
    calls = {"n": 0}

    def fake(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == call_number:
            raise DatabaseError("simulated: the disk is full")
        return real(*args, **kwargs)

    return fake


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db
def test_the_audit_write_failing_undoes_the_whole_submission(monkeypatch, sjz_enterprise, sjz_reviewer):
    draft = ready_insurance_application(sjz_enterprise)
    before = snapshot(draft)
    monkeypatch.setattr(transitions, "record", failing_on(1, transitions.record))

    with pytest.raises(DatabaseError):
        lifecycle.submit(draft, sjz_enterprise.user)

    assert snapshot(draft) == before  # still a draft, no number, task open, no receipt, nobody notified
    monkeypatch.undo()
    done = lifecycle.submit(Application.objects.get(pk=draft.pk), sjz_enterprise.user)
    assert done.status == Status.SUBMITTED
    receipt = Document.objects.get(object_id=str(done.pk), kind="acceptance_receipt")
    assert receipt.serial == 1  # the failed attempt's number was not consumed


@pytest.mark.django_db
def test_a_step_failing_after_the_letter_was_issued_takes_the_letter_back(monkeypatch, sjz_enterprise, sjz_reviewer):
    draft = ready_insurance_application(sjz_enterprise)
    before = snapshot(draft)
    # submit notifies the enterprise, then the unit's reviewers: the second notification fails, after the
    # number was allocated, the flow task completed and the receipt issued.
    monkeypatch.setattr(lifecycle, "notify", failing_on(2, lifecycle.notify))

    with pytest.raises(DatabaseError):
        lifecycle.submit(draft, sjz_enterprise.user)

    assert snapshot(draft) == before


@pytest.mark.django_db
def test_a_batch_failing_on_its_second_application_forwards_none(monkeypatch, sjz_enterprise, sjz_reviewer):
    call = make_open_call("insurance")
    other = make_enterprise("SJZ")
    passed = []
    for enterprise in (sjz_enterprise, other):
        application = lifecycle.submit(ready_insurance_application(enterprise, call), enterprise.user)
        policy = application.policies.get()
        application = lifecycle.record_judgements(application, sjz_reviewer, {policy.pk: (True, True)})
        passed.append(lifecycle.pass_review(application, sjz_reviewer, "同意推荐"))
    before = snapshot(*passed)
    # The batch's audit entries: forward #1, forward #2 (fails) — the first forward must be undone too.
    monkeypatch.setattr(transitions, "record", failing_on(2, transitions.record))

    with pytest.raises(DatabaseError):
        lifecycle.forward_batch(call, sjz_enterprise.unit, passed, sjz_reviewer)

    assert snapshot(*passed) == before
    assert [Application.objects.get(pk=a.pk).status for a in passed] == [Status.PASSED, Status.PASSED]
    monkeypatch.undo()
    batch = lifecycle.forward_batch(
        call, sjz_enterprise.unit, [Application.objects.get(pk=a.pk) for a in passed], sjz_reviewer
    )
    assert batch.serial == 1  # the failed batch left no number behind


@pytest.mark.django_db
def test_a_bank_import_failing_on_its_second_row_records_nothing(
    monkeypatch, sjz_enterprise, sjz_reviewer, bd_enterprise, bd_reviewer, finance_user
):
    from finance import payments
    from tests.finance.test_bank_import import workbook

    call = make_open_call("insurance")
    first, second = approved(sjz_enterprise, "10000.00", call), approved(bd_enterprise, "8000.00", call)
    content = workbook(
        ("GK-F1", first.number, first.account_number, "10000.00", "2024-05-20", "成功", ""),
        ("GK-F2", second.number, second.account_number, "8000.00", "2024-05-20", "成功", ""),
    )
    before = snapshot(first, second)
    payments_before, imports_before = Payment.objects.count(), BankImport.objects.count()
    # The rehearsal (check_file) records both rows and rolls back; the commit's second row then fails.
    monkeypatch.setattr(payments, "record_payment", failing_on(4, payments.record_payment))

    with pytest.raises(DatabaseError):
        bank_import.commit(content, "结果.xlsx", "2060299", finance_user)

    assert (Payment.objects.count(), BankImport.objects.count()) == (payments_before, imports_before)
    assert snapshot(first, second) == before
    assert [Application.objects.get(pk=a.pk).status for a in (first, second)] == [Status.APPROVED] * 2
