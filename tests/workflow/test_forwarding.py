"""Forwarding to the province: in batches before the deadline, after it only with the province's extension;
the province can send an application back to its unit."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from audit.transitions import TransitionNotAllowed
from notifications.models import Message
from tests.makers import signed_in
from workflow import lifecycle
from workflow.models import Application, Batch, ForwardingExtension, Status


def past_deadline(application):
    call = application.call
    type(call).objects.filter(pk=call.pk).update(city_review_deadline=timezone.localdate() - timedelta(days=1))
    return Application.objects.get(pk=application.pk)


@pytest.mark.django_db
def test_two_batches_are_numbered_in_order(passed, sjz_reviewer):
    batch = lifecycle.forward_batch(passed.call, passed.unit, [passed], sjz_reviewer)
    assert (batch.serial, Application.objects.get(pk=passed.pk).status) == (1, Status.FORWARDED)
    assert Batch.objects.filter(unit=passed.unit).count() == 1


@pytest.mark.django_db
def test_forwarding_after_the_deadline_needs_the_provinces_extension(client, passed, sjz_reviewer, admin_user):
    late = past_deadline(passed)
    with pytest.raises(PermissionDenied, match=r"报送截止日期.*已过"):
        lifecycle.forward_batch(late.call, late.unit, [late], sjz_reviewer)
    assert Application.objects.get(pk=passed.pk).status == Status.PASSED

    signed_in(client, admin_user)
    client.post(
        reverse("workflow:grant_extension"),
        {
            "call": late.call_id,
            "unit_code": "SJZ",
            "until": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "reason": "系统故障",
        },
    )
    assert ForwardingExtension.objects.filter(unit__code="SJZ").exists()
    lifecycle.forward_batch(late.call, late.unit, [Application.objects.get(pk=late.pk)], sjz_reviewer)
    assert Application.objects.get(pk=passed.pk).status == Status.FORWARDED


@pytest.mark.django_db
def test_the_province_returns_an_application_and_the_unit_forwards_it_again(passed, sjz_reviewer, admin_user):
    lifecycle.forward_batch(passed.call, passed.unit, [passed], sjz_reviewer)
    with pytest.raises(lifecycle.Refused):
        lifecycle.return_to_unit(Application.objects.get(pk=passed.pk), admin_user, " ")
    returned = lifecycle.return_to_unit(Application.objects.get(pk=passed.pk), admin_user, "保单复印件缺页")
    assert returned.status == Status.RETURNED_TO_UNIT
    assert Message.objects.filter(recipient=sjz_reviewer, event="returned_by_province").exists()
    batch = lifecycle.forward_batch(returned.call, returned.unit, [returned], sjz_reviewer)
    assert batch.serial == 2 and Application.objects.get(pk=passed.pk).status == Status.FORWARDED


@pytest.mark.django_db
def test_a_unit_reopens_the_review_of_a_returned_application(passed, sjz_reviewer, admin_user):
    lifecycle.forward_batch(passed.call, passed.unit, [passed], sjz_reviewer)
    returned = lifecycle.return_to_unit(Application.objects.get(pk=passed.pk), admin_user, "需要企业补正")
    reopened = lifecycle.reopen_review(returned, sjz_reviewer)
    assert reopened.status == Status.SUBMITTED
    deadline = timezone.now() + timedelta(days=5)
    again = lifecycle.return_for_correction(reopened, sjz_reviewer, [{"problem": "补充年费凭证"}], deadline)
    assert again.status == Status.RETURNED


@pytest.mark.django_db
def test_only_the_province_returns_forwarded_applications(passed, sjz_reviewer, bd_reviewer):
    lifecycle.forward_batch(passed.call, passed.unit, [passed], sjz_reviewer)
    with pytest.raises(PermissionDenied):
        lifecycle.return_to_unit(Application.objects.get(pk=passed.pk), sjz_reviewer, "想改")


@pytest.mark.django_db
def test_bulk_pass_asks_for_confirmation_then_passes_all(client, sjz_reviewer, sjz_enterprise, bd_enterprise):
    from tests.makers import make_enterprise
    from tests.workflow.conftest import ready_insurance_application

    apps = []
    for _ in range(3):
        enterprise = make_enterprise("SJZ")
        apps.append(lifecycle.submit(ready_insurance_application(enterprise), enterprise.user_roles.get().user))
    signed_in(client, sjz_reviewer)
    ids = [a.pk for a in apps]
    confirm = client.post(reverse("workflow:bulk_pass"), {"ids": ids})
    assert confirm.status_code == 200 and all(a.number in confirm.content.decode() for a in apps)
    assert Application.objects.filter(pk__in=ids, status=Status.PASSED).count() == 0
    client.post(reverse("workflow:bulk_pass"), {"ids": ids, "confirm": "1", "opinion": "同意推荐"})
    assert Application.objects.filter(pk__in=ids, status=Status.PASSED).count() == 3


@pytest.mark.django_db
def test_withdrawing_cancels_the_open_work(submitted, sjz_enterprise):
    from viewflow.workflow.models import Task

    withdrawn = lifecycle.withdraw(submitted, sjz_enterprise.user, "决定不再申报")
    assert withdrawn.status == Status.WITHDRAWN
    assert not Task.objects.filter(
        process_id=submitted.process_id, status__in=["NEW", "ASSIGNED", "STARTED", "SCHEDULED"]
    ).exists()
    with pytest.raises(TransitionNotAllowed, match="已撤回"):
        lifecycle.withdraw(Application.objects.get(pk=submitted.pk), sjz_enterprise.user)
