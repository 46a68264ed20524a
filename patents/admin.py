from django.contrib import admin

from .models import AwardImport, PastAward, Patent


@admin.register(Patent)
class PatentAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "title",
        "enterprise",
        "patent_type",
        "legal_status",
        "status_source",
        "status_checked_on",
    ]
    list_filter = ["patent_type", "legal_status", "status_source", "enterprise__unit"]
    search_fields = ["number", "title", "owner", "enterprise__name", "enterprise__uscc"]
    list_select_related = ["enterprise"]
    raw_id_fields = ["enterprise", "status_checked_by"]
    readonly_fields = ["created_at", "updated_at"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Imported history changes only through a new import (with its audit entry), never by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PastAward)
class PastAwardAdmin(ReadOnlyAdmin):
    list_display = ["year", "programme", "uscc", "enterprise_name", "patent_number", "insurance_type", "amount"]
    list_filter = ["year", "programme", "insurance_type"]
    search_fields = ["uscc", "enterprise_name", "patent_number"]
    list_select_related = ["source_import"]


@admin.register(AwardImport)
class AwardImportAdmin(ReadOnlyAdmin):
    list_display = ["file_name", "row_count", "imported_by", "imported_at", "sha256"]
    list_select_related = ["imported_by"]
