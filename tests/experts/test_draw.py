"""The province draws an evaluation group: members, lead, exclusions, alternates, the load cap, refusals."""

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import Entry
from experts.draw import Refused, draw_group
from experts.models import Assignment, AssignmentStatus, EvaluationGroup, GroupMember

from .makers import link

SEED = 20240520


def draw(call, applications, by, **options):
    options = {"name": "第一评审组", "size": 5, "seed": SEED, **options}
    return draw_group(call, applications, by=by, **options)


def active_codes(group, application):
    rows = Assignment.objects.filter(group=group, application=application, status=AssignmentStatus.ACTIVE)
    return sorted(rows.values_list("expert__code", flat=True))


def test_the_province_draws_five_of_seven_and_assigns_them_to_every_application(call, pool, sjz_apps, admin_user):
    group = draw(call, sjz_apps, admin_user)
    members = list(group.members.values_list("expert__code", flat=True))
    assert len(members) == 5 and group.members.filter(is_lead=True).count() == 1
    assert group.draw_record["pool"] == ["E01", "E02", "E03", "E04", "E05", "E06", "E07"]
    assert group.draw_record["picks"] == members
    for application in sjz_apps:
        assert active_codes(group, application) == sorted(members)
    assert Entry.objects.for_object(group).get().action == "experts.group.drawn"


def test_the_lead_is_the_first_member_drawn_who_holds_the_panel_lead_role(call, pool, sjz_apps, admin_user):
    group = draw(call, sjz_apps, admin_user)
    picks = group.draw_record["picks"]
    first_lead = next(code for code in picks if code in ("E01", "E05"))
    assert group.lead.code == group.draw_record["lead"] == first_lead


def test_an_appointed_lead_joins_first_and_the_rest_are_drawn(call, pool, sjz_apps, admin_user):
    group = draw(call, sjz_apps, admin_user, size=3, minimum=3, lead=pool["E06"])
    assert group.lead.code == "E06" and group.draw_record["members"][0] == "E06"
    assert len(group.draw_record["picks"]) == 2 and "E06" not in group.draw_record["picks"]


def test_a_linked_member_is_excluded_and_an_alternate_drawn(call, pool, sjz_apps, sjz_enterprise, admin_user):
    link(pool["E01"], enterprise=sjz_enterprise)
    group = draw(call, sjz_apps, admin_user, size=3, minimum=3, lead=pool["E01"])
    own, other = (sjz_apps[0], sjz_apps[1]) if sjz_apps[0].enterprise == sjz_enterprise else sjz_apps[::-1]

    excluded = Assignment.objects.get(application=own, expert=pool["E01"])
    assert excluded.status == AssignmentStatus.EXCLUDED and "石家庄甲科技有限公司" in excluded.reason
    assert len(active_codes(group, own)) == 3 and "E01" not in active_codes(group, own)
    alternate = Assignment.objects.get(application=own, is_alternate=True, status=AssignmentStatus.ACTIVE)
    assert GroupMember.objects.get(group=group, expert=alternate.expert).is_alternate
    assert "E01" in active_codes(group, other)

    [entry] = [e for e in group.draw_record["applications"] if e["id"] == own.pk]
    assert entry["excluded"][0]["expert"] == "E01" and entry["excluded"][0]["codes"] == ["enterprise_link"]
    assert entry["alternates"][-1] == alternate.expert.code


def test_when_the_pool_runs_out_the_draw_names_the_application_and_writes_nothing(
    call, pool, sjz_apps, bd_app, bd_enterprise, admin_user
):
    for expert in pool.values():
        link(expert, enterprise=bd_enterprise)
    with pytest.raises(Refused, match=bd_app.number):
        draw(call, [*sjz_apps, bd_app], admin_user, size=3, minimum=3)
    assert not EvaluationGroup.objects.exists() and not Assignment.objects.exists()
    assert not Entry.objects.filter(action="experts.group.drawn").exists()


def test_the_load_cap_excludes_a_full_member_and_draws_alternates(call, pool, sjz_apps, admin_user):
    for expert in pool.values():
        expert.max_load = 1
        expert.save()
    group = draw(call, sjz_apps, admin_user, size=3, minimum=3)
    first, second = sjz_apps
    assert len(active_codes(group, first)) == len(active_codes(group, second)) == 3
    assert not set(active_codes(group, first)) & set(active_codes(group, second))
    [entry] = [e for e in group.draw_record["applications"] if e["id"] == second.pk]
    assert [x["codes"] for x in entry["excluded"]] == [["overloaded"]] * 3


def test_experts_at_their_load_are_left_out_of_the_next_pool(call, pool, sjz_apps, bd_app, admin_user):
    for expert in pool.values():
        expert.max_load = 2
        expert.save()
    first = draw(call, sjz_apps, admin_user, size=3, minimum=3)
    second = draw(call, [bd_app], admin_user, name="第二评审组", size=3, minimum=3)
    assert not set(first.draw_record["members"]) & set(second.draw_record["pool"])
    assert len(second.draw_record["pool"]) == 4


def test_only_forwarded_applications_of_the_call_not_yet_grouped_can_be_drawn(call, pool, sjz_apps, admin_user):
    draw(call, sjz_apps[:1], admin_user)
    with pytest.raises(Refused, match="已在本批次的其他评审组中"):
        draw(call, sjz_apps, admin_user, name="第二评审组")


def test_a_group_larger_than_the_pool_is_refused(call, pool, sjz_apps, admin_user):
    with pytest.raises(Refused, match="可抽取的专家只有7人"):
        draw(call, sjz_apps, admin_user, size=8)


def test_a_group_smaller_than_the_minimum_is_refused(call, pool, sjz_apps, admin_user):
    with pytest.raises(Refused, match="不能少于"):
        draw(call, sjz_apps, admin_user, size=3, minimum=4)


def test_the_minimum_comes_from_the_rules_edition(call, pool, sjz_apps, admin_user):
    assert draw(call, sjz_apps, admin_user).minimum == call.edition.spec.aggregation.min_experts == 3


def test_an_expert_cannot_draw_a_group(call, pool, sjz_apps):
    with pytest.raises(PermissionDenied):
        draw(call, sjz_apps, pool["E01"].user)
