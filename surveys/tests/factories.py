"""Test helpers: surveys for an inspection and valid answers to submit."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from surveys import services
from surveys.models import Survey
from surveys.questionsets import QuestionSet
from surveys.window import UK

#: A moment inside the survey window of the shared `inspection` fixture (14 to 18 December 2026).
DURING_SURVEYS = dt.datetime(2026, 12, 15, 12, 0, tzinfo=UK)
BEFORE_SURVEYS = dt.datetime(2026, 12, 13, 23, 30, tzinfo=UK)
AFTER_SURVEYS = dt.datetime(2026, 12, 19, 0, 5, tzinfo=UK)


def survey_for(inspection, audience: str = "parents") -> Survey:
    return {s.audience: s for s in services.ensure_surveys(inspection=inspection)}[audience]


def answers_for(qs: QuestionSet, pick: int = 0, text: str = "", **overrides: Any) -> dict[str, Any]:
    """A complete set of answers choosing option number `pick` (wrapping) everywhere, and `text`
    as the first free-text answer."""
    answers: dict[str, Any] = {}
    first_text = next(q.key for q in qs.questions if q.kind == "text")
    for q in qs.questions:
        if q.kind == "single":
            answers[q.key] = q.options[pick % len(q.options)].value
        elif q.kind == "multiple":
            answers[q.key] = [q.options[pick % len(q.options)].value]
        else:
            answers[q.key] = text if q.key == first_text else ""
    answers.update(overrides)
    return answers


def submit(survey: Survey, pick: int = 0, text: str = "", now: dt.datetime | None = None, **overrides: Any):
    return services.submit_response(
        survey=survey,
        version=survey.question_set_version,
        answers=answers_for(survey.questions, pick, text, **overrides),
        submission_token=uuid.uuid4(),
        now=now or DURING_SURVEYS,
    ).response
