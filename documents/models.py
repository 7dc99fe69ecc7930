"""Information request items, the files uploaded for them, the self-evaluation summary and the
activity log. Workflows live in services.py; these are fields, constraints and small facts."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from inspections.framework import CRITERIA

from . import catalogue


class RequestItem(models.Model):
    """One entry of an inspection's information request; created when first uploaded or reviewed."""

    inspection = models.ForeignKey("inspections.Inspection", on_delete=models.CASCADE, related_name="request_items")
    kind = models.CharField(max_length=40, choices=catalogue.ITEM_KIND_CHOICES)
    title = models.CharField(
        max_length=200, blank=True, help_text="The partnership's own title, for 'any other document' items."
    )
    status = models.CharField(max_length=20, choices=catalogue.STATUS_CHOICES, default=catalogue.NOT_STARTED)
    review_comment = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    #: Counts uploads and reviews: a review from a page drawn before either is refused.
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["inspection", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "kind"], condition=~Q(kind=catalogue.OTHER), name="documents_one_item_per_kind"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s for s, _ in catalogue.STATUS_CHOICES]), name="documents_item_status_known"
            ),
            models.CheckConstraint(
                condition=~Q(kind=catalogue.OTHER) | ~Q(title=""), name="documents_other_item_has_title"
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def kind_definition(self) -> catalogue.ItemKind:
        return catalogue.item_kind(self.kind)

    @property
    def display_title(self) -> str:
        return self.title or self.kind_definition.title


def _storage_path(instance: UploadedFile, filename: str) -> str:
    """A path that never contains the uploaded name: names are data, not file-system paths."""
    extension = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return f"inspections/{instance.item.inspection_id}/documents/{uuid.uuid4().hex}{extension}"


class UploadedFile(models.Model):
    """One stored file; every upload to an item adds a new version and keeps the earlier ones."""

    item = models.ForeignKey(RequestItem, on_delete=models.CASCADE, related_name="files")
    version = models.PositiveIntegerField()
    file = models.FileField(upload_to=_storage_path, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField("SHA-256 checksum", max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-version", "original_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "version", "original_name"], name="documents_file_name_unique_in_version"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="documents_file_version_positive"),
            models.CheckConstraint(condition=Q(size__gt=0), name="documents_file_not_empty"),
        ]
        indexes = [models.Index(fields=["item", "-version"], name="documents_file_item_version")]

    def __str__(self) -> str:
        return f"{self.original_name} (version {self.version})"


class SelfEvaluationEntry(models.Model):
    """The partnership's short summary for one criterion: what it knows and what it does next."""

    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.CASCADE, related_name="self_evaluation_entries"
    )
    criterion = models.PositiveSmallIntegerField(choices=[(c.number, c.short_name) for c in CRITERIA])
    known = models.TextField("What we know about our effectiveness", blank=True)
    next_steps = models.TextField("What we are doing next", blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=0, help_text="Counts saves: a form from an older one is refused.")

    class Meta:
        ordering = ["inspection", "criterion"]
        verbose_name_plural = "self-evaluation entries"
        constraints = [
            models.UniqueConstraint(fields=["inspection", "criterion"], name="documents_one_entry_per_criterion"),
            models.CheckConstraint(
                condition=Q(criterion__gte=1) & Q(criterion__lte=len(CRITERIA)),
                name="documents_entry_criterion_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Criterion {self.criterion}"

    @property
    def is_complete(self) -> bool:
        return bool(self.known.strip() and self.next_steps.strip())


class ActivityEntry(models.Model):
    """Append-only record of who uploaded, downloaded, reviewed or summarised what, and when."""

    class Action(models.TextChoices):
        UPLOADED = "uploaded", "Uploaded"
        DOWNLOADED = "downloaded", "Downloaded"
        ACCEPTED = "accepted", "Accepted"
        CHANGES_REQUESTED = "changes_requested", "Asked for changes"
        SUMMARY_UPDATED = "summary_updated", "Updated the self-evaluation summary"

    inspection = models.ForeignKey("inspections.Inspection", on_delete=models.CASCADE, related_name="document_activity")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(max_length=30, choices=Action.choices)
    item = models.ForeignKey(RequestItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    description = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "activity entries"
        indexes = [models.Index(fields=["inspection", "-created_at"], name="documents_activity_recent")]

    def __str__(self) -> str:
        return self.description
