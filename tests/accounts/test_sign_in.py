"""Signing in and out; repeated failures lock the user name (and, at a higher count, the address)."""

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.makers import PASSWORD


def attempt(client, username, password, address="10.0.0.1"):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_a_reviewer_signs_in_and_reaches_home(client, sjz_reviewer):
    response = attempt(client, "sjz_reviewer", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home:index")
    assert client.get(reverse("home:index")).status_code == 200


@pytest.mark.django_db
def test_a_wrong_password_says_so_and_warns_of_the_lockout(client, sjz_reviewer):
    response = attempt(client, "sjz_reviewer", "wrong")
    assert response.status_code == 200
    assert "用户名或密码不正确。连续6次输错，账户将被暂时锁定。" in response.content.decode()


@pytest.mark.django_db
def test_six_wrong_passwords_in_a_row_lock_the_account(client, sjz_reviewer):
    for _ in range(5):
        assert attempt(client, "sjz_reviewer", "wrong").status_code == 200
    locked = attempt(client, "sjz_reviewer", "wrong")
    assert locked.status_code == 429
    assert "登录失败次数过多，该账户已被暂时锁定。请15分钟后再试" in locked.content.decode()
    # Even the right password is refused while the lock lasts, from another address too.
    again = attempt(client, "sjz_reviewer", PASSWORD, address="10.0.0.2")
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_lock_expires(client, sjz_reviewer):
    from datetime import timedelta

    from axes.models import AccessAttempt

    for _ in range(6):
        attempt(client, "sjz_reviewer", "wrong")
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.first().attempt_time - timedelta(minutes=16))
    assert attempt(client, "sjz_reviewer", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_one_persons_typos_do_not_lock_their_colleagues_at_the_same_address(client, sjz_reviewer, bd_reviewer):
    for _ in range(6):
        attempt(client, "sjz_reviewer", "wrong")
    assert attempt(client, "bd_reviewer", PASSWORD).status_code == 302


@pytest.mark.django_db
@override_settings(LOGIN_FAILURE_LIMIT_PER_ADDRESS=10)
def test_many_failures_from_one_address_lock_the_address(client, sjz_reviewer):
    for n in range(10):
        attempt(client, f"guess{n}", "wrong")
    assert attempt(client, "sjz_reviewer", PASSWORD).status_code == 429
    assert attempt(client, "sjz_reviewer", PASSWORD, address="10.0.0.9").status_code == 302


@pytest.mark.django_db
def test_logout_is_a_post_and_ends_the_session(client, sjz_reviewer):
    attempt(client, "sjz_reviewer", PASSWORD)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("home:index")).status_code == 302


def test_sessions_expire_when_idle_and_when_the_browser_closes(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_SAVE_EVERY_REQUEST is True  # the age counts from the last request
    assert settings.SESSION_COOKIE_AGE == 120 * 60
