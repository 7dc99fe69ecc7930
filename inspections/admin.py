from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Inspection, Milestone, Partnership, PartnershipBody, PartnershipLead, TeamMember


class PartnershipBodyInline(admin.StackedInline):
    model = PartnershipBody
    extra = 0
    fields = ["kind", "name", "leader_name", "website", "address"]


class PartnershipLeadInline(admin.TabularInline):
    model = PartnershipLead
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "local_authority", "integrated_care_board", "pcf_name"]
    search_fields = ["name", "local_authority", "integrated_care_board"]
    inlines = [PartnershipBodyInline, PartnershipLeadInline]


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
