"""The priority action plan's versions and the record of the published strategic plan."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from . import status


def _plan_path(instance: ActionPlanVersion, filename: str) -> str:
    """A path that never contains the uploaded name: names are data, not file-system paths."""
    extension = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return f"inspections/{instance.inspection_id}/action-plan/{uuid.uuid4().hex}{extension}"


class ActionPlanVersion(models.Model):
    """One uploaded version of the priority action plan (area SEND), and the lead inspector's review.

    Versions are append-only: a new upload (even after acceptance) adds a version awaiting review.
    """

    class Status(models.TextChoices):
        AWAITING_REVIEW = status.AWAITING_REVIEW, "Awaiting review"
        NEEDS_CHANGES = status.NEEDS_CHANGES, "Needs changes"
        ACCEPTED = status.ACCEPTED, "Accepted"

    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.PROTECT, related_name="action_plan_versions"
    )
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=_plan_path, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField("SHA-256 checksum", max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.AWAITING_REVIEW)
    feedback = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "number"], name="followups_plan_version_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="followups_plan_version_positive"),
            models.CheckConstraint(
                condition=~Q(status=status.NEEDS_CHANGES) | ~Q(feedback=""),
                name="followups_plan_changes_have_feedback",
            ),
        ]

    def __str__(self) -> str:
        return f"Priority action plan, version {self.number}"


class StrategicPlanRecord(models.Model):
    """Where and when the partnership published its updated strategic plan (outcomes 1 and 2)."""

    inspection = models.OneToOneField(
        "inspections.Inspection", on_delete=models.PROTECT, related_name="strategic_plan_record"
    )
    url = models.URLField("Link to the published plan", max_length=500)
    published_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=0, help_text="Counts saves: a form from an older one is refused.")

    def __str__(self) -> str:
        return f"Strategic plan published {self.published_on:%d %B %Y}"


class EngagementMeeting(models.Model):
    """An engagement meeting planned from the outcome, once it is moved or recorded.

    Meetings that are only planned are not stored: their dates come from the outcome's product
    default. ``number`` is the meeting's place in that plan (1 = the first after publication).
    """

    class Concern(models.TextChoices):
        NONE = "none", "No concern"
        SOME = "some", "Some concern"
        SERIOUS = "serious", "Serious concern"

    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.PROTECT, related_name="engagement_meetings"
    )
    number = models.PositiveSmallIntegerField()
    planned_on = models.DateField()
    rescheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    held_on = models.DateField(null=True, blank=True)
    attendee_roles = models.JSONField(default=list, blank=True)
    #: For inspectors only: the partnership's leads never see these.
    notes = models.TextField(blank=True)
    #: What the inspector chooses to share with the partnership's leads.
    shared_summary = models.TextField(blank=True)
    #: Criterion numbers and areas for priority action (as "area:<id>") the meeting touched on.
    themes = models.JSONField(default=list, blank=True)
    concern = models.CharField(max_length=10, choices=Concern.choices, blank=True)
    concern_reason = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    #: Counts saves of the meeting's record (not moves of its date): a record form from an older one is refused.
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["inspection", "number"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "number"], name="followups_meeting_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="followups_meeting_number_positive"),
            models.CheckConstraint(
                condition=Q(held_on__isnull=True) | ~Q(concern=""), name="followups_held_meeting_has_concern"
            ),
        ]

    def __str__(self) -> str:
        return f"Engagement meeting {self.number}"
