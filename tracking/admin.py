"""Read-only views of case lists and selections for support staff (rows are changed through the service)."""

from django.contrib import admin

from inspections.readonly_admin import ReadOnlyAdmin

from .models import CaseList, CaseSample, TrackingSelection


class ReadOnly(ReadOnlyAdmin):
    allow_delete = True  # a case list or selection may be removed on request


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
