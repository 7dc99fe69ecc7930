"""Surveys, their public links and anonymous responses.

No row here holds an IP address, a user agent or an account of a respondent. Answers are stored
one row per answer (for free text, tagging and raw export) and also counted in `Tally` as they
arrive, so results pages read a few hundred counters whatever the number of responses.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from inspections.framework import CRITERION_CHOICES

from .codes import new_link_token
from .questionsets import AUDIENCE_CHOICES, AUDIENCE_LABELS, QuestionSet, question_set, text


class Survey(models.Model):
    """One audience's survey for one inspection, reached through its unguessable link."""

    inspection = models.ForeignKey("inspections.Inspection", on_delete=models.CASCADE, related_name="surveys")
    audience = models.CharField(max_length=20, choices=AUDIENCE_CHOICES)
    question_set_version = models.PositiveSmallIntegerField()
    token = models.CharField(max_length=40, unique=True, default=new_link_token, editable=False)
    closes_on_extended = models.DateField(
        "extended close date",
        null=True,
        blank=True,
        help_text="Set by the lead inspector; later than the end of the survey window in the timeline.",
    )
    extension_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["token"])

    class Meta:
        ordering = ["inspection", "audience"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "audience"], name="one_survey_per_audience"),
        ]

    def __str__(self) -> str:
        return f"{AUDIENCE_LABELS.get(self.audience, self.audience)} – {self.inspection}"

    @property
    def audience_label(self) -> str:
        return text(AUDIENCE_LABELS[self.audience])

    @property
    def questions(self) -> QuestionSet:
        return question_set(self.audience, self.question_set_version)


class SurveyDraft(models.Model):
    """Unfinished answers saved with a resume code (only its hash is stored)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="drafts")
    resume_code_hash = models.CharField(max_length=64, unique=True)
    question_set_version = models.PositiveSmallIntegerField()
    answers = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Unfinished answers to {self.survey}"


class Response(models.Model):
    """One submitted, anonymous response. The submission token makes a repeated POST harmless."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    question_set_version = models.PositiveSmallIntegerField()
    submission_token = models.UUIDField(unique=True)
    submitted_at = models.DateTimeField()
    submitted_on = models.DateField(help_text="UK date of submission.")
    language = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["submitted_at"]
        indexes = [models.Index(fields=["survey", "submitted_at"], name="surveys_resp_survey_time")]

    def __str__(self) -> str:
        return f"Response {self.pk} to {self.survey}"


class Answer(models.Model):
    """One chosen option, or one free-text answer, of a response."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    question_key = models.CharField(max_length=40)
    value = models.CharField(max_length=40, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["response_id", "id"]
        indexes = [
            models.Index(fields=["survey", "question_key"], name="surveys_answer_question"),
            models.Index(fields=["survey", "id"], condition=~Q(text=""), name="surveys_answer_free_text"),
        ]

    def __str__(self) -> str:
        return f"{self.question_key}: {self.value or self.text[:40]}"

    @property
    def question(self):
        return (
            self.survey.questions.question(self.question_key) if self.survey.questions.has(self.question_key) else None
        )


class Tally(models.Model):
    """A counter kept up to date as responses arrive.

    `question_key` "_day" counts responses per UK date (value = ISO date); "_answered" in value
    counts respondents who answered a multiple-choice or free-text question. An empty
    breakdown key is everyone; otherwise the count is for one value of a respondent attribute.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="tallies")
    question_key = models.CharField(max_length=40)
    value = models.CharField(max_length=40)
    breakdown_key = models.CharField(max_length=40, blank=True)
    breakdown_value = models.CharField(max_length=40, blank=True)
    #: Each cell is split over a few rows so that concurrent submissions rarely wait for the same
    #: row lock; readers add the shards up.
    shard = models.PositiveSmallIntegerField(default=0)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "question_key", "value", "breakdown_key", "breakdown_value", "shard"],
                name="one_tally_per_cell_shard",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_key}={self.value} [{self.breakdown_key}={self.breakdown_value}]: {self.count}"


class SafeguardingFlag(models.Model):
    """A free-text answer that may describe a child at risk, for the lead inspector to review."""

    class Status(models.TextChoices):
        NEW = "new", "Not reviewed yet"
        REVIEWED = "reviewed", "Reviewed"
        REFERRED = "referred", "Referred"

    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="safeguarding_flag")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="safeguarding_flags")
    terms = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status="new") | ~Q(note=""), name="safeguarding_decision_has_note"),
        ]

    def __str__(self) -> str:
        return f"Safeguarding flag on answer {self.answer_id} ({self.status})"


class FreeTextTag(models.Model):
    """An inspector's link from a free-text answer to one evaluation criterion."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="tags")
    criterion_number = models.PositiveSmallIntegerField(choices=CRITERION_CHOICES)
    tagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["criterion_number"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "criterion_number"], name="one_tag_per_answer_criterion"),
        ]

    def __str__(self) -> str:
        return f"Answer {self.answer_id} → criterion {self.criterion_number}"
