"""Admin for the province's reference data; responses, imports, sends and exports are read-only records here."""

from django.contrib import admin
from django.db import transaction

from audit.models import record

from .models import BatchSend, KeyEnterprise, SurveyImport, SurveyPlan, SurveyResponse, UnitTarget, WhiteListExport


class AuditedAdmin(admin.ModelAdmin):
    """Changes made here are audited like changes made through the pages."""

    audit_action = ""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            record(request.user, self.audit_action, obj, via="admin", changed=form.changed_data)


class UnitTargetInline(admin.TabularInline):
    model = UnitTarget
    extra = 0


@admin.register(SurveyPlan)
class SurveyPlanAdmin(AuditedAdmin):
    audit_action = "survey.surveyplan.edited"
    list_display = ("year", "target", "deadline")
    inlines = [UnitTargetInline]


@admin.register(KeyEnterprise)
class KeyEnterpriseAdmin(AuditedAdmin):
    audit_action = "survey.keyenterprise.added"
    list_display = ("year", "uscc", "name", "enterprise")
    list_filter = ("year",)
    search_fields = ("uscc", "name")
    raw_id_fields = ("enterprise",)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdmin):
    list_display = ("year", "name", "uscc", "version", "is_current", "source", "whitelist_consent")
    list_filter = ("year", "is_current", "source", "whitelist_consent")
    search_fields = ("uscc", "name")


@admin.register(SurveyImport)
class SurveyImportAdmin(ReadOnlyAdmin):
    list_display = ("file_name", "unit", "year", "status", "total_rows", "uploaded_by", "uploaded_at")


@admin.register(BatchSend)
class BatchSendAdmin(ReadOnlyAdmin):
    list_display = ("unit", "year", "sent_at", "deadline", "response_count")


@admin.register(WhiteListExport)
class WhiteListExportAdmin(ReadOnlyAdmin):
    list_display = ("year", "unit", "recipient", "row_count", "exported_by", "exported_at")
