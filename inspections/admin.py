from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .history import COLUMNS
from .models import Inspection, Milestone, Partnership, PartnershipBody, PartnershipLead, PreviousInspection, TeamMember


class PartnershipBodyInline(admin.StackedInline):
    model = PartnershipBody
    extra = 0
    fields = ["kind", "name", "leader_name", "website", "address"]


class PartnershipLeadInline(admin.TabularInline):
    model = PartnershipLead
    extra = 1
    autocomplete_fields = ["user"]


class PreviousInspectionInline(admin.TabularInline):
    model = PreviousInspection
    extra = 0
    fields = [
        "framework",
        "kind",
        "starts_on",
        "ends_on",
        "written_statement_required",
        "outcome",
        "monitoring_finding",
    ]
    show_change_link = True


class HistoryUploadForm(forms.Form):
    file = forms.FileField(label="Inspection history (CSV)")


@admin.register(PreviousInspection)
class PreviousInspectionAdmin(admin.ModelAdmin):
    list_display = ["partnership", "framework", "kind", "starts_on", "ends_on", "summary"]
    list_filter = ["framework", "kind"]
    search_fields = ["partnership__name"]
    change_list_template = "admin/inspections/previousinspection/change_list.html"

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="inspections_previousinspection_import"),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Load a CSV file through the same all-or-nothing service as the command."""
        if not self.has_add_permission(request):
            return redirect("admin:index")
        form = HistoryUploadForm(request.POST or None, request.FILES or None)
        rejected = None
        if request.method == "POST" and form.is_valid():
            try:
                count = services.import_inspection_history(data=form.cleaned_data["file"].read())
            except services.HistoryRejected as exc:
                rejected = exc
            else:
                messages.success(request, f"Stored {count} previous inspection{'s' if count != 1 else ''}.")
                return redirect("admin:inspections_previousinspection_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": "Import inspection history",
            "opts": self.model._meta,
            "form": form,
            "rejected": rejected,
            "columns": COLUMNS,
        }
        return render(request, "admin/inspections/previousinspection/import.html", context)


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "local_authority", "integrated_care_board", "pcf_name"]
    search_fields = ["name", "local_authority", "integrated_care_board"]
    inlines = [PartnershipBodyInline, PartnershipLeadInline, PreviousInspectionInline]


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    autocomplete_fields = ["user"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["name", "starts_on", "ends_on", "start_wd", "end_wd"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = ["partnership", "kind", "notified_on"]
    list_filter = ["kind"]
    search_fields = ["partnership__name"]
    inlines = [TeamMemberInline, MilestoneInline]
    readonly_fields = ["notified_on", "announced_by"]


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["inspection", "name", "starts_on", "ends_on"]
    readonly_fields = ["inspection", "key"]
