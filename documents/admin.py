from django.contrib import admin

from .models import Document, Issuer, Series


@admin.register(Issuer)
class IssuerAdmin(admin.ModelAdmin):
    """Editable: the migration loads placeholder 文号 prefixes; staff enter each bureau's real one here."""

    list_display = ["code", "name", "prefix", "unit"]
    list_editable = ["prefix"]
    readonly_fields = ["code", "unit"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    """Read-only: a serial changed by hand would create a gap or a duplicate 文号."""

    list_display = ["issuer", "year", "last_serial"]
    list_filter = ["year"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Read-only: documents are never edited after issue; a correction is a new document."""

    list_display = ["number", "title", "kind", "issuer", "object_type", "object_id", "pdf_status", "created_at"]
    list_filter = ["kind", "issuer", "year", "pdf_status"]
    search_fields = ["number", "title", "object_id", "sha256"]
    readonly_fields = [f.name for f in Document._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
