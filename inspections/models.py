"""Partnerships, inspections, their teams and timeline milestones."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Partnership(TimeStamped):
    """A local area partnership: the local authority, the integrated care board and their partners."""

    class Region(models.TextChoices):
        NORTH_EAST = "north_east", "North East"
        NORTH_WEST = "north_west", "North West"
        YORKSHIRE = "yorkshire", "Yorkshire and the Humber"
        EAST_MIDLANDS = "east_midlands", "East Midlands"
        WEST_MIDLANDS = "west_midlands", "West Midlands"
        EAST = "east", "East of England"
        LONDON = "london", "London"
        SOUTH_EAST = "south_east", "South East"
        SOUTH_WEST = "south_west", "South West"

    name = models.CharField(max_length=120, unique=True)
    region = models.CharField(max_length=20, choices=Region.choices, blank=True)
    local_authority = models.CharField(max_length=120)
    integrated_care_board = models.CharField(max_length=160)
    pcf_name = models.CharField("parent carer forum", max_length=160)
    pcf_contact_name = models.CharField("parent carer forum contact", max_length=120, blank=True)
    pcf_contact_email = models.EmailField("parent carer forum email", blank=True)
    childrens_social_care_name = models.CharField(
        "children's social care team",
        max_length=160,
        blank=True,
        help_text="Shown to families who write free text, with the phone number below.",
    )
    childrens_social_care_phone = models.CharField("children's social care phone", max_length=40, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnershipBody(TimeStamped):
    """A body that shares responsibility for SEND in the area: the local authority or an ICB.

    The report's "Local area partnership details" lists each one with its leader, website and
    address, and areas for action name the bodies responsible.
    """

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        INTEGRATED_CARE_BOARD = "icb", "Integrated care board"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="bodies")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=160)
    leader_name = models.CharField(
        "leader",
        max_length=120,
        blank=True,
        help_text="The director of children's services (local authority) or the chief executive (ICB).",
    )
    website = models.URLField(blank=True)
    address = models.TextField(blank=True)

    class Meta:
        ordering = ["partnership", "-kind", "name"]  # the local authority first, then each ICB
        constraints = [
            models.UniqueConstraint(
                fields=["partnership"], condition=Q(kind="local_authority"), name="one_local_authority_per_partnership"
            ),
            models.UniqueConstraint(fields=["partnership", "name"], name="partnership_body_name_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=["local_authority", "icb"]), name="partnership_body_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def leader_title(self) -> str:
        """What the report calls the body's leader."""
        if self.kind == self.Kind.LOCAL_AUTHORITY:
            return "Director of children's services"
        return "Chief executive"


class PreviousInspection(TimeStamped):
    """An inspection the partnership had before this service, under either framework.

    2016-2022 local area SEND inspections carry whether a written statement of action was
    required and the revisit; inspections under this framework carry their outcome (full) or
    finding (monitoring). The report's "Dates of previous inspection" reads these rows.
    """

    class Framework(models.TextChoices):
        LOCAL_AREA_2016 = "2016", "Local area SEND inspection (2016 to 2022)"
        AREA_SEND_2023 = "2023", "Area SEND inspection (from 2023)"

    class Kind(models.TextChoices):
        FULL = "full", "Full inspection"
        MONITORING = "monitoring", "Monitoring inspection"

    class MonitoringFinding(models.TextChoices):
        EFFECTIVE = "effective", "Effective action"
        INEFFECTIVE = "ineffective", "Ineffective action"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="previous_inspections")
    framework = models.CharField(max_length=4, choices=Framework.choices)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.FULL)
    starts_on = models.DateField("first day")
    ends_on = models.DateField("last day")
    written_statement_required = models.BooleanField(
        "written statement of action required", null=True, blank=True, help_text="2016 to 2022 framework only."
    )
    revisit_starts_on = models.DateField("revisit first day", null=True, blank=True)
    revisit_ends_on = models.DateField("revisit last day", null=True, blank=True)
    revisit_finding = models.CharField(
        max_length=300, blank=True, help_text="What the revisit found, as its letter says. 2016 to 2022 framework only."
    )
    outcome = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Full inspections from 2023: 1, 2 or 3."
    )
    monitoring_finding = models.CharField(max_length=12, choices=MonitoringFinding.choices, blank=True)

    class Meta:
        ordering = ["partnership", "-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "kind", "starts_on"], name="one_previous_inspection_per_start"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="previous_inspection_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(revisit_starts_on__isnull=True) | Q(framework="2016"), name="revisit_only_under_2016"
            ),
            models.CheckConstraint(
                condition=Q(outcome__isnull=True) | Q(framework="2023", kind="full", outcome__in=[1, 2, 3]),
                name="outcome_only_for_2023_full",
            ),
            models.CheckConstraint(condition=Q(framework="2023") | Q(kind="full"), name="monitoring_only_under_2023"),
        ]

    def __str__(self) -> str:
        return f"{self.partnership} – {self.get_kind_display().lower()} from {self.starts_on:%-d %B %Y}"

    @property
    def summary(self) -> str:
        """What happened, in a line: the outcome, the written statement or the revisit's finding."""
        if self.framework == self.Framework.LOCAL_AREA_2016:
            if self.written_statement_required is None:
                return ""
            return (
                "Written statement of action required"
                if self.written_statement_required
                else "No written statement of action"
            )
        if self.kind == self.Kind.MONITORING:
            return self.get_monitoring_finding_display()
        return f"Outcome {self.outcome}" if self.outcome else ""


class PartnershipLead(TimeStamped):
    """A local area lead's membership of one partnership; one of them is the LANO."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partnership_lead")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="leads")
    is_lano = models.BooleanField("local area nominated officer", default=False)

    class Meta:
        ordering = ["-is_lano", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership"], condition=Q(is_lano=True), name="one_lano_per_partnership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({'LANO, ' if self.is_lano else ''}{self.partnership})"


class InspectionQuerySet(models.QuerySet):
    def visible_to(self, user) -> InspectionQuerySet:
        """Administrators see all; inspectors their assignments; leads their partnership's."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_administrator:
            return self
        if user.is_inspector:
            return self.filter(team__user=user)
        if user.is_local_area_lead:
            return self.filter(partnership__leads__user=user)
        return self.none()


class Inspection(TimeStamped):
    class Kind(models.TextChoices):
        FULL = "full", "Full inspection"
        MONITORING = "monitoring", "Monitoring inspection"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="inspections")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.FULL)
    notified_on = models.DateField("notification date")
    override_reason = models.TextField(
        blank=True, help_text="Why the inspection was announced on a day other than a working Monday."
    )
    announced_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    final_feedback_held_on = models.DateField(
        "final feedback meeting held on",
        null=True,
        blank=True,
        help_text="Recorded by the lead inspector. From then the partnership's leads see the outcome, under embargo.",
    )

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["-notified_on", "partnership__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "notified_on"], name="one_inspection_per_partnership_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership} – {self.get_kind_display().lower()} notified {self.notified_on:%-d %B %Y}"

    def milestone_dates(self, key: str) -> tuple[date, date] | None:
        """Start and end date of one milestone (uses prefetched milestones when present)."""
        for m in self.milestones.all():
            if m.key == key:
                return m.starts_on, m.ends_on
        return None

    def has_ended(self, today: date | None = None) -> bool:
        """An inspection ends with the final feedback meeting."""
        today = today or timezone.localdate()
        dates = self.milestone_dates("final_feedback")
        return bool(dates and dates[1] < today)

    @property
    def lead_inspector(self):
        for member in self.team.all():
            if member.is_lead:
                return member.user
        return None


class TeamMember(TimeStamped):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments")
    is_lead = models.BooleanField("lead inspector", default=False)
    is_cqc_lead = models.BooleanField("CQC lead inspector", default=False)

    class Meta:
        ordering = ["-is_lead", "-is_cqc_lead", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "user"], name="one_assignment_per_inspector"),
            models.UniqueConstraint(fields=["inspection"], condition=Q(is_lead=True), name="one_lead_per_inspection"),
            models.UniqueConstraint(
                fields=["inspection"], condition=Q(is_cqc_lead=True), name="one_cqc_lead_per_inspection"
            ),
            models.CheckConstraint(condition=~Q(is_lead=True, is_cqc_lead=True), name="ofsted_and_cqc_leads_differ"),
        ]

    def __str__(self) -> str:
        if self.is_lead:
            return f"{self.user} (lead inspector)"
        return f"{self.user} ({'CQC lead inspector' if self.is_cqc_lead else 'team inspector'})"

    @property
    def report_role(self) -> str:
        """The role as the report's "Inspection team" lists it."""
        if self.user.organisation == "cqc":
            return "CQC lead inspector" if self.is_cqc_lead else "CQC inspector"
        if self.is_lead:
            return "Ofsted HMI, lead inspector"
        return "Ofsted HMI" if self.user.is_hmi else "Ofsted Inspector"


class Milestone(TimeStamped):
    """One step of an inspection's timeline; moves are kept in its history with a reason."""

    class State(models.TextChoices):
        DONE = "done", "Done"
        TODAY = "today", "Today"
        UPCOMING = "upcoming", "Upcoming"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="milestones")
    key = models.CharField(max_length=40)
    name = models.CharField(max_length=120)
    starts_on = models.DateField()
    ends_on = models.DateField()
    start_wd = models.PositiveSmallIntegerField("start working day")
    end_wd = models.PositiveSmallIntegerField("end working day")
    deadline = models.BooleanField(default=False)
    responsible = models.CharField(max_length=20)
    order = models.PositiveSmallIntegerField()
    #: The day it actually happened (the report's publication); a completed milestone cannot be moved.
    completed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "key"], name="one_milestone_per_key"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="milestone_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.starts_on:%-d %b %Y})"

    def state_on(self, today: date) -> str:
        if self.completed_on is not None or today > self.ends_on:
            return self.State.DONE
        if self.starts_on <= today:
            return self.State.TODAY
        return self.State.UPCOMING

    @property
    def display_name(self) -> str:
        """Once it has happened, a target is a fact: "Report published (planned)" reads "Report published"."""
        if self.completed_on is not None:
            return self.name.removesuffix(" (planned)")
        return self.name

    @property
    def is_range(self) -> bool:
        return self.ends_on != self.starts_on

    @property
    def working_days_label(self) -> str:
        if self.start_wd == self.end_wd:
            return f"WD{self.start_wd}"
        return f"WD{self.start_wd} to WD{self.end_wd}"
