from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "用户与角色"
    audit_labels = {
        "accounts.otp_enrolled": _("启用两步验证"),
        "accounts.otp_reset": _("重置两步验证设备"),
    }

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(remember_second_factor_need, dispatch_uid="accounts.second_factor_need")


def remember_second_factor_need(sender, request, user, **kwargs):
    """Decide at sign-in whether this session must give a code (SecondFactorMiddleware reads the answer)."""
    from .middleware import SecondFactorMiddleware
    from .second_factor import needs_second_factor

    if request is not None and hasattr(request, "session"):
        request.session[SecondFactorMiddleware.SESSION_KEY] = needs_second_factor(user)
