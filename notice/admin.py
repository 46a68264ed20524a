"""Django admin: the holiday calendar may be entered here too (audited); notices are read-only here.

Notices, entries and objections change only through ``notice.publication`` (the manage pages), so that
every change is permission-checked, locked and audited the same way.
"""

from django.contrib import admin
from django.db import transaction
from django.utils import timezone

from audit.models import record

from .models import HolidayOverride, HolidayYear, Notice, NoticeEntry, Objection
from .permissions import can_manage_notices


class CalendarAdmin(admin.ModelAdmin):
    """Only a provincial administrator (who is also staff) may change the calendar."""

    def has_add_permission(self, request):
        return bool(can_manage_notices(request.user)) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return bool(can_manage_notices(request.user)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return bool(can_manage_notices(request.user)) and super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(CalendarAdmin):
    list_display = ["date", "name", "is_working_day", "entered_by", "entered_at"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"
    fields = ["date", "is_working_day", "name"]

    def save_model(self, request, obj, form, change):
        # The admin's change view already runs in a transaction, as audit.record() requires.
        obj.entered_by, obj.entered_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)
        action = "notice.holiday.changed" if change else "notice.holiday.entered"
        record(request.user, action, obj, date=obj.date, is_working_day=obj.is_working_day, name=obj.name)

    def delete_model(self, request, obj):
        record(
            request.user, "notice.holiday.removed", obj, date=obj.date, is_working_day=obj.is_working_day, name=obj.name
        )
        super().delete_model(request, obj)


@admin.register(HolidayYear)
class HolidayYearAdmin(CalendarAdmin):
    list_display = ["year", "complete", "confirmed_by", "confirmed_at"]
    fields = ["year", "complete"]

    def save_model(self, request, obj, form, change):
        if obj.complete:
            obj.confirmed_by, obj.confirmed_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)
        action = "notice.holiday_year.confirmed" if obj.complete else "notice.holiday_year.unconfirmed"
        record(request.user, action, obj, year=obj.year)

    def delete_model(self, request, obj):
        record(request.user, "notice.holiday_year.unconfirmed", obj, year=obj.year, deleted=True)
        super().delete_model(request, obj)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["title", "call", "published_at", "ends_on", "status"]
    list_filter = ["status"]


@admin.register(NoticeEntry)
class NoticeEntryAdmin(ReadOnlyAdmin):
    list_display = ["notice", "order", "enterprise_name", "unit_name", "programme", "amount", "withdrawn", "replaces"]
    list_filter = ["withdrawn"]
    search_fields = ["enterprise_name"]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ["notice", "raised_by_name", "received_at", "status", "decided_at"]
    list_filter = ["status"]
