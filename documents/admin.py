from django.contrib import admin

from inspections.readonly_admin import ReadOnlyAdmin

from .models import ActivityEntry, RequestItem, SelfEvaluationEntry, UploadedFile


class UploadedFileInline(admin.TabularInline):
    model = UploadedFile
    extra = 0
    can_delete = False
    fields = ("version", "original_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at")
    readonly_fields = fields


@admin.register(RequestItem)
class RequestItemAdmin(admin.ModelAdmin):
    list_display = ("__str__", "inspection", "status", "reviewed_by", "reviewed_at")
    list_filter = ("kind", "status")
    inlines = [UploadedFileInline]
    readonly_fields = ("inspection", "kind", "reviewed_by", "reviewed_at", "created_at", "updated_at")


@admin.register(SelfEvaluationEntry)
class SelfEvaluationEntryAdmin(admin.ModelAdmin):
    list_display = ("inspection", "criterion", "updated_by", "updated_at")


@admin.register(ActivityEntry)
class ActivityEntryAdmin(ReadOnlyAdmin):
    """Read-only: the activity log is a record, never edited."""

    list_display = ("created_at", "inspection", "actor", "description")
    list_filter = ("action",)
