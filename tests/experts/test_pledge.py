"""The pledge comes first: no application is shown to an expert before they accept it for the call."""

import pytest
from django.urls import reverse

from audit.models import Entry
from experts import pledge
from experts.draw import draw_group
from experts.models import Assignment, Pledge
from tests.makers import signed_in


@pytest.fixture
def assignment(call, pool, sjz_apps, admin_user):
    group = draw_group(call, sjz_apps, name="第一评审组", size=3, minimum=3, seed=7, by=admin_user)
    return Assignment.objects.filter(group=group).select_related("expert__user", "application").first()


def test_the_task_page_sends_an_expert_to_the_pledge_first(client, assignment):
    signed_in(client, assignment.expert.user)
    response = client.get(reverse("experts:task", args=[assignment.pk]))
    assert response.status_code == 302 and response.url == reverse("experts:pledge", args=[assignment.group.call_id])


def test_the_task_list_hides_applications_until_the_pledge_is_accepted(client, assignment):
    signed_in(client, assignment.expert.user)
    page = client.get(reverse("experts:tasks")).content.decode()
    assert "阅读并签署承诺书" in page and assignment.application.number not in page


def test_accepting_the_pledge_records_its_text_and_opens_the_tasks(client, assignment):
    signed_in(client, assignment.expert.user)
    call_pk = assignment.group.call_id
    assert "回避" in client.get(reverse("experts:pledge", args=[call_pk])).content.decode()
    client.post(reverse("experts:pledge", args=[call_pk]), {"accept": "on"})

    accepted = Pledge.objects.get(expert=assignment.expert)
    assert accepted.text_sha256 == pledge.TEXT_SHA256
    assert Entry.objects.filter(action="experts.pledge.accepted").exists()
    assert assignment.application.number in client.get(reverse("experts:tasks")).content.decode()
    assert client.get(reverse("experts:task", args=[assignment.pk])).status_code == 200


def test_the_pledge_must_be_ticked(client, assignment):
    signed_in(client, assignment.expert.user)
    client.post(reverse("experts:pledge", args=[assignment.group.call_id]), {})
    assert not Pledge.objects.exists()


def test_no_pledge_page_for_a_call_without_assignments(client, pool, call):
    signed_in(client, pool["E07"].user)
    assert client.get(reverse("experts:pledge", args=[call.pk])).status_code in (403, 404)


def test_a_pledge_is_accepted_once_per_call(assignment):
    expert, call = assignment.expert, assignment.group.call
    assert pledge.accept(expert, call, expert.user) == pledge.accept(expert, call, expert.user)
    assert Pledge.objects.count() == 1
