"""Cases a review found: each was a 500, a leak or a stuck file before."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleKind, User
from tests.makers import make_enterprise, make_user, signed_in
from tests.workflow.conftest import ready_insurance_application
from workflow import lifecycle
from workflow.models import Application, Batch, Policy, Status


@pytest.mark.django_db
def test_a_draft_withdrawn_before_submission_stays_invisible_to_the_unit(client, draft, sjz_enterprise, sjz_reviewer):
    lifecycle.withdraw(draft, sjz_enterprise.user, "不申报了")
    signed_in(client, sjz_reviewer)
    assert client.get(reverse("workflow:detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("workflow:queue"), {"status": "withdrawn"}).context["page"].paginator.count == 0


@pytest.mark.django_db
def test_a_duplicate_policy_number_is_a_message_on_the_field(client, draft, sjz_enterprise):
    policy = draft.policies.get()
    signed_in(client, sjz_enterprise.user)
    data = {
        "insurer": "另一家保险公司",
        "policy_number": policy.policy_number,
        "insurance_type": "infringement_loss",
        "policy_date": "2021-04-01",
        "period_start": "2021-04-02",
        "period_end": "2022-04-01",
        "premium": "5000.00",
        "first_year_premium": "5000.00",
        "coverage": "100000.00",
        "date_paid": "2021-04-01",
        "paid_in_one_payment": "on",
    }
    response = client.post(reverse("workflow:policy_add", args=[draft.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Policy.objects.filter(application=draft).count() == 1


@pytest.mark.django_db
def test_a_loan_cannot_be_added_to_an_insurance_application(client, draft, sjz_enterprise):
    signed_in(client, sjz_enterprise.user)
    assert client.get(reverse("workflow:loan_add", args=[draft.pk])).status_code == 403


@pytest.mark.django_db
def test_releasing_a_file_a_colleague_already_decided_is_a_message(client, passed, sjz_reviewer):
    signed_in(client, sjz_reviewer)
    page = client.post(reverse("workflow:release", args=[passed.pk]), follow=True).content.decode()
    assert "无需释放" in page


@pytest.mark.django_db
def test_a_bad_extension_request_is_refused_with_messages(client, admin_user, submitted):
    signed_in(client, admin_user)
    page = client.post(
        reverse("workflow:grant_extension"),
        {"call": "abc", "unit_code": "SJZ", "until": "2020-01-01", "reason": "x"},
        follow=True,
    ).content.decode()
    assert "请选择批次和单位" in page
    page = client.post(
        reverse("workflow:grant_extension"),
        {"call": submitted.call_id, "unit_code": "SJZ", "until": "2020-01-01", "reason": "x"},
        follow=True,
    ).content.decode()
    assert "延期日期应晚于今天和当前截止日期" in page


@pytest.mark.django_db
def test_the_unit_extends_a_correction_before_it_lapses(returned, sjz_reviewer):
    later = timezone.now() + timedelta(days=20)
    extended = lifecycle.extend_correction(returned, sjz_reviewer, later, "企业申请延期")
    assert extended.status == Status.RETURNED and extended.reply_deadline == later


@pytest.mark.django_db
def test_an_enterprise_withdraws_a_forwarded_application_before_evaluation(passed, sjz_reviewer, sjz_enterprise):
    lifecycle.forward_batch(passed.call, passed.unit, [passed], sjz_reviewer)
    withdrawn = lifecycle.withdraw(Application.objects.get(pk=passed.pk), sjz_enterprise.user, "放弃")
    assert withdrawn.status == Status.WITHDRAWN


@pytest.mark.django_db
def test_a_refused_return_keeps_every_defect_typed(client, submitted, sjz_reviewer):
    signed_in(client, sjz_reviewer)
    response = client.post(
        reverse("workflow:decide", args=[submitted.pk, "return"]),
        {
            "defects-TOTAL_FORMS": "2",
            "defects-INITIAL_FORMS": "0",
            "defects-0-problem": "保单复印件模糊",
            "defects-1-problem": "长" * 600,
            "reply_deadline": (timezone.localdate() + timedelta(days=5)).isoformat(),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "保单复印件模糊" in page and "提交未成功" in page
    assert Application.objects.get(pk=submitted.pk).status == Status.SUBMITTED


@pytest.mark.django_db
def test_a_broken_defect_form_is_a_message_not_a_server_error(client, submitted, sjz_reviewer):
    signed_in(client, sjz_reviewer)
    response = client.post(reverse("workflow:decide", args=[submitted.pk, "return"]), {"reply_deadline": "x"})
    assert response.status_code == 400
    assert "补正事项表单不完整" in response.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_reviewers_forwarding_at_once_get_two_batches(sjz, admin_user):
    apps = []
    for _ in range(2):
        enterprise = make_enterprise("SJZ")
        application = lifecycle.submit(ready_insurance_application(enterprise), enterprise.user_roles.get().user)
        apps.append(application)
    reviewers = [make_user(f"sjz_fw{n}", (RoleKind.CITY_REVIEWER, sjz)) for n in range(2)]
    for application in apps:
        lifecycle.pass_review(application, reviewers[0], "同意")
    barrier, outcomes = threading.Barrier(2), []

    def forward(reviewer_pk, application_pk):
        reviewer = User.objects.get(pk=reviewer_pk)
        application = Application.objects.get(pk=application_pk)
        barrier.wait()
        try:
            lifecycle.forward_batch(application.call, application.unit, [application], reviewer)
            outcomes.append("ok")
        except Exception as exc:
            outcomes.append(f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()

    threads = [threading.Thread(target=forward, args=(r.pk, a.pk)) for r, a in zip(reviewers, apps, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes == ["ok", "ok"], outcomes
    assert sorted(Batch.objects.values_list("serial", flat=True)) == [1, 2]
