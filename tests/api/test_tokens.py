"""Users make and revoke their own tokens on a page; the secret is shown once; both are in the audit trail."""

import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from api import tokens
from api.models import ApiToken
from audit.models import Entry
from tests.api.conftest import bearer
from tests.makers import make_user, signed_in


def test_a_user_creates_a_token_and_sees_the_secret_once(client, sjz_reviewer):
    signed_in(client, sjz_reviewer)
    response = client.post(reverse("api:token_create"), {"name": "石家庄市局系统", "days": 30})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    secret = re.search(r"hbipf_[0-9a-f]{8}_[\w-]+", response.content.decode()).group()
    row = ApiToken.objects.get(user=sjz_reviewer)
    assert row.key_hash == tokens.digest(secret) and secret not in row.key_hash
    assert secret not in client.get(reverse("api:tokens")).content.decode()
    assert client.get(reverse("api:applications"), **bearer(secret)).status_code == 200
    entry = Entry.objects.get(action="api.token.created")
    assert entry.actor == sjz_reviewer and entry.data["prefix"] == row.prefix and secret not in str(entry.data)


def test_a_user_revokes_their_token_and_it_stops_working(client, sjz_reviewer):
    row, secret = tokens.issue(sjz_reviewer, "市局系统", sjz_reviewer)
    signed_in(client, sjz_reviewer)
    response = client.post(reverse("api:token_revoke", args=[row.pk]))
    assert response.status_code == 302
    assert client.get(reverse("api:applications"), **bearer(secret)).status_code == 401
    assert Entry.objects.filter(action="api.token.revoked", object_id=str(row.pk)).count() == 1


def test_nobody_revokes_another_users_token(client, sjz_reviewer, bd_reviewer):
    row, secret = tokens.issue(sjz_reviewer, "市局系统", sjz_reviewer)
    signed_in(client, bd_reviewer)
    assert client.post(reverse("api:token_revoke", args=[row.pk])).status_code == 404
    assert client.get(reverse("api:applications"), **bearer(secret)).status_code == 200


def test_a_token_needs_a_name(client, sjz_reviewer):
    signed_in(client, sjz_reviewer)
    response = client.post(reverse("api:token_create"), {"name": "", "days": 30})
    assert response.status_code == 400 and not ApiToken.objects.exists()


@pytest.mark.django_db
def test_the_token_page_needs_sign_in(client):
    response = client.get(reverse("api:tokens"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_province_issues_a_token_for_a_system_account(admin_user, capsys):
    from accounts.models import RoleKind

    system = make_user("bank_sync", (RoleKind.FINANCE, None))
    call_command("issue_api_token", "bank_sync", "--name", "银行回传", "--days", "90", "--by", admin_user.username)
    secret = capsys.readouterr().out.strip().splitlines()[-1]
    assert tokens.find(secret).user == system
    assert Entry.objects.get(action="api.token.created").actor == admin_user


def test_only_the_province_issues_tokens_by_command(finance_user, sjz_reviewer):
    with pytest.raises(CommandError, match="not a provincial administrator"):
        call_command("issue_api_token", sjz_reviewer.username, "--name", "x", "--by", finance_user.username)


def test_every_signed_in_page_links_the_token_page(client, sjz_enterprise):
    signed_in(client, sjz_enterprise.user_roles.get().user)
    assert reverse("api:tokens") in client.get(reverse("home:index")).content.decode()


def test_no_token_before_the_second_factor_is_given(client, sjz_reviewer, monkeypatch):
    """/api/ is left open by the second-factor gate (the API takes tokens), so the token page checks it."""
    from api import pages

    monkeypatch.setattr(pages, "_second_factor_key", lambda: "api_test_second_factor_needed")
    signed_in(client, sjz_reviewer)
    session = client.session
    session["api_test_second_factor_needed"] = True
    session.save()
    response = client.post(reverse("api:token_create"), {"name": "市局系统", "days": 30})
    assert response.status_code == 403
    assert not ApiToken.objects.exists()


def test_the_province_revokes_a_systems_token_in_django_admin(client, admin_user, finance_user):
    row, secret = tokens.issue(finance_user, "银行回传", admin_user)
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save(update_fields=["is_staff", "is_superuser"])
    signed_in(client, admin_user)
    url = reverse("admin:api_apitoken_changelist")
    response = client.post(url, {"action": "revoke", "_selected_action": [row.pk]})
    assert response.status_code == 302
    assert client.get(reverse("api:applications"), **bearer(secret)).status_code == 401
    assert Entry.objects.get(action="api.token.revoked").actor == admin_user
