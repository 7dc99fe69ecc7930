"""Fieldwork activities (visits, meetings, focus groups) and the record of every change to them.

Tracking meetings are not stored here: they stay in ``tracking`` and the plan reads them from
there, so a meeting moved in tracking moves in the plan too.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from inspections.models import Inspection, TimeStamped

from .kinds import KIND_CHOICES, KINDS_BY_KEY


class ActivityQuerySet(models.QuerySet):
    def current(self) -> ActivityQuerySet:
        """The plan as it stands: cancelled activities left out."""
        return self.filter(cancelled_at__isnull=True)


class Activity(TimeStamped):
    """One planned fieldwork activity. ``version`` counts saves: it guards against overwriting
    someone else's change and is the calendar's SEQUENCE."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="fieldwork_activities")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=40, choices=KIND_CHOICES)
    title = models.CharField(max_length=200)
    day = models.DateField()
    starts_at = models.TimeField()
    ends_at = models.TimeField()
    online = models.BooleanField(default=False)
    place = models.CharField(max_length=200, blank=True)
    address = models.TextField(blank=True)
    link = models.URLField("online meeting link", max_length=500, blank=True)
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="fieldwork_activities", blank=True)
    invite = models.TextField("who the partnership should invite", blank=True)
    notes = models.TextField("notes for the team", blank=True)
    criteria = models.JSONField(default=list, blank=True)
    remote_override_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancel_reason = models.TextField(blank=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["day", "starts_at", "ends_at", "pk"]
        verbose_name_plural = "activities"
        indexes = [models.Index(fields=["inspection", "day"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="activity_ends_after_start"),
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True) | ~Q(cancel_reason=""), name="activity_cancel_has_reason"
            ),
            models.CheckConstraint(condition=Q(online=False) | ~Q(link=""), name="online_activity_has_link"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.day:%-d %b %Y} {self.starts_at:%H:%M})"

    @property
    def kind_label(self) -> str:
        kind = KINDS_BY_KEY.get(self.kind)
        return kind.label if kind else self.kind

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def where(self) -> str:
        return "Online" if self.online else ", ".join(p for p in (self.place, self.address) if p)


class ActivityChange(models.Model):
    """One change to an activity: who, when, why and what it was before. Rows are only ever added."""

    class Action(models.TextChoices):
        PLANNED = "planned", "Planned"
        MOVED = "moved", "Moved"
        CHANGED = "changed", "Changed"
        CANCELLED = "cancelled", "Cancelled"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(max_length=16, choices=Action.choices)
    version = models.PositiveIntegerField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)
    before = models.JSONField(default=dict, blank=True, help_text="The fields that changed, as they were.")

    class Meta:
        ordering = ["activity", "-version", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "version"], name="activity_change_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} (version {self.version})"
