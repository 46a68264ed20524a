"""Downloads: whoever may see the object a document concerns may read it; anyone else gets a 404."""

import pytest
from django.urls import reverse

import documents
from documents import access
from documents.models import PdfStatus
from tests.documents.samples import SAMPLES
from tests.makers import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def receipt(sjz_enterprise):
    return documents.issue(
        "acceptance_receipt", issuer_code="SJZ", context=SAMPLES["acceptance_receipt"](), obj=sjz_enterprise
    )


def test_the_enterprise_downloads_its_receipt(client, enterprise_rule, sjz_enterprise, receipt):
    response = signed_in(client, sjz_enterprise.user).get(reverse("documents:docx", args=[receipt.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert "attachment" in response["Content-Disposition"]
    assert "docx" in response["Content-Disposition"]


def test_the_reviewer_of_the_unit_downloads_it(client, enterprise_rule, sjz_reviewer, receipt):
    assert signed_in(client, sjz_reviewer).get(reverse("documents:docx", args=[receipt.pk])).status_code == 200


def test_a_reviewer_of_another_unit_gets_404(client, enterprise_rule, bd_reviewer, receipt):
    assert signed_in(client, bd_reviewer).get(reverse("documents:docx", args=[receipt.pk])).status_code == 404


def test_another_enterprise_gets_404(client, enterprise_rule, bd_enterprise, receipt):
    assert signed_in(client, bd_enterprise.user).get(reverse("documents:docx", args=[receipt.pk])).status_code == 404


def test_without_a_registered_rule_only_the_province_reads_it(
    client, sjz_enterprise, sjz_reviewer, admin_user, receipt
):
    assert access.rule_for("enterprises.enterprise") is None
    assert signed_in(client, sjz_enterprise.user).get(reverse("documents:docx", args=[receipt.pk])).status_code == 404
    assert signed_in(client, sjz_reviewer).get(reverse("documents:docx", args=[receipt.pk])).status_code == 404
    assert signed_in(client, admin_user).get(reverse("documents:docx", args=[receipt.pk])).status_code == 200


def test_an_anonymous_visitor_is_sent_to_sign_in(client, receipt):
    response = client.get(reverse("documents:docx", args=[receipt.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_list_and_the_single_check_agree(enterprise_rule, sjz_enterprise, bd_reviewer, sjz_reviewer, receipt):
    for user, expected in [(sjz_enterprise.user, True), (sjz_reviewer, True), (bd_reviewer, False)]:
        assert access.can_read(user, receipt) is expected
        assert access.visible_documents(user).filter(pk=receipt.pk).exists() is expected


def test_a_pdf_not_yet_made_is_404_with_the_reason(client, enterprise_rule, no_libreoffice, sjz_enterprise, receipt):
    documents.convert_to_pdf(receipt)
    receipt.refresh_from_db()
    assert receipt.pdf_status == PdfStatus.NOT_INSTALLED
    assert signed_in(client, sjz_enterprise.user).get(reverse("documents:pdf", args=[receipt.pk])).status_code == 404


def test_the_pdf_is_downloaded_by_who_may_read_the_document(
    client, enterprise_rule, sjz_enterprise, bd_reviewer, receipt
):
    from django.core.files.base import ContentFile

    receipt.pdf.save("receipt.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    receipt.pdf_status = PdfStatus.PRODUCED
    receipt.save(update_fields=["pdf", "pdf_status"])
    response = signed_in(client, sjz_enterprise.user).get(reverse("documents:pdf", args=[receipt.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"
    assert signed_in(client, bd_reviewer).get(reverse("documents:pdf", args=[receipt.pk])).status_code == 404
