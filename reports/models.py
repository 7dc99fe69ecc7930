"""The inspection report, its stages, the PDFs made of it and the partnership's comments.

The report row holds the narrative the lead inspector writes and the stage it has reached. Each
PDF is one row per report version (a unique constraint), so asking twice for the same version
gives the same file. Stage changes are kept as append-only events.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from inspections.models import TimeStamped


class Stage(models.TextChoices):
    DRAFT = "draft", "Draft"
    FACTUAL_ACCURACY = "factual_accuracy", "Factual accuracy check"
    FINAL = "final", "Final"
    PUBLISHED = "published", "Published"


#: Stages in which the text may still change.
EDITABLE_STAGES = frozenset({Stage.DRAFT, Stage.FACTUAL_ACCURACY})
#: Stages whose PDF carries the DRAFT watermark.
DRAFT_STAGES = frozenset({Stage.DRAFT, Stage.FACTUAL_ACCURACY})
#: Stages at which the partnership's leads read the report (who may read it: ``accounts.rules``).
OPEN_TO_PARTNERSHIP_STAGES = frozenset({Stage.FACTUAL_ACCURACY, Stage.PUBLISHED})

#: The narrative sections the lead inspector writes: (field name, heading in the report).
NARRATIVE_SECTIONS: tuple[tuple[str, str], ...] = (
    ("partnership_information", "Information about the local area partnership"),
    (
        "child_experience",
        "What is it like to be a child or young person with special educational needs and/or disabilities (SEND) "
        "in this area?",
    ),
    ("effective", "What is the area partnership doing that is effective?"),
    ("better", "What does the area partnership need to do better?"),
)


class Report(TimeStamped):
    """One report per inspection; its `version` changes whenever a PDF would come out different."""

    inspection = models.OneToOneField("inspections.Inspection", on_delete=models.PROTECT, related_name="report")
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.DRAFT)
    version = models.PositiveIntegerField(default=1)
    partnership_information = models.TextField("Information about the local area partnership", blank=True)
    child_experience = models.TextField(
        "What it is like to be a child or young person with SEND in the area", blank=True
    )
    effective = models.TextField("What the partnership is doing that is effective", blank=True)
    better = models.TextField("What the partnership needs to do better", blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    factual_accuracy_sent_on = models.DateField(null=True, blank=True)
    factual_accuracy_due_on = models.DateField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(stage__in=[s.value for s in Stage]), name="report_stage_valid"),
            models.CheckConstraint(
                condition=~Q(stage=Stage.PUBLISHED) | Q(published_on__isnull=False),
                name="report_published_has_date",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="report_version_positive"),
        ]

    def __str__(self) -> str:
        return f"Report for {self.inspection} (version {self.version}, {self.get_stage_display().lower()})"

    @property
    def is_editable(self) -> bool:
        return self.stage in EDITABLE_STAGES

    @property
    def is_draft(self) -> bool:
        return self.stage in DRAFT_STAGES

    @property
    def is_published(self) -> bool:
        return self.stage == Stage.PUBLISHED

    @property
    def is_open_to_partnership(self) -> bool:
        return self.stage in OPEN_TO_PARTNERSHIP_STAGES


class ReportSectionVersionQuerySet(models.QuerySet):
    def delete(self):
        raise ValidationError("A saved version of a report section cannot be deleted.")

    def update(self, **kwargs):
        raise ValidationError("A saved version of a report section cannot be changed.")


class ReportSectionVersion(models.Model):
    """One saved text of one narrative section. Rows are only ever added (ADR 112).

    The highest number of a section is its current version, the one an edit form is drawn from;
    a section with no rows is at version 0 and empty.
    """

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="section_versions")
    section = models.CharField(max_length=40, choices=NARRATIVE_SECTIONS)
    number = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    saved_at = models.DateTimeField(default=timezone.now)

    objects = ReportSectionVersionQuerySet.as_manager()

    class Meta:
        ordering = ["report", "section", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "section", "number"], name="report_section_version_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="report_section_version_positive"),
            models.CheckConstraint(
                condition=Q(section__in=[name for name, _ in NARRATIVE_SECTIONS]), name="report_section_known"
            ),
        ]

    def __str__(self) -> str:
        return f"Report {self.report_id} {self.section} version {self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("A saved version of a report section cannot be changed.")
        super().save(*args, **kwargs)


class ReportEvent(models.Model):
    """Append-only record of what happened to a report (stage changes, publication)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    version = models.PositiveIntegerField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_stage or 'new'} -> {self.to_stage} (v{self.version})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Report events are never changed.")
        super().save(*args, **kwargs)


def pdf_resend_after() -> timedelta:
    """How long a PDF may stay queued or rendering before it is sent to the queue again."""
    return timedelta(seconds=settings.REPORT_PDF_RESEND_AFTER_SECONDS)


class ReportPdf(models.Model):
    """The PDF of one report version, made by the Celery task."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        WAITING = "waiting", "Waiting for the queue"
        RENDERING = "rendering", "Rendering"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="pdfs")
    version = models.PositiveIntegerField()
    stage = models.CharField(max_length=20, choices=Stage.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(upload_to="reports/", blank=True, max_length=255)
    checksum = models.CharField("SHA-256 checksum", max_length=64, blank=True)
    size = models.PositiveIntegerField(default=0)
    page_count = models.PositiveIntegerField(default=0)
    evaluation_fingerprint = models.CharField(max_length=64)
    content = models.JSONField(default=dict, help_text="The composed report, frozen when the PDF was asked for.")
    outcome = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the task was last handed to the queue (to find rows left waiting)."
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["report", "version"], name="one_pdf_per_report_version"),
            models.CheckConstraint(condition=~Q(status="ready") | ~Q(checksum=""), name="ready_pdf_has_checksum"),
        ]

    def __str__(self) -> str:
        return f"PDF of report {self.report_id} version {self.version} ({self.status})"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.WAITING, self.Status.RENDERING)

    @property
    def is_overdue(self) -> bool:
        """Pending for longer than a render takes: the lead inspector may ask again."""
        if not self.is_pending:
            return False
        since = self.started_at if self.status == self.Status.RENDERING else (self.sent_at or self.requested_at)
        return since is None or timezone.now() - since > pdf_resend_after()

    @property
    def is_open_to_partnership(self) -> bool:
        return self.stage in OPEN_TO_PARTNERSHIP_STAGES

    @property
    def is_draft(self) -> bool:
        return self.stage in DRAFT_STAGES


class FactualAccuracyComment(models.Model):
    """A partnership lead's comment on the draft during the factual accuracy check."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    section = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    version = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Response(models.TextChoices):
        ACCEPTED = "accepted", "Accepted and changed"
        NOT_ACCEPTED = "not_accepted", "Not accepted"

    response = models.CharField(max_length=16, choices=Response.choices, blank=True)
    response_text = models.TextField(blank=True, help_text="What was changed, or why the comment was not accepted.")
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment by {self.author} on version {self.version}"
