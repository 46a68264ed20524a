"""On Celery (run eagerly here), the bank result file's commit is the job's one item: all rows or none."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from config.celery import app
from finance.models import Payment
from jobs.models import Job
from tests.finance.test_bank_import import rows, workbook
from tests.makers import signed_in


@pytest.fixture
def on_celery(settings, django_capture_on_commit_callbacks):
    """Returns ``committed``: a block after which the test's transaction is as if committed (the tasks run)."""
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/15"
    app.conf.task_always_eager = True
    try:
        yield lambda: django_capture_on_commit_callbacks(execute=True)
    finally:
        app.conf.task_always_eager = False


def test_the_bank_result_import_is_committed_by_the_job(
    client, application, other_application, finance_user, on_celery
):
    signed_in(client, finance_user)
    upload = SimpleUploadedFile("结果.xlsx", workbook(*rows(application, other_application)))
    page = client.post(reverse("finance:import"), {"file": upload, "subject": "2060299"})
    token = page.context["commit_form"].initial["token"]
    with on_celery():
        response = client.post(reverse("finance:import"), {"token": token})
    job = Job.objects.get(kind="bank_import")
    job.refresh_from_db()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.state, Payment.objects.count()) == ("done", 2)
    assert client.post(reverse("finance:import"), {"token": token}).status_code == 302  # the token is spent
    assert Payment.objects.count() == 2
