"""Read-only registers in the admin: payment rows and the journal are never edited, only reversed."""

from django.contrib import admin

from .models import BankImport, LedgerEntry, Payment


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnly):
    list_display = ["application", "kind", "status", "amount", "voucher", "paid_on", "recorded_by"]
    list_filter = ["kind", "status"]
    search_fields = ["voucher", "application__number"]
    exclude = ["account_number"]  # administrators see the account masked, as on the pages


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnly):
    list_display = ["call", "application", "column", "amount", "at"]
    list_filter = ["column"]


@admin.register(BankImport)
class BankImportAdmin(ReadOnly):
    list_display = ["file_name", "row_count", "imported_by", "imported_at"]
