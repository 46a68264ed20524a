"""A batch of approval letters killed half-way (the process interrupted, not an item failing: that case is in
tests/evaluation/test_notice_approval_letters.py) finishes on ``jobs.running.resume`` with one letter per
application and no gap in the 文号; without LibreOffice every letter still has its .docx and reports its
missing PDF, and the batch is not failed by it."""

from __future__ import annotations

import pytest

from documents.models import Document, PdfStatus
from evaluation import approval
from jobs.models import Item, Job
from jobs.running import resume
from tests.evaluation.conftest import *  # noqa: F403  (call, pool, applications, group, members, evaluated)
from tests.evaluation.test_notice_approval_letters import LETTERS, approved, run  # noqa: F401  (fixtures)


def letters():
    return Document.objects.filter(kind__in=LETTERS)


@pytest.mark.django_db
def test_a_killed_letter_batch_resumes_without_duplicates_or_gaps(
    approved,  # noqa: F811
    admin_user,
    monkeypatch,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LIBREOFFICE_BINARY = "/nonexistent/soffice"
    call = approved[0].call
    real = approval._letter_for
    calls = []

    def killed_on_the_second(application, by):
        calls.append(application.number)
        document = real(application, by)  # the 文号 is taken, then the process is killed
        if len(calls) == 2:
            raise KeyboardInterrupt  # not an Exception: nothing records the item as failed
        return document

    monkeypatch.setattr(approval, "_letter_for", killed_on_the_second)
    with pytest.raises(KeyboardInterrupt):
        approval.generate_letters(call, admin_user)

    job = Job.objects.filter(kind="letters").latest("pk")
    assert sorted(Item.objects.filter(job=job).values_list("state", flat=True)) == ["done", "queued", "queued"]
    assert letters().count() == 1  # the killed item's letter and number rolled back with it

    monkeypatch.setattr(approval, "_letter_for", real)
    with django_capture_on_commit_callbacks(execute=True):
        assert resume(job) == 2
    job.refresh_from_db()
    assert (job.total, job.done, job.failed, job.state) == (3, 3, 0, "done")
    assert sorted(letters().values_list("object_id", flat=True)) == sorted(str(a.pk) for a in approved)
    province = Document.objects.filter(issuer__code="PROV", serial__isnull=False).order_by("serial")
    serials = list(province.values_list("serial", flat=True))
    assert serials == list(range(serials[0], serials[0] + len(serials)))  # no gap, none twice
    assert resume(job) == 0 and letters().count() == 3  # a second resume makes nothing

    for document in letters():
        assert document.file.storage.exists(document.file.name)  # the .docx is there
        assert not document.pdf
    # The two letters issued on resume were converted after their commit: reported as missing, not failed.
    missing = letters().filter(pdf_status=PdfStatus.NOT_INSTALLED)
    assert missing.count() == 2 and all("LibreOffice" in d.pdf_message for d in missing)
