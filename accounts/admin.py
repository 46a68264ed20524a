from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Role, User


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    autocomplete_fields = ["enterprise"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [RoleInline]
    list_display = ["username", "full_name", "phone", "is_active", "last_login"]
    search_fields = ["username", "full_name", "phone", "email"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("联系方式"), {"fields": ["full_name", "phone"]}),
    ]
