from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.masking import mask_phone

from .models import Delivery, Message, Preference


@admin.display(description=_("地址"))
def shown_address(delivery) -> str:
    """E-mail addresses as they are; a text message's mobile number masked (138****5678), as in every list."""
    return mask_phone(delivery.address) if delivery.channel == "sms" else delivery.address


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = ["channel", "status", shown_address, "detail", "at"]
    readonly_fields = ["channel", "status", shown_address, "detail", "at"]

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

    list_display = ["at", "channel", "status", shown_address, "message", "detail"]
    list_filter = ["status", "channel", "at"]
    search_fields = ["address", "message__subject", "detail"]
    list_select_related = ["message"]
    fields = ["message", "channel", "status", shown_address, "detail", "at"]
    readonly_fields = ["message", "channel", "status", shown_address, "detail", "at"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "event", "email"]
    list_filter = ["event", "email"]
    search_fields = ["user__username", "user__full_name"]
    raw_id_fields = ["user"]
