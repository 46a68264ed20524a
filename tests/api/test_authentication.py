"""No token, a wrong one, a revoked or expired one, or a deactivated user: 401 in JSON, never a page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from api import tokens
from api.models import ApiToken
from tests.api.conftest import bearer, token

URL = "/api/applications/"


def assert_401(response):
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    return response.json()["detail"]


@pytest.mark.django_db
def test_no_token_is_401(client):
    assert_401(client.get(URL))


@pytest.mark.django_db
def test_a_wrong_token_is_401(client, sjz_reviewer):
    raw = token(sjz_reviewer)
    assert assert_401(client.get(URL, **bearer(raw[:-1] + ("x" if raw[-1] != "x" else "y")))) == "令牌无效"
    assert_401(client.get(URL, HTTP_AUTHORIZATION="Bearer"))
    assert_401(client.get(URL, HTTP_AUTHORIZATION="Bearer not-ours"))


def test_a_revoked_token_is_401(client, sjz_reviewer):
    row, raw = tokens.issue(sjz_reviewer, "市局系统", sjz_reviewer)
    assert client.get(URL, **bearer(raw)).status_code == 200
    tokens.revoke(row, sjz_reviewer)
    assert assert_401(client.get(URL, **bearer(raw))) == "令牌已吊销"


def test_an_expired_token_is_401(client, sjz_reviewer):
    row, raw = tokens.issue(sjz_reviewer, "市局系统", sjz_reviewer, days=1)
    ApiToken.objects.filter(pk=row.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert assert_401(client.get(URL, **bearer(raw))) == "令牌已过期"


def test_a_deactivated_users_token_is_401(client, sjz_reviewer):
    raw = token(sjz_reviewer)
    sjz_reviewer.is_active = False
    sjz_reviewer.save(update_fields=["is_active"])
    assert assert_401(client.get(URL, **bearer(raw))) == "令牌所属用户已停用"


def test_a_signed_in_browser_session_is_not_an_api_credential(client, sjz_reviewer):
    client.force_login(sjz_reviewer, backend="accounts.backends.RoleBackend")
    assert_401(client.get(URL))


def test_use_is_recorded_and_only_the_hash_is_stored(client, sjz_reviewer):
    row, raw = tokens.issue(sjz_reviewer, "市局系统", sjz_reviewer)
    client.get(URL, **bearer(raw))
    row.refresh_from_db()
    assert row.last_used_at is not None
    assert raw not in {row.key_hash, row.prefix, row.name} and row.key_hash == tokens.digest(raw)


@pytest.mark.django_db
def test_unknown_api_address_is_a_json_404(client):
    response = client.get("/api/no-such-thing/")
    assert response.status_code == 404 and "detail" in response.json()


def test_a_crash_is_a_json_500(client, sjz_reviewer, monkeypatch):
    from api import scopes

    def broken(user):
        raise RuntimeError("boom")

    monkeypatch.setattr(scopes, "applications", broken)
    client.raise_request_exception = False
    response = client.get(reverse("api:applications"), **bearer(token(sjz_reviewer)))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json" and response.json()["detail"]


def test_requests_are_throttled_per_token(client, sjz_reviewer, settings, monkeypatch):
    from api.authentication import TokenRateThrottle

    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"api_token": "2/min"})
    raw, other = token(sjz_reviewer), token(sjz_reviewer, "另一个")
    codes = [client.get(URL, **bearer(raw)).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert client.get(URL, **bearer(other)).status_code == 200  # another token has its own allowance
