"""Sign-in, sign-out, the lock-out page and the second factor (enrol, verify, the province's reset)."""

from urllib.parse import urlencode

import django_otp
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from . import second_factor
from .middleware import SecondFactorMiddleware


class SignInForm(AuthenticationForm):
    error_messages = {  # lazy: a class attribute is made once, before any request chose a language
        "invalid_login": _lazy("用户名或密码不正确。连续%(limit)d次输错，账户将被暂时锁定。"),
        "inactive": _lazy("该账户已停用，请联系管理员。"),
    }

    def get_invalid_login_error(self):
        from django.core.exceptions import ValidationError

        return ValidationError(
            self.error_messages["invalid_login"] % {"limit": settings.AXES_FAILURE_LIMIT}, code="invalid_login"
        )


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = SignInForm
    redirect_authenticated_user = True


def locked_out(request, original_response=None, credentials=None):
    """django-axes calls this instead of signing in once a user name or an address is locked."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form = SignInForm(request, data=request.POST or None)
    form.is_bound = False  # show the form empty, not as a failed validation
    return render(
        request,
        "accounts/login.html",
        {
            "form": form,
            "locked_out": _("登录失败次数过多，该账户已被暂时锁定。请%(minutes)d分钟后再试，或联系省局管理员解锁。")
            % {"minutes": minutes},
        },
        status=429,
    )


# --- the second factor (accounts/second_factor.py) ------------------------------------------------------------


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_lazy("验证码"),
        max_length=8,
        help_text=_lazy("身份验证器应用中显示的6位数字"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _code_refused(form, throttled: bool) -> None:
    if throttled:
        form.add_error("code", _("验证码错误次数过多，请稍候再试。"))
    else:
        form.add_error("code", _("验证码不正确或已过期，请输入应用中当前显示的6位数字。"))


@login_required
def otp_verify(request):
    """The code after the password, for a user who has an authenticator."""
    device = second_factor.confirmed_device(request.user)
    if device is None:
        return redirect(f"{reverse('accounts:otp_enrol')}?{urlencode({'next': _next_url(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accepted, throttled = second_factor.check_code(device, form.cleaned_data["code"])
        if accepted:
            django_otp.login(request, device)
            request.session.cycle_key()  # a new session id once fully signed in
            return redirect(_next_url(request))
        _code_refused(form, throttled)
    status = 200 if not form.errors else 400
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)}, status=status)


@login_required
def otp_enrol(request):
    """Enrol an authenticator: the QR code and secret are shown once (each visit makes a new secret)."""
    if second_factor.confirmed_device(request.user) is not None:
        return render(request, "accounts/otp_enrolled.html", status=200)
    form = CodeForm(request.POST or None)
    context = {"form": form, "next": _next_url(request), "required": second_factor.role_requires_it(request.user)}
    if request.method == "POST":
        device = second_factor.pending_device(request.user)
        if device is None:
            return redirect("accounts:otp_enrol")
        if form.is_valid():
            accepted, throttled = second_factor.confirm_enrolment(device, form.cleaned_data["code"])
            if accepted:
                django_otp.login(request, device)
                request.session[SecondFactorMiddleware.SESSION_KEY] = True
                request.session.cycle_key()
                messages.success(request, _("已启用两步验证。今后登录时，输入密码后还需输入验证码。"))
                return redirect(_next_url(request))
            _code_refused(form, throttled)
        return render(request, "accounts/otp_enrol.html", context, status=400)
    device = second_factor.start_enrolment(request.user)
    context.update(qr=mark_safe(second_factor.qr_svg(device)), secret=second_factor.secret_text(device))  # noqa: S308  (segno's own SVG)
    response = render(request, "accounts/otp_enrol.html", context)
    response["Cache-Control"] = "no-store"  # the secret must not stay in a cache
    return response


def _require_province_admin(user) -> None:
    if not user.is_province_admin:
        raise PermissionDenied(_("只有省局管理员可以重置两步验证设备。"))


@login_required
def otp_devices(request):
    """The province's view: who has an authenticator, who must have one; reset a lost one."""
    _require_province_admin(request.user)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .models import User

    with_device = set(TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True))
    required = settings.OTP_REQUIRED_ROLES
    people = (
        User.objects.filter(Q(pk__in=with_device) | Q(roles__kind__in=required))
        .distinct()
        .prefetch_related("roles")
        .order_by("username")
    )
    rows = [(person, person.pk in with_device) for person in people]
    return render(request, "accounts/otp_devices.html", {"rows": rows, "required": required})


@login_required
@require_POST
def otp_reset(request, pk: int):
    _require_province_admin(request.user)
    from .models import User

    person = get_object_or_404(User, pk=pk)
    count = second_factor.reset_devices(person, by=request.user)
    messages.success(
        request,
        _("已重置%(name)s的两步验证设备（%(count)d个）。该用户下次登录时需重新绑定。")
        % {"name": person, "count": count},
    )
    return redirect("accounts:otp_devices")
