"""Making, checking and revoking API tokens. The one door: every creation and revocation is audited.

A token reads ``hbipf_<prefix>_<secret>``; the database keeps ``sha256(token)`` and the prefix only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import record

from .models import ApiToken

SCHEME = "hbipf"
DEFAULT_DAYS = 365
MAX_DAYS = 3 * 365
# last_used_at is written at most once a minute per token, not on every request.
TOUCH_EVERY = dt.timedelta(minutes=1)


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def issue(user, name: str, by, *, days: int = DEFAULT_DAYS) -> tuple[ApiToken, str]:
    """A new token for ``user`` (made by ``by``: the user, or the province for a system account).

    Returns the row and the secret; the secret exists nowhere else afterwards.
    """
    name = (name or "").strip()
    if not name:
        raise ValueError(_("请填写令牌名称"))
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(_("有效期应为1至%(max)d天") % {"max": MAX_DAYS})
    if not user.is_active:
        raise ValueError(_("用户“%(u)s”已停用，不能创建令牌") % {"u": user.username})
    prefix = secrets.token_hex(4)
    raw = f"{SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    now = timezone.now()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name[:64],
            prefix=prefix,
            key_hash=digest(raw),
            created_at=now,
            created_by=by if getattr(by, "pk", None) else None,
            expires_at=now + dt.timedelta(days=days),
        )
        record(
            by,
            "api.token.created",
            token,
            user=user.username,
            name=token.name,
            prefix=prefix,
            expires_at=token.expires_at.isoformat(),
        )
    return token, raw


def revoke(token: ApiToken, by) -> ApiToken:
    """Revoke a token: its owner, or a provincial administrator. Revoking twice changes nothing."""
    if not (by.pk == token.user_id or by.has_role("admin")):
        raise PermissionDenied(_("只能吊销自己的令牌"))
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            return locked
        locked.revoked_at = timezone.now()
        locked.revoked_by = by
        locked.save(update_fields=["revoked_at", "revoked_by"])
        record(by, "api.token.revoked", locked, user=locked.user.username, name=locked.name, prefix=locked.prefix)
    return locked


def find(raw: str) -> ApiToken | None:
    """The token this secret belongs to, whatever its state (the caller decides what is usable)."""
    if not raw or not raw.startswith(f"{SCHEME}_") or len(raw) > 200:
        return None
    return ApiToken.objects.select_related("user").filter(key_hash=digest(raw)).first()


def touch(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
