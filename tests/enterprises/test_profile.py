"""An enterprise keeps its own profile: details, colleagues, qualifications; the confirmed identity is fixed."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import User
from audit.models import Entry
from enterprises.models import Enterprise, Qualification
from tests.makers import signed_in


def profile_data(enterprise, **overrides):
    data = {
        "uscc": enterprise.uscc,
        "name": enterprise.name,
        "unit": enterprise.unit_id,
        "address": "新地址1号",
        "park": "",
        "size": "medium",
        "industry": "food",
        "contact_name": "新联系人",
        "contact_phone": "13900000000",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_enterprise_updates_its_contact_and_the_change_is_audited(client, sjz_enterprise):
    signed_in(client, sjz_enterprise.user)
    response = client.post(reverse("enterprises:edit", args=[sjz_enterprise.pk]), profile_data(sjz_enterprise))
    assert response.status_code == 302
    enterprise = Enterprise.objects.get(pk=sjz_enterprise.pk)
    assert (enterprise.contact_name, enterprise.size) == ("新联系人", "medium")
    entry = Entry.objects.for_object(enterprise).last()
    assert entry.action == "enterprises.enterprise.edited" and entry.data["changed"]["contact_name"] == "新联系人"
    assert entry.label == "修改企业信息"


@pytest.mark.django_db
def test_a_confirmed_enterprise_cannot_change_its_code_name_or_unit(client, sjz_enterprise, bd):
    signed_in(client, sjz_enterprise.user)
    client.post(
        reverse("enterprises:edit", args=[sjz_enterprise.pk]),
        profile_data(sjz_enterprise, name="改名后的公司", unit=bd.pk),
    )
    enterprise = Enterprise.objects.get(pk=sjz_enterprise.pk)
    assert (enterprise.name, enterprise.unit.code) == (sjz_enterprise.name, "SJZ")


@pytest.mark.django_db
def test_the_province_can_correct_a_confirmed_name(client, admin_user, sjz_enterprise):
    signed_in(client, admin_user)
    client.post(reverse("enterprises:edit", args=[sjz_enterprise.pk]), profile_data(sjz_enterprise, name="更名公司"))
    assert Enterprise.objects.get(pk=sjz_enterprise.pk).name == "更名公司"


@pytest.mark.django_db
def test_enterprise_adds_a_colleague_who_then_acts_for_it(client, sjz_enterprise):
    signed_in(client, sjz_enterprise.user)
    response = client.post(
        reverse("enterprises:member_add", args=[sjz_enterprise.pk]),
        {
            "username": "colleague",
            "full_name": "同事",
            "phone": "13700000000",
            "email": "",
            "password1": "Colleague-pass-2022",
            "password2": "Colleague-pass-2022",
        },
    )
    assert response.status_code == 302
    colleague = User.objects.get(username="colleague")
    assert colleague.enterprise == sjz_enterprise


@pytest.mark.django_db
def test_enterprise_cannot_add_users_to_another_enterprise(client, sjz_enterprise, bd_enterprise):
    signed_in(client, sjz_enterprise.user)
    assert client.get(reverse("enterprises:member_add", args=[bd_enterprise.pk])).status_code == 404


@pytest.mark.django_db
def test_a_reviewer_sees_but_cannot_edit_an_enterprise_of_their_unit(client, sjz_reviewer, sjz_enterprise):
    signed_in(client, sjz_reviewer)
    assert client.get(reverse("enterprises:detail", args=[sjz_enterprise.pk])).status_code == 200
    assert client.get(reverse("enterprises:edit", args=[sjz_enterprise.pk])).status_code == 403
    assert client.get(reverse("enterprises:member_add", args=[sjz_enterprise.pk])).status_code == 403


@pytest.mark.django_db
def test_enterprise_records_a_qualification_with_its_validity(client, sjz_enterprise):
    signed_in(client, sjz_enterprise.user)
    client.post(
        reverse("enterprises:qualification_add", args=[sjz_enterprise.pk]),
        {
            "kind": "high_tech",
            "certificate_no": "GR202113000999",
            "valid_from": "2021-11-01",
            "valid_until": "2024-10-31",
        },
    )
    qualification = Qualification.objects.get(enterprise=sjz_enterprise)
    assert qualification.is_valid_on(date(2022, 3, 1)) and not qualification.is_valid_on(date(2024, 11, 1))


@pytest.mark.django_db
def test_a_qualification_ending_before_it_starts_is_refused_on_the_field(client, sjz_enterprise):
    signed_in(client, sjz_enterprise.user)
    response = client.post(
        reverse("enterprises:qualification_add", args=[sjz_enterprise.pk]),
        {"kind": "tech_sme", "certificate_no": "X1", "valid_from": "2022-05-01", "valid_until": "2022-01-01"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["valid_until"] == ["有效期至不能早于有效期起"]
    assert not Qualification.objects.exists()


@pytest.mark.django_db
def test_admin_creates_an_enterprise_that_is_confirmed_at_once(client, admin_user, sjz):
    from tests.makers import make_uscc

    signed_in(client, admin_user)
    code = make_uscc()
    response = client.post(
        reverse("enterprises:create"),
        {
            "uscc": code,
            "name": "省局创建企业有限公司",
            "unit": sjz.pk,
            "address": "石家庄",
            "park": "",
            "size": "small",
            "industry": "other",
            "contact_name": "张",
            "contact_phone": "1",
        },
    )
    assert response.status_code == 302
    enterprise = Enterprise.objects.get(uscc=code)
    assert enterprise.is_confirmed and enterprise.registration_decided_by == admin_user


@pytest.mark.django_db
def test_a_city_reviewer_cannot_create_enterprises(client, sjz_reviewer):
    signed_in(client, sjz_reviewer)
    assert client.get(reverse("enterprises:create")).status_code == 403
