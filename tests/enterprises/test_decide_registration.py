"""The unit's city reviewer confirms or refuses a registration, with a reason when refusing."""

import pytest
from django.urls import reverse

from audit.models import Entry
from enterprises import registration
from enterprises.models import RegistrationStatus
from enterprises.permissions import may_submit_applications
from tests.makers import signed_in


@pytest.mark.django_db
def test_sjz_reviewer_confirms_a_sjz_registration(client, sjz_reviewer, pending_sjz_enterprise):
    signed_in(client, sjz_reviewer)
    response = client.post(
        reverse("enterprises:decide", args=[pending_sjz_enterprise.pk]), {"decision": "confirm", "note": "核对无误"}
    )
    assert response.status_code == 302
    pending_sjz_enterprise.refresh_from_db(fields=["registration_note"])
    enterprise = type(pending_sjz_enterprise).objects.get(pk=pending_sjz_enterprise.pk)
    assert enterprise.registration_status == RegistrationStatus.CONFIRMED
    assert enterprise.registration_decided_by == sjz_reviewer
    entry = Entry.objects.for_object(enterprise).last()
    assert (entry.action, entry.actor, entry.data["source"], entry.data["target"]) == (
        "enterprises.enterprise.confirm",
        sjz_reviewer,
        "pending",
        "confirmed",
    )
    assert may_submit_applications(pending_sjz_enterprise.user)


@pytest.mark.django_db
def test_refusing_needs_a_reason(client, sjz_reviewer, pending_sjz_enterprise):
    signed_in(client, sjz_reviewer)
    client.post(reverse("enterprises:decide", args=[pending_sjz_enterprise.pk]), {"decision": "refuse", "note": " "})
    enterprise = type(pending_sjz_enterprise).objects.get(pk=pending_sjz_enterprise.pk)
    assert enterprise.registration_status == RegistrationStatus.PENDING


@pytest.mark.django_db
def test_refused_enterprise_sees_the_reason_and_can_resubmit(client, sjz_reviewer, pending_sjz_enterprise):
    signed_in(client, sjz_reviewer)
    client.post(
        reverse("enterprises:decide", args=[pending_sjz_enterprise.pk]),
        {"decision": "refuse", "note": "营业执照名称与填写不一致"},
    )
    user = pending_sjz_enterprise.user
    verdict = may_submit_applications(type(user).objects.get(pk=user.pk))
    assert not verdict and "营业执照名称与填写不一致" in verdict.reason

    signed_in(client, user)
    page = client.get(reverse("enterprises:detail", args=[pending_sjz_enterprise.pk])).content.decode()
    assert "营业执照名称与填写不一致" in page
    client.post(reverse("enterprises:resubmit", args=[pending_sjz_enterprise.pk]))
    enterprise = type(pending_sjz_enterprise).objects.get(pk=pending_sjz_enterprise.pk)
    assert enterprise.registration_status == RegistrationStatus.PENDING


@pytest.mark.django_db
def test_bd_reviewer_cannot_decide_a_sjz_registration(client, bd_reviewer, pending_sjz_enterprise):
    signed_in(client, bd_reviewer)
    response = client.post(
        reverse("enterprises:decide", args=[pending_sjz_enterprise.pk]), {"decision": "confirm", "note": ""}
    )
    assert response.status_code == 404
    enterprise = type(pending_sjz_enterprise).objects.get(pk=pending_sjz_enterprise.pk)
    assert enterprise.registration_status == RegistrationStatus.PENDING


@pytest.mark.django_db
def test_the_decision_is_checked_at_call_time_not_only_in_the_view(bd_reviewer, pending_sjz_enterprise):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        registration.confirm(pending_sjz_enterprise, bd_reviewer)
    assert not Entry.objects.filter(action="enterprises.enterprise.confirm").exists()


@pytest.mark.django_db
def test_a_decided_registration_cannot_be_decided_again(client, sjz_reviewer, sjz_enterprise):
    signed_in(client, sjz_reviewer)
    response = client.post(
        reverse("enterprises:decide", args=[sjz_enterprise.pk]), {"decision": "refuse", "note": "再次审核"}, follow=True
    )
    assert "不能执行此操作" in response.content.decode()
    assert type(sjz_enterprise).objects.get(pk=sjz_enterprise.pk).registration_status == RegistrationStatus.CONFIRMED


@pytest.mark.django_db
def test_enterprise_user_cannot_confirm_itself(client, pending_sjz_enterprise):
    signed_in(client, pending_sjz_enterprise.user)
    client.post(reverse("enterprises:decide", args=[pending_sjz_enterprise.pk]), {"decision": "confirm"})
    assert type(pending_sjz_enterprise).objects.get(pk=pending_sjz_enterprise.pk).registration_status == "pending"


@pytest.mark.django_db
def test_the_unit_is_told_of_a_registration_and_the_enterprise_of_the_decision(sjz_reviewer, bd_reviewer):
    from notifications.models import Message
    from tests.makers import make_enterprise

    enterprise = make_enterprise("SJZ", confirmed=False)
    assert Message.objects.filter(recipient=sjz_reviewer, event="registration_submitted").count() == 1
    assert not Message.objects.filter(recipient=bd_reviewer).exists()
    registration.refuse(enterprise, sjz_reviewer, "名称与执照不符")
    refused = Message.objects.get(recipient=enterprise.user, event="registration_refused")
    assert "名称与执照不符" in refused.body
    registration.resubmit(type(enterprise).objects.get(pk=enterprise.pk), enterprise.user)
    registration.confirm(type(enterprise).objects.get(pk=enterprise.pk), sjz_reviewer)
    assert Message.objects.filter(recipient=enterprise.user, event="registration_confirmed").count() == 1
