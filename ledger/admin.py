"""Django admin: the plan figures may be edited here too (province only, audited); ledgers are read-only here.

Ledgers, rows and files change only through ``ledger.filing`` (the ledger pages), so that every change is
locked, permission-checked and audited the same way.
"""

from django.contrib import admin

from . import permissions, plans
from .models import Activity, Attachment, Ledger, PlanYear, PolicyItem


@admin.register(PlanYear)
class PlanYearAdmin(admin.ModelAdmin):
    list_display = ["year", "due_day", "matchmaking_per_quarter", "updated_at"]
    fields = ["year", "due_day", "matchmaking_per_quarter", "note"]

    def has_add_permission(self, request):
        return bool(permissions.can_edit_plan(request.user)) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return bool(permissions.can_edit_plan(request.user)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return bool(permissions.can_edit_plan(request.user)) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        plans.save_plan_year(obj, request.user)

    def delete_model(self, request, obj):
        plans.delete_plan_year(obj, request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            plans.delete_plan_year(obj, request.user)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Ledger)
class LedgerAdmin(ReadOnlyAdmin):
    list_display = ["unit", "year", "quarter", "status", "first_submitted_at", "submitted_at", "reopen_count"]
    list_filter = ["year", "quarter", "status", "unit"]


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ["ledger", "category", "held_on", "departments"]
    list_filter = ["category"]


@admin.register(PolicyItem)
class PolicyItemAdmin(ReadOnlyAdmin):
    list_display = ["ledger", "kind", "title", "issuer", "number", "issued_on"]
    list_filter = ["kind"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["ledger", "slot", "original_name", "size", "uploaded_by", "uploaded_at"]
