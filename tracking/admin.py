"""Read-only views of case lists and selections for support staff (rows are changed through the service)."""

from django.contrib import admin

from .models import CaseList, CaseSample, TrackingSelection


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CaseList)
class CaseListAdmin(ReadOnly):
    list_display = ("inspection", "file_name", "row_count", "created_at", "replaced_at")
    list_filter = ("replaced_at",)
    list_select_related = ("inspection__partnership",)


@admin.register(TrackingSelection)
class TrackingSelectionAdmin(ReadOnly):
    list_display = ("inspection", "seed", "size", "created_at")
    list_select_related = ("inspection__partnership",)
    exclude = ("result",)


@admin.register(CaseSample)
class CaseSampleAdmin(ReadOnly):
    list_display = ("inspection", "theme_label", "seed", "size", "created_at")
    list_select_related = ("inspection__partnership",)
