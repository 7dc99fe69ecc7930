"""Read-only views of reports for support staff: changes go through the service pages."""

from django.contrib import admin

from inspections.readonly_admin import ReadOnlyAdmin

from .models import FactualAccuracyComment, Report, ReportEvent, ReportPdf


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("inspection", "stage", "version", "factual_accuracy_due_on", "published_on")
    list_filter = ("stage",)


@admin.register(ReportPdf)
class ReportPdfAdmin(ReadOnlyAdmin):
    list_display = ("report", "version", "stage", "status", "page_count", "checksum", "attempts", "finished_at")
    list_filter = ("status", "stage")
    exclude = ("content",)


@admin.register(ReportEvent)
class ReportEventAdmin(ReadOnlyAdmin):
    list_display = ("report", "from_stage", "to_stage", "version", "by", "at")


@admin.register(FactualAccuracyComment)
class FactualAccuracyCommentAdmin(ReadOnlyAdmin):
    list_display = ("report", "author", "section", "created_at")
