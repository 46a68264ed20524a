from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from . import tokens
from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only, with one action: tokens are made and revoked through api.tokens (audited), so the province
    can stop a system's token here; new ones come from /api/tokens/ or ``manage.py issue_api_token``."""

    list_display = ("name", "user", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix", "user__username")
    readonly_fields = [f.name for f in ApiToken._meta.fields]
    actions = ["revoke"]

    @admin.action(description=_("吊销所选令牌"))
    def revoke(self, request, queryset):
        try:
            for token in queryset.filter(revoked_at__isnull=True):
                tokens.revoke(token, request.user)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return
        messages.success(request, _("所选令牌已吊销"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
