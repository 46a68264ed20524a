"""Who may open and act on an application: the unit's reviewers, the enterprise itself, the province."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.makers import make_enterprise, signed_in
from tests.workflow.conftest import ready_insurance_application
from workflow import lifecycle
from workflow.models import Application, Status


@pytest.mark.django_db
def test_a_reviewer_of_another_unit_can_neither_open_nor_act(client, submitted, bd_reviewer):
    signed_in(client, bd_reviewer)
    assert client.get(reverse("workflow:detail", args=[submitted.pk])).status_code == 404
    response = client.post(reverse("workflow:decide", args=[submitted.pk, "pass"]), {"opinion": "通过"})
    assert response.status_code == 404
    assert submitted.number not in client.get(reverse("workflow:queue")).content.decode()
    with pytest.raises(PermissionDenied, match="石家庄市市场监督管理局"):
        lifecycle.pass_review(submitted, bd_reviewer, "通过")
    assert Application.objects.get(pk=submitted.pk).status == Status.SUBMITTED


@pytest.mark.django_db
def test_an_enterprise_cannot_open_another_enterprises_application(client, submitted, bd_enterprise):
    signed_in(client, bd_enterprise.user)
    response = client.get(reverse("workflow:detail", args=[submitted.pk]))
    assert response.status_code == 404
    assert client.get(reverse("workflow:materials_zip", args=[submitted.pk])).status_code == 404
    material = submitted.materials.first()
    assert client.get(reverse("workflow:material_download", args=[submitted.pk, material.pk])).status_code == 404


@pytest.mark.django_db
def test_a_reviewer_never_sees_an_enterprises_draft(client, draft, sjz_reviewer):
    signed_in(client, sjz_reviewer)
    assert client.get(reverse("workflow:detail", args=[draft.pk])).status_code == 404


@pytest.mark.django_db
def test_an_enterprise_cannot_review_its_own_application(client, submitted, sjz_enterprise):
    signed_in(client, sjz_enterprise.user)
    client.post(reverse("workflow:decide", args=[submitted.pk, "pass"]), {"opinion": "通过"})
    assert Application.objects.get(pk=submitted.pk).status == Status.SUBMITTED


@pytest.mark.django_db
def test_a_transition_from_a_wrong_state_is_refused_with_the_current_state(client, passed, sjz_reviewer):
    signed_in(client, sjz_reviewer)
    page = client.post(
        reverse("workflow:decide", args=[passed.pk, "reject"]), {"reason_codes": ["other"], "reason": "x"}, follow=True
    )
    assert "当前状态为“初审通过，待报送”，不能执行此操作" in page.content.decode()
    assert Application.objects.get(pk=passed.pk).status == Status.PASSED


@pytest.mark.django_db
def test_a_claimed_application_is_decided_only_by_whoever_claimed_it(submitted, sjz_reviewer, sjz):
    from accounts.models import RoleKind
    from tests.makers import make_user

    colleague = make_user("sjz_colleague", (RoleKind.CITY_REVIEWER, sjz))
    lifecycle.claim(submitted, sjz_reviewer)
    with pytest.raises(PermissionDenied, match="已由石家庄审核员领取"):
        lifecycle.pass_review(submitted, colleague, "通过")
    lifecycle.release(submitted, sjz_reviewer)
    assert lifecycle.pass_review(submitted, colleague, "通过").status == Status.PASSED


@pytest.mark.django_db
def test_the_province_sees_every_unit_but_the_units_only_their_own(client, admin_user, sjz_reviewer, bd_reviewer):
    sjz = ready_insurance_application(make_enterprise("SJZ"))
    bd = ready_insurance_application(make_enterprise("BD"))
    sjz = lifecycle.submit(sjz, sjz.enterprise.user_roles.get().user)
    bd = lifecycle.submit(bd, bd.enterprise.user_roles.get().user)
    signed_in(client, admin_user)
    page = client.get(reverse("workflow:queue")).content.decode()
    assert sjz.number in page and bd.number in page
    signed_in(client, bd_reviewer)
    page = client.get(reverse("workflow:queue")).content.decode()
    assert bd.number in page and sjz.number not in page
