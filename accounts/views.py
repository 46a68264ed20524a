"""Sign-in, sign-out and the lock-out page."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.utils.translation import gettext as _


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码不正确。连续%(limit)d次输错，账户将被暂时锁定。"),
        "inactive": _("该账户已停用，请联系管理员。"),
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
