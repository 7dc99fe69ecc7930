"""Read-only views of the fieldwork plan for support staff (activities change through the service)."""

from django.contrib import admin

from .models import Activity, ActivityChange


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Activity)
class ActivityAdmin(ReadOnly):
    list_display = ("title", "inspection", "kind", "day", "starts_at", "ends_at", "version", "cancelled_at")
    list_filter = ("kind",)
    list_select_related = ("inspection__partnership",)


@admin.register(ActivityChange)
class ActivityChangeAdmin(ReadOnly):
    list_display = ("activity", "action", "version", "by", "at")
    list_select_related = ("activity", "by")
