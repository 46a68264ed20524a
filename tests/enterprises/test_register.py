"""An enterprise registers itself; until its unit confirms, it can prepare but not submit."""

import pytest
from django.urls import reverse
from stdnum.cn.uscc import calc_check_digit

from accounts.models import RoleKind, User
from audit.models import Entry
from enterprises.models import Enterprise, RegistrationStatus
from enterprises.permissions import may_submit_applications

CODE = "91130104MA0X1Y2A3" + calc_check_digit("91130104MA0X1Y2A3")


def registration_data(sjz, **overrides):
    data = {
        "e-uscc": CODE.lower(),
        "e-name": "石家庄新注册科技有限公司",
        "e-unit": sjz.pk,
        "e-address": "石家庄市长安区测试路1号",
        "e-size": "small",
        "e-industry": "information",
        "e-contact_name": "周敏",
        "e-contact_phone": "13800000001",
        "u-username": "zhoumin",
        "u-full_name": "周敏",
        "u-phone": "13800000001",
        "u-email": "zhoumin@example.com",
        "u-password1": "Patent-insurance-2022",
        "u-password2": "Patent-insurance-2022",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_enterprise_registers_itself_and_waits_for_its_unit(client, sjz):
    response = client.post(reverse("enterprises:register"), registration_data(sjz))
    assert response.status_code == 302
    enterprise = Enterprise.objects.get(uscc=CODE)
    assert enterprise.registration_status == RegistrationStatus.PENDING
    user = User.objects.get(username="zhoumin")
    assert user.enterprise == enterprise
    assert [r.kind for r in user.role_list] == [RoleKind.ENTERPRISE]
    assert Entry.objects.for_object(enterprise).get().action == "enterprises.enterprise.registered"
    home = client.get(reverse("home:index"))
    assert "企业注册尚待石家庄市市场监督管理局确认" in home.content.decode()


@pytest.mark.django_db
def test_registration_with_a_bad_code_keeps_what_was_typed_and_writes_nothing(client, sjz):
    response = client.post(reverse("enterprises:register"), registration_data(sjz, **{"e-uscc": CODE[:-1] + "I"}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "不是统一社会信用代码使用的字符" in page
    assert 'value="石家庄新注册科技有限公司"' in page  # what was typed is still there
    assert not Enterprise.objects.exists() and not User.objects.exists()


@pytest.mark.django_db
def test_one_enterprise_per_code(client, sjz, sjz_enterprise):
    response = client.post(reverse("enterprises:register"), registration_data(sjz, **{"e-uscc": sjz_enterprise.uscc}))
    assert response.status_code == 200
    assert "该统一社会信用代码已经注册" in response.content.decode()
    assert Enterprise.objects.filter(uscc=sjz_enterprise.uscc).count() == 1


@pytest.mark.django_db
def test_weak_password_is_refused_by_the_validators(client, sjz):
    response = client.post(
        reverse("enterprises:register"),
        registration_data(sjz, **{"u-password1": "12345678", "u-password2": "12345678"}),
    )
    assert response.status_code == 200
    assert not Enterprise.objects.exists()


@pytest.mark.django_db
def test_an_unconfirmed_enterprise_cannot_submit(pending_sjz_enterprise):
    verdict = may_submit_applications(pending_sjz_enterprise.user)
    assert not verdict
    assert "尚待石家庄市市场监督管理局确认" in verdict.reason


@pytest.mark.django_db
def test_a_confirmed_enterprise_may_submit(sjz_enterprise):
    assert may_submit_applications(sjz_enterprise.user)


@pytest.mark.django_db
def test_people_who_are_not_enterprise_users_cannot_submit(sjz_reviewer):
    assert not may_submit_applications(sjz_reviewer)
