"""Pages for people: each user's own API tokens (make one, see it once, revoke it) and the API's docs."""

from __future__ import annotations

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from drf_spectacular.generators import SchemaGenerator

from accounts.permissions import fetch_visible

from . import schema, tokens
from .models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("名称"), max_length=64, help_text=gettext_lazy("用途说明，如“某银行支付结果回传”")
    )
    days = forms.IntegerField(
        label=gettext_lazy("有效期（天）"), min_value=1, max_value=tokens.MAX_DAYS, initial=tokens.DEFAULT_DAYS
    )


def _second_factor_key() -> str | None:
    """The session key in which the accounts app's gate keeps "this session still owes its second factor"."""
    from accounts import middleware

    return getattr(getattr(middleware, "SecondFactorMiddleware", None), "SESSION_KEY", None)


def _second_factor_pending(request) -> bool:
    """/api/ is open before the second factor (the API itself takes tokens, not sessions), so the token pages
    check it themselves: a password alone must never be enough to mint a token that outlives the session."""
    key = _second_factor_key()
    if key is None or not request.session.get(key):
        return False
    return not request.user.is_verified()


def full_sign_in_required(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if _second_factor_pending(request):
            raise PermissionDenied(_("请先完成第二步验证（动态验证码），再管理接口令牌"))
        return view(request, *args, **kwargs)

    return login_required(guarded)


def _page(request, form, secret=None, status=200):
    mine = ApiToken.objects.filter(user=request.user)
    return render(request, "api/tokens.html", {"form": form, "tokens": mine, "secret": secret}, status=status)


@full_sign_in_required
def token_list(request):
    return _page(request, TokenForm())


@full_sign_in_required
@require_POST
def token_create(request):
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        data = form.cleaned_data
        token, secret = tokens.issue(request.user, data["name"], request.user, days=data["days"])
    except ValueError as exc:
        form.add_error(None, str(exc))
        return _page(request, form, status=400)
    messages.success(request, _("已创建令牌“%(n)s”。令牌只显示这一次，请立即复制保存。") % {"n": token.name})
    response = _page(request, TokenForm(), secret=secret)
    response["Cache-Control"] = "no-store"  # the secret must not stay in any cache
    return response


@full_sign_in_required
@require_POST
def token_revoke(request, pk: int):
    token = fetch_visible(ApiToken.objects.filter(user=request.user), pk=pk)
    tokens.revoke(token, request.user)
    messages.success(request, _("已吊销令牌“%(n)s”，使用它的请求将被拒绝（401）") % {"n": token.name})
    return redirect("api:tokens")


def docs(request):
    """Server-rendered from the schema itself: no script, no CDN (the intranet has no internet)."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return render(
        request,
        "api/docs.html",
        {"endpoints": schema.endpoints(generated), "info": generated.get("info", {})},
    )
