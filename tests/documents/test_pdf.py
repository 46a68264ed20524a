"""The PDF copy: made after commit, reported as not installed when LibreOffice is missing, idempotent."""

import shutil

import pytest
from django.conf import settings

import documents
from documents.models import Document, PdfStatus
from tests.documents.samples import SAMPLES

pytestmark = pytest.mark.django_db

# The test settings point LIBREOFFICE_BINARY nowhere (TEST_LIBREOFFICE_BINARY overrides); the real
# conversion is exercised whenever a LibreOffice is on this machine.
REAL_LIBREOFFICE = shutil.which(settings.LIBREOFFICE_BINARY) or shutil.which("soffice")


def issue_receipt(enterprise) -> Document:
    return documents.issue(
        "acceptance_receipt", issuer_code="SJZ", context=SAMPLES["acceptance_receipt"](), obj=enterprise
    )


def test_missing_libreoffice_is_reported_and_the_docx_remains(
    no_libreoffice, sjz_enterprise, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = issue_receipt(sjz_enterprise)
    document.refresh_from_db()
    assert document.pdf_status == PdfStatus.NOT_INSTALLED
    assert "未找到 LibreOffice" in document.pdf_message and "/nonexistent/soffice" in document.pdf_message
    assert not document.pdf
    assert document.file.storage.exists(document.file.name)


def test_the_pdf_waits_for_the_commit(no_libreoffice, sjz_enterprise, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = issue_receipt(sjz_enterprise)
    assert len(callbacks) == 1
    assert Document.objects.get(pk=document.pk).pdf_status == PdfStatus.PENDING


def test_a_failing_converter_is_recorded_not_raised(settings, tmp_path, sjz_enterprise):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n")
    fake.chmod(0o755)
    settings.LIBREOFFICE_BINARY = str(fake)
    document = documents.convert_to_pdf(issue_receipt(sjz_enterprise))
    assert document.pdf_status == PdfStatus.FAILED
    assert "退出码 3" in document.pdf_message and "cannot open display" in document.pdf_message


def test_a_hanging_converter_is_stopped_by_the_timeout(settings, tmp_path, sjz_enterprise):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 30\n")
    fake.chmod(0o755)
    settings.LIBREOFFICE_BINARY = str(fake)
    settings.LIBREOFFICE_TIMEOUT = 1
    document = documents.convert_to_pdf(issue_receipt(sjz_enterprise))
    assert document.pdf_status == PdfStatus.FAILED
    assert "超时" in document.pdf_message


def test_libreoffice_makes_the_pdf_once(settings, sjz_enterprise, django_capture_on_commit_callbacks):
    if not REAL_LIBREOFFICE:  # scripts/test installs it; a skip here would hide that PDFs are never tested
        pytest.fail("LibreOffice (soffice) is not installed: apt-get install -y libreoffice-writer-nogui")
    settings.LIBREOFFICE_BINARY = REAL_LIBREOFFICE
    with django_capture_on_commit_callbacks(execute=True):
        document = issue_receipt(sjz_enterprise)
    document.refresh_from_db()
    assert document.pdf_status == PdfStatus.PRODUCED, document.pdf_message
    with document.pdf.open("rb") as f:
        assert f.read(5) == b"%PDF-"
    name = document.pdf.name
    assert documents.convert_to_pdf(document).pdf.name == name  # idempotent: not converted again
