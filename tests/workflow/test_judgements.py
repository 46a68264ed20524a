"""The reviewer records the judgements the 2021 measures leave to people; the rules' answer is re-pinned."""

import pytest
from django.urls import reverse

from tests.makers import signed_in
from workflow.models import Application


@pytest.mark.django_db
def test_the_reviewer_judges_each_policy_and_the_precheck_follows(client, submitted, sjz_reviewer):
    assert submitted.precheck["status"] == "awaiting_judgement"
    policy = submitted.policies.get()
    signed_in(client, sjz_reviewer)
    page = client.get(reverse("workflow:detail", args=[submitted.pk])).content.decode()
    assert "待审核员判断" in page and "市局初审" in page
    client.post(
        reverse("workflow:judge", args=[submitted.pk]), {f"core_{policy.pk}": "yes", f"need_{policy.pk}": "yes"}
    )
    judged = Application.objects.get(pk=submitted.pk)
    assert judged.precheck["status"] == "eligible"
    assert judged.amount_requested == policy.first_year_premium


@pytest.mark.django_db
def test_a_negative_judgement_makes_the_policy_ineligible(client, submitted, sjz_reviewer):
    policy = submitted.policies.get()
    signed_in(client, sjz_reviewer)
    client.post(reverse("workflow:judge", args=[submitted.pk]), {f"core_{policy.pk}": "no", f"need_{policy.pk}": "yes"})
    assert str(Application.objects.get(pk=submitted.pk).amount_requested) == "0.00"


@pytest.mark.django_db
def test_an_incomplete_judgement_is_refused(client, submitted, sjz_reviewer):
    policy = submitted.policies.get()
    signed_in(client, sjz_reviewer)
    page = client.post(reverse("workflow:judge", args=[submitted.pk]), {f"core_{policy.pk}": "yes"}, follow=True)
    assert "两项判断都选择" in page.content.decode()
    assert Application.objects.get(pk=submitted.pk).policies.get().core_technology_patent is None


@pytest.mark.django_db
def test_another_units_reviewer_cannot_judge(client, submitted, bd_reviewer):
    policy = submitted.policies.get()
    signed_in(client, bd_reviewer)
    response = client.post(
        reverse("workflow:judge", args=[submitted.pk]), {f"core_{policy.pk}": "yes", f"need_{policy.pk}": "yes"}
    )
    assert response.status_code == 404
    assert Application.objects.get(pk=submitted.pk).policies.get().core_technology_patent is None
