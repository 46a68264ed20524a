from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .masking import mask_phone
from .models import Role, User


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    autocomplete_fields = ["enterprise"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [RoleInline]
    list_display = ["username", "full_name", "masked_phone", "is_active", "last_login"]
    search_fields = ["username", "full_name", "phone", "email"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("联系方式"), {"fields": ["full_name", "phone"]}),
    ]

    @admin.display(description=_("联系电话"), ordering="phone")
    def masked_phone(self, user):
        return mask_phone(user.phone)  # the list is a list: the full number is on the user's own page


# Removing someone's authenticator must leave an audit entry: it is done from the province's page
# (accounts:otp_devices), not from django-otp's generic admin, which would delete without a trace.
try:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    admin.site.unregister(TOTPDevice)
except admin.sites.NotRegistered:
    pass
