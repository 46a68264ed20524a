from django.contrib import admin

from .models import Enterprise, Qualification


class QualificationInline(admin.TabularInline):
    model = Qualification
    extra = 0


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["name", "uscc", "unit", "size", "industry", "registration_status"]
    list_filter = ["unit", "registration_status", "size", "industry"]
    search_fields = ["name", "uscc"]
    list_select_related = ["unit"]
    readonly_fields = ["registration_status", "registration_decided_at", "registration_decided_by"]
    inlines = [QualificationInline]
