"""Who is calling: the project's own hashed tokens (``Authorization: Bearer hbipf_…``), and a rate per token.

A missing token, an unknown one, a revoked or expired one, or one whose user was deactivated is a 401
with a ``WWW-Authenticate`` header; what the token's user may see is then decided by the same scope
functions the pages use.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions, throttling

from . import tokens


class TokenAuthentication(authentication.BaseAuthentication):
    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Authorization 头格式应为“Bearer 令牌”"))
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("令牌无效")) from None
        token = tokens.find(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(_("令牌无效"))
        if token.is_revoked:
            raise exceptions.AuthenticationFailed(_("令牌已吊销"))
        if token.is_expired:
            raise exceptions.AuthenticationFailed(_("令牌已过期"))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("令牌所属用户已停用"))
        tokens.touch(token)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class TokenRateThrottle(throttling.SimpleRateThrottle):
    """At most ``API_RATE_PER_MINUTE`` requests a minute per token (per address before sign-in)."""

    scope = "api_token"

    def get_cache_key(self, request, view):
        auth = getattr(request, "auth", None)
        # The hash, not the row id: ids can come back after a rollback, and the cache would remember them.
        ident = f"token-{auth.key_hash[:24]}" if getattr(auth, "key_hash", None) else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
