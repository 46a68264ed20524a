"""An expert declares a conflict on seeing an application: off it for good, replaced below the minimum."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from audit.models import Entry
from experts import pledge
from experts.draw import Refused, draw_group
from experts.models import Assignment, AssignmentStatus
from experts.recusal import declare_conflict
from tests.makers import signed_in

from .makers import link


@pytest.fixture
def group(call, pool, sjz_apps, admin_user):
    return draw_group(call, sjz_apps[:1], name="第一评审组", size=3, minimum=3, seed=42, by=admin_user)


def first_active(group):
    return Assignment.objects.filter(group=group, status=AssignmentStatus.ACTIVE).select_related("expert__user").first()


def test_a_declared_conflict_is_kept_on_record_and_replaced(group):
    assignment = first_active(group)
    replacement = declare_conflict(assignment, assignment.expert.user, "近三年曾任该企业技术顾问")

    declared = Assignment.objects.get(pk=assignment.pk)
    assert (declared.status, declared.reason) == (AssignmentStatus.DECLARED, "近三年曾任该企业技术顾问")
    assert replacement.is_alternate and replacement.status == AssignmentStatus.ACTIVE
    assert replacement.expert != assignment.expert
    assert Assignment.objects.filter(application=assignment.application, status=AssignmentStatus.ACTIVE).count() == 3
    group.refresh_from_db()
    assert group.draw_record["replacements"][0]["assigned"] == replacement.expert.code
    actions = set(Entry.objects.values_list("action", flat=True))
    assert {"experts.assignment.declared", "experts.assignment.replaced"} <= actions


def test_no_replacement_while_the_minimum_still_holds(call, pool, sjz_apps, admin_user):
    group = draw_group(call, sjz_apps[:1], name="大组", size=4, minimum=3, seed=42, by=admin_user)
    assignment = first_active(group)
    assert declare_conflict(assignment, assignment.expert.user, "亲属在该企业任职") is None
    assert Assignment.objects.filter(group=group, status=AssignmentStatus.ACTIVE).count() == 3


def test_only_the_assigned_expert_may_declare(group, pool):
    assignment = first_active(group)
    other = next(e for e in pool.values() if e != assignment.expert)
    with pytest.raises(PermissionDenied):
        declare_conflict(assignment, other.user, "代为申报")
    assert Assignment.objects.get(pk=assignment.pk).status == AssignmentStatus.ACTIVE


def test_no_declaration_after_scoring(group):
    assignment = first_active(group)
    with pytest.raises(Refused, match="已提交"):
        declare_conflict(assignment, assignment.expert.user, "想回避", has_scored=lambda a: True)


def test_a_declaration_needs_a_reason(group):
    assignment = first_active(group)
    with pytest.raises(Refused, match="回避理由"):
        declare_conflict(assignment, assignment.expert.user, "  ")


def test_a_declared_assignment_cannot_be_declared_again(group):
    assignment = first_active(group)
    declare_conflict(assignment, assignment.expert.user, "亲属")
    with pytest.raises(PermissionDenied):
        declare_conflict(assignment, assignment.expert.user, "亲属")


def test_the_expert_declares_from_the_task_page(client, group):
    assignment = first_active(group)
    pledge.accept(assignment.expert, group.call, assignment.expert.user)
    signed_in(client, assignment.expert.user)
    response = client.post(reverse("experts:declare", args=[assignment.pk]), {"reason": "曾为该企业提供咨询"})
    assert response.status_code == 302
    assert Assignment.objects.get(pk=assignment.pk).status == AssignmentStatus.DECLARED
    assert client.get(reverse("experts:task", args=[assignment.pk])).status_code == 404


def test_a_replacement_skips_conflicted_experts(group, pool, sjz_enterprise):
    assignment = first_active(group)
    taken = set(Assignment.objects.filter(application=assignment.application).values_list("expert_id", flat=True))
    spare = sorted((e for e in pool.values() if e.pk not in taken), key=lambda e: e.code)
    for expert in spare[:-1]:
        link(expert, enterprise=assignment.application.enterprise)
    replacement = declare_conflict(assignment, assignment.expert.user, "亲属")
    assert replacement.expert == spare[-1]
    group.refresh_from_db()
    [drawn] = group.draw_record["replacements"]
    assert drawn["tried"][-1] == spare[-1].code
    assert [x["expert"] for x in drawn["excluded"]] == drawn["tried"][:-1]


def test_when_nobody_can_replace_the_declaration_stands_and_is_recorded(group, pool):
    assignment = first_active(group)
    for expert in pool.values():
        link(expert, enterprise=assignment.application.enterprise)
    assert declare_conflict(assignment, assignment.expert.user, "亲属") is None
    assert Assignment.objects.get(pk=assignment.pk).status == AssignmentStatus.DECLARED
    assert Entry.objects.filter(action="experts.assignment.replacement_unavailable").exists()
