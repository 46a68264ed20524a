"""Admin pages: targets are edited through the audited door; loads and unit records are read-only here."""

from django.contrib import admin

from . import records
from .models import ParkFinancing, ParkListLoad, ParkYear


@admin.register(ParkYear)
class ParkYearAdmin(admin.ModelAdmin):
    list_display = ["year", "park", "unit", "category", "target"]
    list_editable = ["target"]
    list_filter = ["year", "category", "park__unit"]
    search_fields = ["park__name"]
    list_select_related = ["park__unit"]
    fields = ["year", "park", "category", "target"]
    readonly_fields = ["year", "park", "category"]

    @admin.display(description="所属单位", ordering="park__unit__order")
    def unit(self, obj):
        return obj.park.unit

    def has_add_permission(self, request):
        return False  # a year's list comes from its file (manage.py load_parks), not by hand

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # Through the door, so that the change is checked, locked and audited like on the targets page.
        records.change_target(obj, obj.target, request.user)


@admin.register(ParkListLoad)
class ParkListLoadAdmin(admin.ModelAdmin):
    list_display = ["year", "file_name", "parks", "loaded_by", "loaded_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ParkFinancing)
class ParkFinancingAdmin(ParkListLoadAdmin):
    list_display = ["registration_number", "park", "enterprise_name", "bank", "amount", "financed_on", "pledge_type"]
    list_filter = ["pledge_type", "park__unit"]
    search_fields = ["registration_number", "enterprise_name", "enterprise_uscc"]
    list_select_related = ["park"]
