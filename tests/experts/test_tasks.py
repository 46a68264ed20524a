"""An expert's tasks: their own active assignments only, with what an expert needs to see."""

import pytest
from django.urls import reverse

from experts import pledge
from experts.draw import draw_group
from experts.models import Assignment, AssignmentStatus
from tests.makers import signed_in


@pytest.fixture
def group(call, pool, sjz_apps, admin_user):
    group = draw_group(call, sjz_apps, name="第一评审组", size=3, minimum=3, seed=99, by=admin_user)
    for member in group.members.select_related("expert__user"):
        pledge.accept(member.expert, call, member.expert.user)
    return group


def member_and_outsider(group, pool):
    members = set(group.members.values_list("expert__code", flat=True))
    member = pool[sorted(members)[0]]
    outsider = next(e for code, e in sorted(pool.items()) if code not in members)
    return member, outsider


def test_an_expert_sees_their_applications_with_items_and_materials(client, group, pool):
    member, _outsider = member_and_outsider(group, pool)
    assignment = Assignment.objects.filter(expert=member).select_related("application__enterprise").first()
    signed_in(client, member.user)
    page = client.get(reverse("experts:task", args=[assignment.pk])).content.decode()
    assert assignment.application.enterprise.name in page
    assert "中国人民财产保险股份有限公司" in page and "申报回避" in page
    material = assignment.application.materials.filter(current=True).first()
    download = client.get(reverse("experts:task_material", args=[assignment.pk, material.pk]))
    assert download.status_code == 200


def test_an_expert_never_sees_another_experts_assignment(client, group, pool):
    member, outsider = member_and_outsider(group, pool)
    theirs = Assignment.objects.filter(expert=member).first()
    signed_in(client, outsider.user)
    assert client.get(reverse("experts:task", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("experts:declare", args=[theirs.pk]), {"reason": "x"}).status_code == 404
    material = theirs.application.materials.first()
    assert client.get(reverse("experts:task_material", args=[theirs.pk, material.pk])).status_code == 404
    assert theirs.application.number not in client.get(reverse("experts:tasks")).content.decode()


def test_the_task_list_shows_only_active_assignments(client, group, pool):
    member, _outsider = member_and_outsider(group, pool)
    first, second = Assignment.objects.filter(expert=member).select_related("application").order_by("id")[:2]
    Assignment.objects.filter(pk=second.pk).update(status=AssignmentStatus.RELEASED)
    signed_in(client, member.user)
    page = client.get(reverse("experts:tasks")).content.decode()
    assert first.application.number in page and second.application.number not in page


def test_a_city_reviewer_has_no_tasks_page(client, sjz_reviewer):
    signed_in(client, sjz_reviewer)
    assert client.get(reverse("experts:tasks")).status_code == 403
