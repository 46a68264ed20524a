"""The province issues a token for a system account (a bank's, the finance office's, a city system's).

    manage.py issue_api_token finance_bank_sync --name "工商银行支付结果回传" --days 365 --by province_admin

The token acts with exactly the roles of the user it belongs to; it is printed once, never stored.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from api import tokens


class Command(BaseCommand):
    help = "Issue an API token for USER (printed once); --by names the provincial administrator issuing it."

    def add_arguments(self, parser):
        parser.add_argument("user", help="user name the token acts for")
        parser.add_argument("--name", required=True, help="what the token is for")
        parser.add_argument("--days", type=int, default=tokens.DEFAULT_DAYS, help="validity in days")
        parser.add_argument("--by", required=True, help="user name of the provincial administrator issuing it")

    def handle(self, *args, user, name, days, by, **options):
        users = get_user_model().objects
        try:
            owner = users.get(username=user)
            issuer = users.get(username=by)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"no such user: {exc}") from None
        if not issuer.has_role("admin"):
            raise CommandError(f"{by} is not a provincial administrator (--by must be one)")
        if not owner.role_list:
            raise CommandError(f"{user} holds no role: give it the roles the system needs first (Django admin)")
        try:
            token, raw = tokens.issue(owner, name, issuer, days=days)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"token {token.pk} for {owner.username}, expires {token.expires_at:%Y-%m-%d}:")
        self.stdout.write(raw)
