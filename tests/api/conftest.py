"""API helpers: a token for a persona, and requests that carry it."""

from __future__ import annotations

import pytest

from api import tokens
from tests.makers import make_open_call
from workflow import lifecycle
from workflow.samples import complete_application


def token(user, name: str = "测试令牌", **kwargs) -> str:
    return tokens.issue(user, name, user, **kwargs)[1]


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def api_get(client, who, url: str, params: dict | None = None):
    """GET as ``who`` (a user, whose new token is used, or a raw token)."""
    raw = who if isinstance(who, str) else token(who)
    return client.get(url, params or {}, **bearer(raw))


def submitted(enterprise, call):
    user = enterprise.user_roles.get().user
    return lifecycle.submit(complete_application(enterprise, call, user), user)


@pytest.fixture
def call(db, admin_user):
    return make_open_call("insurance")


@pytest.fixture
def sjz_application(call, sjz_enterprise, sjz_reviewer):
    return submitted(sjz_enterprise, call)


@pytest.fixture
def bd_application(call, bd_enterprise, bd_reviewer):
    return submitted(bd_enterprise, call)
