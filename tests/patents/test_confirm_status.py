"""A reviewer of the enterprise's unit (or the province) confirms a patent's legal status; nobody else."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import Entry
from patents.models import LegalStatus, Patent, StatusSource
from patents.records import confirm_status
from tests.makers import signed_in
from tests.patents.makers import make_patent


@pytest.mark.django_db
def test_sjz_reviewer_confirms_a_sjz_patent_against_the_fee_receipts(client, sjz_reviewer, sjz_enterprise):
    patent = make_patent(sjz_enterprise, legal_status=LegalStatus.UNKNOWN)
    signed_in(client, sjz_reviewer)
    response = client.post(
        reverse("patents:confirm_status", args=[patent.pk]),
        {
            "status": "lapsed_fee",
            "source": "annual_fee_receipt",
            "checked_on": "2024-03-01",
            "annual_fee_paid_through": "2023-03-14",
            "note": "2023年度年费未缴",
        },
    )
    assert response.status_code == 302
    patent = Patent.objects.get(pk=patent.pk)
    assert (patent.legal_status, patent.status_source, patent.status_checked_on, patent.status_checked_by) == (
        LegalStatus.LAPSED_FEE,
        StatusSource.ANNUAL_FEE_RECEIPT,
        date(2024, 3, 1),
        sjz_reviewer,
    )
    assert patent.annual_fee_paid_through == date(2023, 3, 14)
    entry = Entry.objects.for_object(patent).last()
    assert (entry.action, entry.actor, entry.data["source"], entry.data["target"], entry.data["note"]) == (
        "patents.patent.status_confirmed",
        sjz_reviewer,
        "unknown",
        "lapsed_fee",
        "2023年度年费未缴",
    )


@pytest.mark.django_db
def test_province_admin_confirms_any_patent(admin_user, bd_enterprise):
    patent = confirm_status(
        make_patent(bd_enterprise), admin_user, "valid", StatusSource.CNIPA_QUERY, timezone.localdate()
    )
    assert patent.status_checked_by == admin_user


@pytest.mark.django_db
def test_bd_reviewer_cannot_confirm_a_sjz_patent(bd_reviewer, sjz_enterprise):
    patent = make_patent(sjz_enterprise, legal_status=LegalStatus.UNKNOWN)
    with pytest.raises(PermissionDenied, match="只有石家庄"):
        confirm_status(patent, bd_reviewer, "valid", StatusSource.CNIPA_QUERY, timezone.localdate())
    assert Patent.objects.get(pk=patent.pk).legal_status == LegalStatus.UNKNOWN
    assert not Entry.objects.for_object(patent).filter(action="patents.patent.status_confirmed").exists()


@pytest.mark.django_db
def test_bd_reviewer_posting_to_a_sjz_patent_gets_404(client, bd_reviewer, sjz_enterprise):
    patent = make_patent(sjz_enterprise)
    signed_in(client, bd_reviewer)
    response = client.post(
        reverse("patents:confirm_status", args=[patent.pk]),
        {"status": "valid", "source": "cnipa_query", "checked_on": "2024-03-01"},
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_the_enterprise_cannot_confirm_its_own_patent(client, sjz_enterprise):
    patent = make_patent(sjz_enterprise, legal_status=LegalStatus.UNKNOWN)
    signed_in(client, sjz_enterprise.user)
    response = client.post(
        reverse("patents:confirm_status", args=[patent.pk]),
        {"status": "valid", "source": "cnipa_query", "checked_on": "2024-03-01"},
    )
    assert response.status_code == 403
    assert Patent.objects.get(pk=patent.pk).legal_status == LegalStatus.UNKNOWN


@pytest.mark.django_db
def test_a_confirmation_needs_a_reviewers_source_and_a_past_date(sjz_reviewer, sjz_enterprise):
    patent = make_patent(sjz_enterprise)
    with pytest.raises(ValidationError):
        confirm_status(patent, sjz_reviewer, "valid", StatusSource.DECLARED, timezone.localdate())
    with pytest.raises(ValidationError):
        confirm_status(
            patent, sjz_reviewer, "valid", StatusSource.CNIPA_QUERY, timezone.localdate() + timedelta(days=1)
        )


@pytest.mark.django_db
def test_enterprise_changing_the_status_undoes_the_confirmation(client, sjz_reviewer, sjz_enterprise):
    patent = confirm_status(
        make_patent(sjz_enterprise), sjz_reviewer, "valid", StatusSource.CNIPA_QUERY, timezone.localdate()
    )
    signed_in(client, sjz_enterprise.user)
    client.post(
        reverse("patents:edit", args=[patent.pk]),
        {
            "number": patent.number,
            "title": patent.title,
            "owner": patent.owner,
            "patent_type": "invention",
            "legal_status": "valid",
            "annual_fee_paid_through": "2030-03-14",
        },
    )
    patent = Patent.objects.get(pk=patent.pk)
    assert (patent.status_source, patent.status_checked_by) == (StatusSource.DECLARED, sjz_enterprise.user)
