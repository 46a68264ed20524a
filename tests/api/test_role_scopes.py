"""Each role's token reads what that role's pages show: the enterprise itself, the expert its assignments,
finance and the province everything."""

import pytest
from django.urls import reverse

from experts import pledge
from experts.models import Assignment, AssignmentStatus, EvaluationGroup
from tests.api.conftest import api_get
from tests.experts.makers import make_expert


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


def test_enterprise_token_sees_only_itself(client, sjz_enterprise, sjz_application, bd_application):
    user = sjz_enterprise.user_roles.get().user
    assert ids(api_get(client, user, reverse("api:applications"))) == [sjz_application.pk]
    assert api_get(client, user, reverse("api:application", args=[bd_application.pk])).status_code == 404
    own = api_get(client, user, reverse("api:application", args=[sjz_application.pk])).json()
    assert own["enterprise"]["uscc"] == sjz_enterprise.uscc


def test_finance_and_province_see_every_unit(client, finance_user, admin_user, sjz_application, bd_application):
    both = sorted([sjz_application.pk, bd_application.pk])
    assert ids(api_get(client, finance_user, reverse("api:applications"))) == both
    assert ids(api_get(client, admin_user, reverse("api:applications"))) == both


def test_finance_sees_the_full_account_and_the_province_a_masked_one(client, finance_user, admin_user, sjz_application):
    url = reverse("api:application", args=[sjz_application.pk])
    full = sjz_application.account_number
    assert api_get(client, finance_user, url).json()["payee"]["account_number"] == full
    masked = api_get(client, admin_user, url).json()["payee"]["account_number"]
    assert masked != full and masked.endswith(full[-4:]) and masked.startswith("*")


def test_a_role_without_scope_sees_nothing(client, outsider, sjz_application):
    assert ids(api_get(client, outsider, reverse("api:applications"))) == []


@pytest.fixture
def group(call, admin_user):
    return EvaluationGroup.objects.create(call=call, name="第一组", seed=1, size=5, minimum=3, created_by=admin_user)


def test_expert_sees_only_active_assignments_of_pledged_calls(
    client, call, group, sjz_application, bd_application, sjz_enterprise
):
    expert = make_expert("E01", "王建国")
    Assignment.objects.create(group=group, application=sjz_application, expert=expert)
    Assignment.objects.create(
        group=group, application=bd_application, expert=expert, status=AssignmentStatus.DECLARED, reason="曾任顾问"
    )
    url = reverse("api:applications")
    assert ids(api_get(client, expert.user, url)) == []  # nothing before the pledge, as on the task page
    pledge.accept(expert, call, expert.user)
    assert ids(api_get(client, expert.user, url)) == [sjz_application.pk]  # the declared conflict is not there
    conflicted = api_get(client, expert.user, reverse("api:application", args=[bd_application.pk]))
    assert conflicted.status_code == 404
    detail = api_get(client, expert.user, reverse("api:application", args=[sjz_application.pk])).json()
    assert detail["timeline"] is None  # the task page shows no history
    assert detail["payee"]["account_number"].startswith("*")


def test_an_expert_never_sees_another_experts_assignment(client, call, group, sjz_application):
    mine, theirs = make_expert("E01"), make_expert("E02")
    Assignment.objects.create(group=group, application=sjz_application, expert=theirs)
    pledge.accept(mine, call, mine.user)
    assert ids(api_get(client, mine.user, reverse("api:applications"))) == []
