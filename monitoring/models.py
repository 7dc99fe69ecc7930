"""A monitoring inspection's link to the full inspection it follows, its evidence, findings and conclusion.

The monitoring inspection is an ``inspections.Inspection`` of kind "monitoring" (its timeline,
team, information request, case sample and fieldwork use the same tables as a full one). What
is its own lives here: evidence is recorded against the full inspection's areas for priority
action (not the 11 criteria), the lead inspector writes a finding for each area and concludes
"effective action" or "ineffective action".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from inspections.framework import MONITORING_CONCLUSION_CHOICES, MONITORING_CONCLUSIONS


class SourceKind(models.TextChoices):
    """Where monitoring evidence comes from: the activities of a monitoring inspection (no surveys)."""

    DOCUMENT = "document", "Progress evidence or priority action plan"
    CASE_SAMPLE = "case_sample", "Case sample (EHC plan)"
    PCF_MEETING = "pcf_meeting", "Parent carer forum meeting"
    LEADERS_MEETING = "leaders_meeting", "Meeting with leaders"
    PRACTITIONER_MEETING = "practitioner_meeting", "Meeting with front-line staff"
    YOUNG_PEOPLE_MEETING = "young_people_meeting", "Meeting with young people"


class Monitoring(models.Model):
    """One monitoring inspection: which full inspection it monitors, and the lead inspector's conclusion."""

    inspection = models.OneToOneField("inspections.Inspection", on_delete=models.CASCADE, related_name="monitoring")
    full_inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.PROTECT, related_name="monitoring_inspections"
    )
    conclusion = models.CharField(max_length=12, choices=MONITORING_CONCLUSION_CHOICES, blank=True)
    rationale = models.TextField(blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    concluded_at = models.DateTimeField(null=True, blank=True)
    #: Set when the letter is published; from then nothing here changes.
    published_on = models.DateField(null=True, blank=True)
    #: Counts saves of the conclusion: a save from an older page is refused (inspections.concurrency).
    version = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(conclusion="") | Q(conclusion__in=list(MONITORING_CONCLUSIONS)),
                name="monitoring_conclusion_valid",
            ),
            models.CheckConstraint(
                condition=Q(conclusion="") | ~Q(rationale=""), name="monitoring_conclusion_has_rationale"
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True) | ~Q(conclusion=""), name="monitoring_published_has_conclusion"
            ),
            models.CheckConstraint(
                condition=~Q(inspection=models.F("full_inspection")), name="monitoring_follows_another_inspection"
            ),
        ]

    def __str__(self) -> str:
        return f"Monitoring of {self.full_inspection}"

    @property
    def is_published(self) -> bool:
        return self.published_on is not None

    @property
    def conclusion_statement(self) -> str:
        return MONITORING_CONCLUSIONS[self.conclusion][1] if self.conclusion else ""


class MonitoringEvidence(models.Model):
    """A piece of evidence against one area for priority action. Never deleted: withdrawn with a reason."""

    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.PROTECT, related_name="monitoring_evidence"
    )
    area = models.ForeignKey("evaluation.AreaForAction", on_delete=models.PROTECT, related_name="monitoring_evidence")
    number = models.PositiveIntegerField()
    source_kind = models.CharField(max_length=32, choices=SourceKind.choices)
    source_label = models.CharField("source", max_length=300, blank=True)
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "number"]
        verbose_name_plural = "monitoring evidence"
        constraints = [
            models.UniqueConstraint(fields=["inspection", "number"], name="monitoring_evidence_number_unique"),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawal_reason=""),
                name="monitoring_evidence_withdrawal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Monitoring evidence M{self.number}"

    @property
    def reference(self) -> str:
        return f"M{self.number}"


class AreaFinding(models.Model):
    """The lead inspector's finding on one area for priority action, printed in the letter."""

    inspection = models.ForeignKey("inspections.Inspection", on_delete=models.CASCADE, related_name="area_findings")
    area = models.ForeignKey("evaluation.AreaForAction", on_delete=models.PROTECT, related_name="monitoring_findings")
    text = models.TextField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    #: Counts saves of the text: a save from an older page is refused (inspections.concurrency).
    version = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "area__order", "area_id"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "area"], name="one_finding_per_area"),
            models.CheckConstraint(condition=~Q(text=""), name="monitoring_finding_has_text"),
        ]

    def __str__(self) -> str:
        return f"Finding on {self.area}"
