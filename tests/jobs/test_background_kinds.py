"""Imports, exports, PDF conversion and archives go to the Celery workers when a broker is configured.

Here Celery runs eagerly (the task body runs where ``delay`` is called, after the transaction commits), so
the tests see the whole path — view → job → handler → file on the job's page — without worker processes;
tests/jobs/test_celery_worker.py runs real workers against Redis.
"""

import io
import zipfile
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from archive.packing import verify
from audit.models import Entry
from calls.models import Call
from config.celery import app
from documents.models import Document
from jobs import running
from jobs.models import Item, Job
from notifications.models import Message
from survey.models import ImportStatus, SurveyImport, SurveyResponse
from tests.makers import make_uscc, signed_in
from tests.survey.sheets import good_row
from tests.survey.sheets import workbook as survey_workbook


@pytest.fixture
def on_celery(settings, django_capture_on_commit_callbacks):
    """Returns ``committed``: a block after which the test's transaction is as if committed (the tasks run)."""
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/15"
    app.conf.task_always_eager = True
    try:
        yield lambda: django_capture_on_commit_callbacks(execute=True)
    finally:
        app.conf.task_always_eager = False


def test_a_survey_import_is_queued_then_run_by_the_job(client, sjz_reviewer, on_celery):
    signed_in(client, sjz_reviewer)
    content = survey_workbook([good_row(make_uscc(), "甲公司"), good_row(make_uscc(), "乙公司")])
    client.post(reverse("survey:import") + "?year=2022", {"file": SimpleUploadedFile("表.xlsx", content)})
    batch = SurveyImport.objects.get()
    assert batch.status == ImportStatus.RECEIVED
    with on_celery():
        client.post(reverse("survey:import_run", args=[batch.pk]))
    with on_celery():
        client.post(reverse("survey:import_run", args=[batch.pk]))  # a double click queues nothing more
    job = Job.objects.get(kind="survey_import")
    batch.refresh_from_db()
    assert (job.state, job.backend, batch.status) == ("done", "celery", ImportStatus.DONE)
    assert SurveyResponse.objects.count() == 2
    assert Item.objects.get(job=job).result == {"status": "done", "rows": 2, "problems": 0}
    page = client.get(reverse("survey:import_detail", args=[batch.pk]))
    assert "已导入2家企业" in page.content.decode()


def test_an_import_a_dead_worker_left_half_way_is_restarted_once(client, sjz_reviewer, settings):
    """No broker: the item is run here. The worker "died" while checking: resume runs it again, from the start."""
    signed_in(client, sjz_reviewer)
    content = survey_workbook([good_row(make_uscc(), "甲公司")])
    client.post(reverse("survey:import") + "?year=2022", {"file": SimpleUploadedFile("表.xlsx", content)})
    batch = SurveyImport.objects.get()
    SurveyImport.objects.filter(pk=batch.pk).update(status=ImportStatus.CHECKING, processed_rows=1)
    job = Job.objects.create(kind="survey_import", title="t", total=1, created_by=sjz_reviewer, state="running")
    Item.objects.create(job=job, key=str(batch.pk), state="running", attempts=1, worker_pid=999999)
    assert running.resume(job) == 1
    batch.refresh_from_db()
    job.refresh_from_db()
    assert (batch.status, job.state, job.done, job.failed) == (ImportStatus.DONE, "done", 1, 0)
    assert SurveyResponse.objects.count() == 1
    assert running.resume(job) == 0  # done is done
    assert Entry.objects.filter(action="survey.surveyimport.committed").count() == 1


def test_a_statistics_export_is_made_by_the_job_and_kept_for_its_owner(client, admin_user, sjz_reviewer, on_celery):
    signed_in(client, admin_user)
    with on_celery():
        response = client.get(reverse("stats:export"))
    job = Job.objects.get(kind="export")
    assert job.state == "done"
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "statistics-province.xlsx" in page
    download = client.get(reverse("jobs:download", args=[job.pk, "statistics"]))
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert "按状态" in book.sheetnames and "环节用时" in book.sheetnames
    signed_in(client, sjz_reviewer)  # someone else's job: neither the page nor the file
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:download", args=[job.pk, "statistics"])).status_code == 404


def test_an_export_the_person_may_not_make_is_refused_before_it_is_queued(client, sjz_enterprise, on_celery):
    from accounts.models import User

    signed_in(client, User.objects.get(username="ent_sjz"))
    with on_celery():
        assert client.get(reverse("stats:export")).status_code == 403
    assert not Job.objects.exists()


def test_missing_pdfs_are_one_job_of_the_workers(db, on_celery):
    call_command("load_demo", stdout=StringIO())
    missing = Document.objects.exclude(pdf_status="produced").count()
    assert missing
    out = StringIO()
    with on_celery():
        call_command("documents_pdf", stdout=out)
    job = Job.objects.get(kind="pdf")
    assert f"{missing} document(s) queued" in out.getvalue()
    assert (job.total, job.done, job.state) == (missing, missing, "done")
    # LibreOffice is not installed in the tests: each document says so, and keeps its .docx.
    assert set(Item.objects.filter(job=job).values_list("result__status", flat=True)) == {"not_installed"}


def test_a_call_archive_is_packed_by_the_job_exactly_once(client, admin_user, on_celery):
    call_command("load_demo", stdout=StringIO())
    demo = Call.objects.get(year=2023, programme="insurance")
    signed_in(client, admin_user)
    with on_celery():
        response = client.post(reverse("archive:download", args=[demo.pk]))
    job = Job.objects.get(kind="archive")
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    job.refresh_from_db()
    assert (job.state, job.done) == ("done", 1)
    download = client.get(reverse("jobs:download", args=[job.pk, str(demo.pk)]))
    data = b"".join(download.streaming_content)
    assert verify(data) == [] and zipfile.is_zipfile(io.BytesIO(data))
    assert Item.objects.get(job=job).result["sha256"]
    assert running.resume(job) == 0
    assert Entry.objects.filter(action="archive.call.packed").count() == 1
    # The work was the workers': its end reaches the administrator's message box, once.
    message = Message.objects.get(recipient=admin_user, event="job_finished")
    assert message.url == reverse("jobs:detail", args=[job.pk]) and "完成1项" in message.body


def test_a_long_item_that_fails_is_counted_once_and_succeeds_when_retried(admin_user):
    attempts = []

    def flaky(job, key):
        attempts.append(key)
        if len(attempts) == 1:
            raise RuntimeError("第2行：磁盘已满")
        return {"ok": True}

    running.register("test-flaky", flaky, atomic=False)
    try:
        job = running.submit("test-flaky", ["a"], title="flaky", by=admin_user)
        assert (job.state, job.failed, job.done) == ("failed", 1, 0)
        assert "磁盘已满" in Item.objects.get(job=job).error
        assert running.resume(job) == 1
        job.refresh_from_db()
        assert (job.state, job.failed, job.done) == ("done", 0, 1)
    finally:
        running.HANDLERS.pop("test-flaky", None)
        running.LONG.discard("test-flaky")
