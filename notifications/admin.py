from django.contrib import admin

from .models import Delivery, Message, Preference


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    readonly_fields = ["channel", "status", "address", "detail", "at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "event", "created_at", "read_at"]
    list_filter = ["event", "created_at"]
    search_fields = ["subject", "recipient__username", "recipient__full_name"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient"]
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Where the province sees which e-mails and texts failed, and why."""

    list_display = ["at", "channel", "status", "address", "message", "detail"]
    list_filter = ["status", "channel", "at"]
    search_fields = ["address", "message__subject", "detail"]
    list_select_related = ["message"]
    readonly_fields = ["message", "channel", "status", "address", "detail", "at"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "event", "email"]
    list_filter = ["event", "email"]
    search_fields = ["user__username", "user__full_name"]
    raw_id_fields = ["user"]
