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

    def __str__(self) -> str:
        return f"Strategic plan published {self.published_on:%d %B %Y}"
