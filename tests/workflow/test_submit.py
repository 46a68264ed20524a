"""Submitting: refused outside the window, with a material missing, twice for one call, unconfirmed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import Entry
from tests.makers import make_enterprise, make_open_call, signed_in
from tests.workflow.conftest import ready_insurance_application
from workflow import lifecycle
from workflow.models import Application, Status


@pytest.mark.django_db
def test_submitting_outside_the_window_is_refused_and_changes_nothing(client, sjz_enterprise):
    application = ready_insurance_application(sjz_enterprise)
    call = application.call
    type(call).objects.filter(pk=call.pk).update(window_closes=timezone.localdate() - timedelta(days=1))
    signed_in(client, sjz_enterprise.user)
    response = client.post(reverse("workflow:submit", args=[application.pk]), follow=True)
    page = response.content.decode()
    assert "不在申报时间内" in page
    application = Application.objects.get(pk=application.pk)
    assert application.status == Status.DRAFT and application.number is None
    assert not Entry.objects.for_object(application).filter(action="workflow.application.submit").exists()


@pytest.mark.django_db
def test_a_missing_required_material_is_named_and_nothing_is_submitted(client, sjz_enterprise):
    application = ready_insurance_application(sjz_enterprise)
    application.materials.filter(material_id="integrity_pledge").delete()
    signed_in(client, sjz_enterprise.user)
    page = client.post(reverse("workflow:submit", args=[application.pk]), follow=True).content.decode()
    assert "缺少材料：诚信承诺书" in page
    assert Application.objects.get(pk=application.pk).status == Status.DRAFT


@pytest.mark.django_db
def test_every_missing_thing_is_listed_at_once(sjz_enterprise):
    application = lifecycle.create_draft(make_open_call(), sjz_enterprise.user)
    with pytest.raises(lifecycle.Refused) as refused:
        lifecycle.submit(application, sjz_enterprise.user)
    problems = refused.value.problems
    assert "请至少填报一份保单" in problems
    assert "请填写收款账户（开户银行、账户名称、银行账号）" in problems
    assert any(p.startswith("缺少材料：") for p in problems) and len(problems) >= 4


@pytest.mark.django_db
def test_a_second_application_for_the_same_call_is_refused(client, sjz_enterprise):
    call = make_open_call()
    signed_in(client, sjz_enterprise.user)
    client.post(reverse("workflow:create", args=[call.pk]))
    page = client.post(reverse("workflow:create", args=[call.pk]), follow=True).content.decode()
    assert "每个批次只能申报一次" in page
    assert Application.objects.filter(call=call, enterprise=sjz_enterprise).count() == 1


@pytest.mark.django_db
def test_an_unconfirmed_enterprise_prepares_but_cannot_submit(sjz_reviewer):
    enterprise = make_enterprise("SJZ", confirmed=False)
    application = ready_insurance_application(enterprise)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match="尚待石家庄市市场监督管理局确认"):
        lifecycle.submit(application, enterprise.user)
    assert Application.objects.get(pk=application.pk).status == Status.DRAFT


@pytest.mark.django_db
def test_the_payee_account_name_must_be_the_enterprise_name(client, draft, sjz_enterprise):
    signed_in(client, sjz_enterprise.user)
    response = client.post(
        reverse("workflow:payee", args=[draft.pk]),
        {"bank_name": "中国银行", "account_name": "别的公司", "account_number": "6222020200001234"},
        follow=True,
    )
    assert "收款账户名称必须与企业名称" in response.content.decode()
    assert Application.objects.get(pk=draft.pk).account_name == sjz_enterprise.name


@pytest.mark.django_db
def test_submission_numbers_and_pins_the_rules(submitted):
    assert submitted.status == Status.SUBMITTED
    assert submitted.number == "2022BX-SJZ-0001"
    assert submitted.precheck["edition"]["id"] == "insurance-2021"
    assert submitted.rules_sha256 == submitted.precheck["edition"]["sha256"]
    assert str(submitted.amount_requested) == submitted.precheck["amount"]


@pytest.mark.django_db
def test_a_patent_in_a_submitted_application_cannot_be_edited(client, submitted, sjz_enterprise):
    from patents.permissions import can_edit_patent

    patent = submitted.policies.get().patents.first()
    verdict = can_edit_patent(sjz_enterprise.user, patent)
    assert not verdict and submitted.number in verdict.reason
    signed_in(client, sjz_enterprise.user)
    assert client.get(reverse("patents:edit", args=[patent.pk])).status_code == 403
