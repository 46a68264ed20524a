"""From a run to letters: only the latest run goes on notice, no re-ranking once it is published, approval
only after the notice is closed, and letters in batches that resume after an interruption without
duplicates or gaps in the 文号."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from calls.models import Call
from documents.models import Document
from evaluation import approval, ranking, scoring
from evaluation.models import RankingRun
from jobs.models import Item
from jobs.running import resume
from notice import publication
from notice.models import Notice
from workflow.models import Application, Status

LETTERS = approval.LETTER_KINDS


@pytest.fixture
def run(evaluated, call, admin_user):
    """Budget 20,000 against 29,000: A 12,000, B 8,000, C nothing."""
    Call.objects.filter(pk=call.pk).update(budget=Decimal("20000.00"))
    return ranking.rank(Call.objects.get(pk=call.pk), admin_user)


def close_notice(notice, admin_user):
    Notice.objects.filter(pk=notice.pk).update(ends_on=date.today() - timedelta(days=1))
    return publication.close(Notice.objects.get(pk=notice.pk), admin_user)


@pytest.fixture
def approved(run, admin_user):
    notice = approval.publish_notice(run, admin_user, working_days=5, contact="0311-12345678")
    close_notice(notice, admin_user)
    approval.approve(run.call, admin_user)
    return [Application.objects.get(number=n) for n in sorted(run.results["applications"])]


def letters():
    return Document.objects.filter(object_type="workflow.application", kind__in=LETTERS)


@pytest.mark.django_db
def test_only_the_latest_run_can_be_published(run, admin_user):
    second = ranking.rank(run.call, admin_user)
    with pytest.raises(scoring.Refused, match="第2次"):
        approval.publish_notice(run, admin_user)
    assert not Notice.objects.exists()
    assert Application.objects.filter(status=Status.IN_NOTICE).count() == 0
    notice = approval.publish_notice(second, admin_user, contact="0311-1")
    assert notice.entries.current().count() == 2


@pytest.mark.django_db
def test_publishing_is_for_the_province_only(run, members):
    with pytest.raises(PermissionDenied):
        approval.publish_notice(run, members["E01"].user)
    assert not Notice.objects.exists()


@pytest.mark.django_db
def test_no_new_run_once_the_list_is_published(run, admin_user):
    approval.publish_notice(run, admin_user, contact="0311-1")
    with pytest.raises(scoring.Refused, match="已公示"):
        ranking.rank(run.call, admin_user)  # it would rank C alone and give it the whole budget
    assert RankingRun.objects.count() == 1


@pytest.mark.django_db
def test_approval_waits_for_the_closed_notice(run, admin_user):
    with pytest.raises(scoring.Refused, match="公示结束"):
        approval.approve(run.call, admin_user)
    notice = approval.publish_notice(run, admin_user, contact="0311-1")
    with pytest.raises(scoring.Refused, match="公示结束"):
        approval.approve(run.call, admin_user)
    assert Application.objects.filter(status__in=[Status.APPROVED, Status.NOT_APPROVED]).count() == 0
    close_notice(notice, admin_user)
    with pytest.raises(PermissionDenied):
        approval.approve(run.call, _expert(run))
    outcome = approval.approve(run.call, admin_user)
    assert outcome["total"] == Decimal("20000.00")
    amounts = {a.number: (a.status, a.amount_awarded) for a in Application.objects.filter(call=run.call)}
    assert sorted(amounts.values()) == sorted(
        [
            (Status.APPROVED, Decimal("12000.00")),
            (Status.APPROVED, Decimal("8000.00")),
            (Status.NOT_APPROVED, Decimal("0.00")),
        ]
    )


def _expert(run):
    from experts.models import Expert

    return Expert.objects.order_by("code").first().user


@pytest.mark.django_db
def test_letters_once_per_application_and_a_second_batch_makes_none(approved, admin_user):
    job = approval.generate_letters(approved[0].call, admin_user)
    assert (job.total, job.done, job.state) == (3, 3, "done")
    assert letters().count() == 3
    again = approval.generate_letters(approved[0].call, admin_user)
    assert (again.total, again.done, again.state) == (0, 0, "done")
    assert letters().count() == 3


@pytest.mark.django_db
def test_an_interrupted_batch_keeps_the_first_letter_and_a_rerun_finishes_without_gaps(
    approved, admin_user, monkeypatch
):
    call = approved[0].call
    real = approval._letter_for
    calls = []

    def failing_on_the_second(application, by):
        calls.append(application.number)
        document = real(application, by)  # the number is taken, then the batch breaks
        if len(calls) == 2:
            raise RuntimeError("磁盘已满")
        return document

    monkeypatch.setattr(approval, "_letter_for", failing_on_the_second)
    job = approval.generate_letters(call, admin_user)
    assert (job.total, job.done, job.failed, job.state) == (3, 2, 1, "failed")  # the others went on
    failed = Item.objects.get(job=job, state="failed")
    assert "磁盘已满" in failed.error and failed.key == str(Application.objects.get(number=calls[1]).pk)
    assert letters().count() == 2  # the failed one rolled back with its number

    monkeypatch.setattr(approval, "_letter_for", real)
    assert resume(job) == 1
    job.refresh_from_db()
    assert (job.done, job.state) == (3, "done")
    per_application = sorted(letters().values_list("object_id", flat=True))
    assert per_application == sorted(str(a.pk) for a in approved)  # one each, none twice
    prov = Document.objects.filter(issuer__code="PROV", serial__isnull=False).order_by("serial")
    serials = list(prov.values_list("serial", flat=True))
    assert serials == list(range(serials[0], serials[0] + len(serials)))  # the notice list and three letters
    assert len(serials) == 4 and len(set(prov.values_list("number", flat=True))) == 4
