"""Evidence against the criteria, criterion summaries and the outcome decision.

Evidence is append-only: the ``Evidence`` row holds the current version for fast reads (the
matrix), every change adds an ``EvidenceVersion`` and withdrawing only marks the row. Decisions
(summaries, outcome, areas for action) keep their history with django-simple-history.
Links to sources use a content type and object id plus a stored label, so this app does not
depend on the other apps' tables.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from inspections.framework import CRITERIA_BY_NUMBER, OUTCOME_CHOICES, OUTCOMES_BY_NUMBER


class SourceKind(models.TextChoices):
    SURVEY = "survey", "Survey"
    TRACKING_MEETING = "tracking_meeting", "Tracking meeting"
    CASE_SAMPLE = "case_sample", "Case sample"
    PROVIDER_VISIT = "provider_visit", "Provider visit"
    LEADERS_MEETING = "leaders_meeting", "Meeting with leaders"
    PCF_MEETING = "pcf_meeting", "Parent carer forum meeting"
    PRACTITIONER_MEETING = "practitioner_meeting", "Practitioner meeting"
    FOCUS_GROUP = "focus_group", "Focus group"
    DOCUMENT = "document", "Self-evaluation or document"


class Nature(models.TextChoices):
    STRENGTH = "strength", "Strength"
    WEAKNESS = "weakness", "Weakness"
    CONTEXT = "context", "Context"


class EvidenceQuerySet(models.QuerySet):
    def current(self) -> EvidenceQuerySet:
        """Evidence that has not been withdrawn."""
        return self.filter(withdrawn_at__isnull=True)

    def for_criterion(self, number: int) -> EvidenceQuerySet:
        return self.filter(criteria__criterion=number)

    def delete(self):
        raise ValidationError("Evidence cannot be deleted: withdraw it with a reason instead.")


class EvidenceVersionQuerySet(models.QuerySet):
    def delete(self):
        raise ValidationError("A saved version of evidence cannot be deleted.")

    def update(self, **kwargs):
        raise ValidationError("A saved version of evidence cannot be changed.")


class EvidenceFields(models.Model):
    """The fields an inspector writes; shared by the current row, its versions and drafts."""

    source_kind = models.CharField(max_length=32, choices=SourceKind.choices)
    nature = models.CharField("What it shows", max_length=16, choices=Nature.choices)
    text = models.TextField()
    criterion_numbers = models.JSONField(default=list)
    source_content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_object_id = models.CharField(max_length=64, blank=True)
    source_label = models.CharField(max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def criteria_list(self) -> list:
        return [CRITERIA_BY_NUMBER[n] for n in sorted(self.criterion_numbers) if n in CRITERIA_BY_NUMBER]


class Evidence(EvidenceFields):
    """One piece of evidence, as it currently reads. Never deleted: withdrawn with a reason."""

    inspection = models.ForeignKey("inspections.Inspection", on_delete=models.PROTECT, related_name="evidence")
    #: Numbered from 1 within its inspection, so references read E1, E2, ... for each team.
    number = models.PositiveIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_role = models.CharField(max_length=100)
    author_organisation = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version_count = models.PositiveIntegerField(default=1)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawal_reason = models.TextField(blank=True)

    source = GenericForeignKey("source_content_type", "source_object_id")
    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "evidence"
        indexes = [models.Index(fields=["inspection", "withdrawn_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawal_reason=""),
                name="evidence_withdrawal_has_reason",
            ),
            models.UniqueConstraint(fields=["inspection", "number"], name="evidence_number_unique_per_inspection"),
        ]

    def __str__(self) -> str:
        return f"Evidence E{self.number} ({self.get_source_kind_display()})"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def reference(self) -> str:
        return f"E{self.number}"

    def delete(self, *args, **kwargs):
        raise ValidationError("Evidence cannot be deleted: withdraw it with a reason instead.")


class EvidenceCriterion(models.Model):
    """Which criteria the current version bears on, one row each, so evidence is found by criterion
    through an index."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="criteria")
    criterion = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evidence", "criterion"], name="evidence_criterion_unique"),
        ]
        indexes = [models.Index(fields=["criterion"])]

    def __str__(self) -> str:
        return f"{self.evidence_id} -> {self.criterion}"


class EvidenceCount(models.Model):
    """How many pieces of current (not withdrawn) evidence share their criteria, source, nature and
    author. The services that record, revise and withdraw evidence keep it in the same transaction,
    so the matrix reads these hundred or so rows however much evidence there is (ADR 0126)."""

    inspection = models.ForeignKey("inspections.Inspection", on_delete=models.CASCADE, related_name="+")
    #: The criterion numbers, in order, joined by commas ("3,7").
    criteria = models.CharField(max_length=40)
    source_kind = models.CharField(max_length=32, choices=SourceKind.choices)
    nature = models.CharField(max_length=16, choices=Nature.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_organisation = models.CharField(max_length=20)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "criteria", "source_kind", "nature", "author", "author_organisation"],
                name="evidence_count_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criteria} {self.source_kind} {self.nature} by {self.author_id}: {self.count}"


class EvidenceVersion(EvidenceFields):
    """One saved version of a piece of evidence. Rows are only ever added."""

    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(auto_now_add=True)
    draft_key = models.UUIDField(
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text="The draft this version was saved from: a late autosave of it is refused.",
    )

    objects = EvidenceVersionQuerySet.as_manager()

    class Meta:
        ordering = ["evidence", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["evidence", "number"], name="evidence_version_unique"),
        ]

    def __str__(self) -> str:
        return f"Evidence {self.evidence_id} version {self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("A saved version of evidence cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("A saved version of evidence cannot be deleted.")


class EvidenceDraft(models.Model):
    """What an inspector is typing, saved as they type so nothing is lost.

    The key is made in the browser, so a copy kept offline and sent later updates the same row.
    """

    key = models.UUIDField(default=uuid.uuid4)
    inspection = models.ForeignKey("inspections.Inspection", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    evidence = models.ForeignKey(Evidence, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    #: The evidence version the edit page was drawn from; a draft of an older version is never pre-filled.
    base_version = models.PositiveIntegerField(null=True, blank=True)
    data = models.JSONField(default=dict)
    text = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["author", "key"], name="evidence_draft_unique_key"),
        ]

    def __str__(self) -> str:
        return f"Draft {self.key}"


class CriterionSummary(models.Model):
    """The team's summary for one criterion: what is effective and what needs to be better."""

    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="criterion_summaries"
    )
    criterion = models.PositiveSmallIntegerField()
    effective = models.TextField("What is effective", blank=True)
    better = models.TextField("What needs to be better", blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    #: Counts saves, so a form loaded from an older one is refused (see inspections/concurrency.py).
    version = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "criterion"], name="criterion_summary_unique"),
            models.CheckConstraint(
                condition=Q(criterion__gte=1) & Q(criterion__lte=12), name="criterion_summary_number_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Summary for criterion {self.criterion}"

    @property
    def criterion_definition(self):
        return CRITERIA_BY_NUMBER[self.criterion]

    # Short aliases used by report composition.
    @property
    def effective_text(self) -> str:
        return self.effective

    @property
    def better_text(self) -> str:
        return self.better


class OutcomeDecision(models.Model):
    """The lead inspector's decision: one per inspection. ``published_on`` is set at publication."""

    inspection = models.OneToOneField(
        "inspections.Inspection", on_delete=models.PROTECT, related_name="outcome_decision"
    )
    outcome = models.PositiveSmallIntegerField(choices=OUTCOME_CHOICES)
    rationale = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    published_on = models.DateField(null=True, blank=True)
    #: Counts saves, so a form loaded from an older one is refused (see inspections/concurrency.py).
    version = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__gte=1) & Q(outcome__lte=3), name="outcome_decision_outcome_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Outcome {self.outcome}"

    @property
    def definition(self):
        return OUTCOMES_BY_NUMBER[self.outcome]

    @property
    def is_published(self) -> bool:
        return self.published_on is not None


class AreaForAction(models.Model):
    """An area for priority action or for improvement, worded "Leaders ... should ..."."""

    PRIORITY = "priority"
    IMPROVEMENT = "improvement"
    KIND_CHOICES = [(PRIORITY, "Area for priority action"), (IMPROVEMENT, "Area for improvement")]

    inspection = models.ForeignKey("inspections.Inspection", on_delete=models.CASCADE, related_name="areas_for_action")
    kind = models.CharField(max_length=16, choices=KIND_CHOICES)
    text = models.TextField()
    criteria = models.JSONField(default=list)
    responsible_bodies = models.ManyToManyField(
        "inspections.PartnershipBody",
        blank=True,
        related_name="areas_for_action",
        help_text="The partnership's bodies responsible for the area, as the report's table names them.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: Counts saves, so a form loaded from an older one is refused (see inspections/concurrency.py).
    version = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "kind", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["priority", "improvement"]), name="area_for_action_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def criteria_list(self) -> list:
        return [CRITERIA_BY_NUMBER[n] for n in sorted(self.criteria) if n in CRITERIA_BY_NUMBER]

    @property
    def responsible_body_names(self) -> str:
        """'Northshire Council and NHS Northshire Integrated Care Board', as the report's table reads."""
        names = [b.name for b in self.responsible_bodies.all()]
        if len(names) <= 1:
            return "".join(names)
        return ", ".join(names[:-1]) + " and " + names[-1]
