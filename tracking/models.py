"""The case list (pseudonymised children and young people), tracking and case sampling.

No child's name is ever stored: a child is known by the partnership's own reference
(``child_ref``). Workflow rules live in ``services.py`` and ``workflow.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import BrinIndex
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from inspections.framework import NEED_CODES
from inspections.models import Inspection, TimeStamped

from . import workflow
from .case_list import SOCIAL_CARE_STATUSES, SUPPORT_LEVELS


class CaseList(TimeStamped):
    """One upload of the person-level data; a new upload replaces the current one."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="case_lists")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    row_count = models.PositiveIntegerField()
    replaced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection"],
                condition=Q(replaced_at__isnull=True),
                name="one_current_case_list_per_inspection",
            ),
        ]

    def __str__(self) -> str:
        return f"Case list {self.file_name} ({self.row_count} children and young people)"

    @property
    def is_current(self) -> bool:
        return self.replaced_at is None


class BlockRangeIndex(BrinIndex):
    """A BRIN index on PostgreSQL; a plain index on the local fallback database (SQLite)."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return models.Index.create_sql(self, model, schema_editor, using=using, **kwargs)
        return super().create_sql(model, schema_editor, using=using, **kwargs)

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        return "tracking.models.BlockRangeIndex", args, kwargs


class Case(models.Model):
    """One child or young person on a case list, known only by the partnership's reference."""

    # No database-level foreign key and a BRIN index instead of a b-tree: rows arrive by tens of
    # thousands through COPY, each list in one contiguous run, always with its case list created in
    # the same transaction (ADR 0033). Deletion still cascades through the ORM.
    case_list = models.ForeignKey(
        CaseList, on_delete=models.CASCADE, related_name="cases", db_constraint=False, db_index=False
    )
    child_ref = models.CharField("child reference", max_length=40)
    year_of_birth = models.PositiveSmallIntegerField()
    age = models.PositiveSmallIntegerField(help_text="Age used for coverage, on the notification date.")
    primary_need = models.CharField(max_length=4, choices=list(NEED_CODES.items()))
    support = models.CharField(max_length=12, choices=list(SUPPORT_LEVELS.items()))
    education = models.BooleanField(default=False)
    health = models.BooleanField(default=False)
    social_care = models.BooleanField(default=False)
    in_alternative_provision = models.BooleanField(default=False)
    educated_out_of_area = models.BooleanField(default=False)
    social_care_status = models.CharField(max_length=20, choices=list(SOCIAL_CARE_STATUSES.items()), default="none")
    opted_out = models.BooleanField(default=False, help_text="The family asked not to be chosen.")
    practitioner_email = models.CharField(max_length=254)

    class Meta:
        ordering = ["child_ref"]
        # References are unique within a list (case-insensitively): tracking/case_list.py refuses
        # a file with a repeated one, and lists are only ever written by store_case_list.
        indexes = [BlockRangeIndex(fields=["case_list"], name="case_by_list_brin", pages_per_range=16)]
        constraints = [
            models.CheckConstraint(condition=Q(age__lte=25), name="case_age_0_to_25"),
        ]

    def __str__(self) -> str:
        return f"{self.child_ref} (case list entry)"

    @property
    def services(self) -> frozenset[str]:
        return frozenset(name for name in ("education", "health", "social_care") if getattr(self, name))


class TrackingSelection(TimeStamped):
    """The tracking cohort proposed for an inspection, with the seed and coverage it was chosen with."""

    inspection = models.OneToOneField(Inspection, on_delete=models.CASCADE, related_name="tracking_selection")
    case_list = models.ForeignKey(CaseList, on_delete=models.PROTECT, related_name="+")
    seed = models.BigIntegerField()
    size = models.PositiveSmallIntegerField()
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    result = models.JSONField(default=dict, help_text="The proposal and its coverage table as first chosen.")

    def __str__(self) -> str:
        return f"Tracking selection for {self.inspection} (seed {self.seed})"


class TrackedChild(TimeStamped):
    """A child or young person chosen for tracking, and where their consent and meeting have got to."""

    selection = models.ForeignKey(TrackingSelection, on_delete=models.CASCADE, related_name="children")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    child_ref = models.CharField("child reference", max_length=40)
    status = models.CharField(max_length=20, choices=list(workflow.STATUS_LABELS.items()), default=workflow.AWAITING)
    active = models.BooleanField(default=True, help_text="Still in the cohort (not replaced or swapped out).")
    reasons = models.JSONField(default=list, help_text="The range points this child was chosen for.")
    selected_on = models.DateField()
    documents_due_on = models.DateField()
    consent_recorded_on = models.DateField(null=True, blank=True)
    decline_reason = models.TextField(blank=True, help_text="Why the family declined or the child was withdrawn.")
    documents_received_on = models.DateField(null=True, blank=True)
    meeting_on = models.DateField(null=True, blank=True)
    meeting_time = models.TimeField(null=True, blank=True)
    attendees = models.JSONField(default=list, blank=True)
    held_on = models.DateField(null=True, blank=True)
    notes = models.TextField("inspectors' notes", blank=True)
    replaced_by = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaces"
    )
    replacement_reason = models.TextField(blank=True, help_text="Why this child left the cohort.")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=0, help_text="Counts saves: a form from an older one is refused.")
    history = HistoricalRecords()

    ATTENDEES = {"child": "The child or young person", "family": "Family", "practitioners": "Practitioners"}

    class Meta:
        ordering = ["selected_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "child_ref"], name="child_tracked_once_per_selection"),
        ]

    def __str__(self) -> str:
        return f"{self.child_ref} (tracked child)"

    @property
    def needs_replacement(self) -> bool:
        return self.active and self.status in workflow.NEEDS_REPLACEMENT

    @property
    def status_tag_class(self) -> str:
        return workflow.STATUS_TAG_CLASSES.get(self.status, "")

    @property
    def attendee_labels(self) -> list[str]:
        return [self.ATTENDEES.get(a, a) for a in self.attendees]


class CaseSample(TimeStamped):
    """One draw of cases to sample, with the theme and seed it was drawn with."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="case_samples")
    case_list = models.ForeignKey(CaseList, on_delete=models.PROTECT, related_name="+")
    seed = models.BigIntegerField()
    size = models.PositiveSmallIntegerField()
    theme = models.JSONField(default=dict, blank=True)
    theme_label = models.CharField(max_length=200)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Case sample ({self.theme_label}, seed {self.seed})"


class SampledCase(TimeStamped):
    """A case drawn for sampling and the team's review of it."""

    sample = models.ForeignKey(CaseSample, on_delete=models.CASCADE, related_name="cases")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    child_ref = models.CharField("child reference", max_length=40)
    record_reviewed = models.BooleanField(default=False)
    practitioners_spoken_to = models.TextField(blank=True)
    notes = models.TextField("inspectors' notes", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.TextField(blank=True, help_text="Why the lead inspector withdrew this case.")
    version = models.PositiveIntegerField(default=0, help_text="Counts saves: a form from an older one is refused.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["sample", "child_ref"]
        constraints = [
            models.UniqueConstraint(fields=["sample", "child_ref"], name="case_sampled_once_per_sample"),
        ]

    def __str__(self) -> str:
        return f"{self.child_ref} (sampled case)"

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None
