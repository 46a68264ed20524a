"""The second factor: roles that require it reach nothing before a code; enrolment, wrong codes, the reset."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import Entry
from tests.makers import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("otp_for_admin_and_finance")]


@pytest.fixture
def otp_for_admin_and_finance(settings):
    settings.OTP_REQUIRED_ROLES = ["admin", "finance"]


def sign_in(client, username):
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, "the password step should pass"
    return response


def code_of(device: TOTPDevice, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + steps_ahead * device.step
    return f"{totp.token():06d}"


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def test_a_required_role_without_a_device_reaches_only_enrolment(client, finance_user):
    sign_in(client, "finance")
    home = client.get(reverse("home:index"))
    assert home.status_code == 302 and home["Location"].startswith(reverse("accounts:otp_enrol"))
    # Not the API of pages either: a POST anywhere is sent away too, and nothing runs.
    assert client.post(reverse("accounts:password_change"), {}).status_code == 302
    page = client.get(reverse("accounts:otp_enrol"))
    assert page.status_code == 200 and "<svg" in page.content.decode()
    assert page["Cache-Control"] == "no-store"


def test_enrolment_confirmed_with_a_code_lets_the_user_in(client, finance_user):
    sign_in(client, "finance")
    page = client.get(reverse("accounts:otp_enrol"))
    device = TOTPDevice.objects.get(user=finance_user, confirmed=False)
    assert page.context["secret"].replace(" ", "") in page.content.decode().replace(" ", "")
    response = client.post(reverse("accounts:otp_enrol"), {"code": code_of(device), "next": "/"})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("home:index")).status_code == 200
    assert Entry.objects.filter(action="accounts.otp_enrolled", object_id=str(finance_user.pk)).exists()


def test_the_secret_is_shown_once_each_visit_makes_a_new_one(client, finance_user):
    sign_in(client, "finance")
    first = client.get(reverse("accounts:otp_enrol")).context["secret"]
    second = client.get(reverse("accounts:otp_enrol")).context["secret"]
    assert first != second
    assert TOTPDevice.objects.filter(user=finance_user).count() == 1


def test_an_enrolled_admin_gives_the_code_after_the_password(client, admin_user):
    device = enrolled(admin_user)
    sign_in(client, "province_admin")
    refused = client.get(reverse("enterprises:list"))
    assert refused.status_code == 302 and refused["Location"].startswith(reverse("accounts:otp_verify"))
    response = client.post(
        reverse("accounts:otp_verify"), {"code": code_of(device), "next": reverse("enterprises:list")}
    )
    assert response.status_code == 302 and response["Location"] == reverse("enterprises:list")
    assert client.get(reverse("enterprises:list")).status_code == 200


def test_a_wrong_code_is_refused_and_throttles_the_next_try(client, admin_user):
    device = enrolled(admin_user)
    sign_in(client, "province_admin")
    wrong = client.post(reverse("accounts:otp_verify"), {"code": "000000" if code_of(device) != "000000" else "111111"})
    assert wrong.status_code == 400
    assert "验证码不正确" in wrong.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    assert client.get(reverse("home:index")).status_code == 302
    with override_settings(OTP_TOTP_THROTTLE_FACTOR=600):
        # Within the wait even the right code is refused: guessing cannot be sped up.
        throttled = client.post(reverse("accounts:otp_verify"), {"code": code_of(device)})
    assert throttled.status_code == 400 and "错误次数过多" in throttled.content.decode()
    assert client.get(reverse("home:index")).status_code == 302


def test_a_code_cannot_be_used_twice(client, admin_user):
    device = enrolled(admin_user)
    sign_in(client, "province_admin")
    code = code_of(device)
    assert client.post(reverse("accounts:otp_verify"), {"code": code}).status_code == 302
    client.post(reverse("accounts:logout"))
    sign_in(client, "province_admin")
    assert client.post(reverse("accounts:otp_verify"), {"code": code}).status_code == 400


def test_other_roles_are_not_asked(client, sjz_reviewer):
    sign_in(client, "sjz_reviewer")
    assert client.get(reverse("home:index")).status_code == 200


def test_a_reviewer_who_enrolled_voluntarily_is_asked_too(client, sjz_reviewer):
    enrolled(sjz_reviewer)
    sign_in(client, "sjz_reviewer")
    assert client.get(reverse("home:index"))["Location"].startswith(reverse("accounts:otp_verify"))


def test_the_sign_out_stays_open(client, finance_user):
    sign_in(client, "finance")
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_province_resets_a_lost_device_and_it_is_audited(client, admin_user, sjz_reviewer):
    enrolled(sjz_reviewer)
    admin_device = enrolled(admin_user)
    sign_in(client, "province_admin")
    client.post(reverse("accounts:otp_verify"), {"code": code_of(admin_device)})
    listing = client.get(reverse("accounts:otp_devices"))
    assert "sjz_reviewer" in listing.content.decode()
    response = client.post(reverse("accounts:otp_reset", args=[sjz_reviewer.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=sjz_reviewer).exists()
    entry = Entry.objects.get(action="accounts.otp_reset")
    assert entry.actor == admin_user and entry.object_id == str(sjz_reviewer.pk) and entry.data["devices"] == 1


def test_an_unverified_admin_cannot_reset_devices(client, admin_user, sjz_reviewer):
    enrolled(sjz_reviewer)
    enrolled(admin_user)
    sign_in(client, "province_admin")
    client.post(reverse("accounts:otp_reset", args=[sjz_reviewer.pk]))
    assert TOTPDevice.objects.filter(user=sjz_reviewer).exists()


def test_only_the_province_resets_devices(client, sjz_reviewer, bd_reviewer):
    enrolled(bd_reviewer)
    sign_in(client, "sjz_reviewer")
    assert client.post(reverse("accounts:otp_reset", args=[bd_reviewer.pk])).status_code == 403
    assert TOTPDevice.objects.filter(user=bd_reviewer).exists()


def test_an_unknown_role_name_stops_start_up():
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "OTP_"))}
    env.update(DJANGO_DEBUG="1", OTP_REQUIRED_ROLES="admin,provincial_admin")
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "OTP_REQUIRED_ROLES names unknown roles ['provincial_admin']" in result.stderr


def test_api_tokens_cannot_be_made_before_the_code(client, admin_user):
    """Tokens would be a way round the second factor: the page that makes them is behind it."""
    enrolled(admin_user)
    sign_in(client, "province_admin")
    for response in (client.get("/api/tokens/"), client.post("/api/tokens/new/", {"name": "script"})):
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:otp_verify"))
