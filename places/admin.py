from django.contrib import admin

from .models import Park, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["order", "code", "name", "kind", "authority"]
    ordering = ["order"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # units are referenced by everything; they are retired by a migration, never deleted


@admin.register(Park)
class ParkAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "category"]
    list_filter = ["unit", "category"]
    search_fields = ["name"]
