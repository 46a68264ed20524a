"""Staff correct 文号 prefixes in admin; documents and series are read-only; missing PDFs are made later."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

import documents
from documents.models import Issuer, PdfStatus
from tests.documents.samples import SAMPLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", password="correct-horse-battery")


def test_staff_correct_a_prefix_in_admin(client, superuser):
    client.force_login(superuser, backend="accounts.backends.RoleBackend")
    issuer = Issuer.objects.get(code="SJZ")
    url = reverse("admin:documents_issuer_change", args=[issuer.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": issuer.name, "prefix": "石市监知函"})
    assert response.status_code == 302
    issuer.refresh_from_db()
    assert issuer.number_text(2022, 3) == "石市监知函〔2022〕3号"


def test_documents_and_series_are_read_only_in_admin(client, superuser, sjz_enterprise):
    client.force_login(superuser, backend="accounts.backends.RoleBackend")
    document = documents.issue(
        "acceptance_receipt", issuer_code="SJZ", context=SAMPLES["acceptance_receipt"](), obj=sjz_enterprise
    )
    assert client.get(reverse("admin:documents_document_changelist")).status_code == 200
    url = reverse("admin:documents_document_change", args=[document.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"title": "改"}).status_code == 403
    assert client.get(reverse("admin:documents_series_changelist")).status_code == 200
    assert client.get(reverse("admin:documents_document_add")).status_code == 403


def test_the_command_reports_what_it_could_not_convert(no_libreoffice, sjz_enterprise):
    document = documents.issue(
        "integrity_pledge", issuer_code=None, context=SAMPLES["integrity_pledge"](), obj=sjz_enterprise
    )
    out = StringIO()
    call_command("documents_pdf", stdout=out)
    assert out.getvalue().strip() == "not_installed: 1"
    document.refresh_from_db()
    assert document.pdf_status == PdfStatus.NOT_INSTALLED
