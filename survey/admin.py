"""Admin for the province's reference data; responses, imports, sends and exports are read-only records here."""

from django.contrib import admin

from .models import BatchSend, KeyEnterprise, SurveyImport, SurveyPlan, SurveyResponse, UnitTarget, WhiteListExport


class UnitTargetInline(admin.TabularInline):
    model = UnitTarget
    extra = 0


@admin.register(SurveyPlan)
class SurveyPlanAdmin(admin.ModelAdmin):
    list_display = ("year", "target", "deadline")
    inlines = [UnitTargetInline]


@admin.register(KeyEnterprise)
class KeyEnterpriseAdmin(admin.ModelAdmin):
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
