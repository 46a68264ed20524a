"""Django admin: the pool is editable (links inline); groups, assignments and pledges are read-only records."""

from django.contrib import admin

from .models import Assignment, EvaluationGroup, Expert, ExpertLink, GroupMember, Pledge


class ExpertLinkInline(admin.TabularInline):
    model = ExpertLink
    extra = 0
    raw_id_fields = ["enterprise"]


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ["code", "user", "employer", "title", "unit", "active", "max_load"]
    list_filter = ["active", "unit"]
    search_fields = ["code", "user__username", "user__full_name", "employer"]
    list_select_related = ["user", "unit"]
    raw_id_fields = ["user"]
    inlines = [ExpertLinkInline]


class ReadOnly(admin.ModelAdmin):
    """Draws and declarations happen through their functions, which audit them; the admin only shows them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MemberInline(admin.TabularInline):
    model = GroupMember
    extra = 0
    can_delete = False
    readonly_fields = ["expert", "is_lead", "is_alternate", "position"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(EvaluationGroup)
class EvaluationGroupAdmin(ReadOnly):
    list_display = ["name", "call", "seed", "size", "minimum", "created_by", "created_at"]
    list_filter = ["call"]
    list_select_related = ["call", "created_by"]
    inlines = [MemberInline]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnly):
    list_display = ["application", "expert", "status", "is_alternate", "group", "created_at"]
    list_filter = ["status", "is_alternate", "group__call"]
    search_fields = ["application__number", "expert__code", "expert__user__full_name"]
    list_select_related = ["application", "expert__user", "group__call"]


@admin.register(Pledge)
class PledgeAdmin(ReadOnly):
    list_display = ["expert", "call", "accepted_at", "text_sha256"]
    list_select_related = ["expert__user", "call"]
