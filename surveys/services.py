"""Everything that changes survey data: one verb per function."""

from __future__ import annotations

import datetime as dt
import json
import secrets
import uuid
from collections.abc import Iterable
from contextlib import nullcontext as _nullcontext
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from .codes import hash_resume_code, new_resume_code, normalise_resume_code
from .models import Answer, FreeTextTag, Response, SafeguardingFlag, Survey, SurveyDraft, Tally
from .questionsets import AUDIENCES, CURRENT_VERSION, QuestionSet, question_set
from .safeguarding import safeguarding_matches
from .window import UK

DAY_KEY = "_day"
ANSWERED = "_answered"
#: Rows each counter is spread over (see Tally.shard).
TALLY_SHARDS = 16


def ensure_surveys(*, inspection) -> list[Survey]:
    """The inspection's three surveys with the current question sets, creating any that is missing.

    Called when the inspection is announced, and by the lead inspector's "Create the survey links"
    for an inspection announced before surveys were created then. Running it again changes nothing.
    """
    if inspection.kind == "monitoring":
        raise ValidationError("A monitoring inspection has no surveys")
    surveys = {s.audience: s for s in Survey.objects.filter(inspection=inspection)}
    for audience in AUDIENCES:
        if audience not in surveys:
            surveys[audience], _ = Survey.objects.get_or_create(
                inspection=inspection, audience=audience, defaults={"question_set_version": CURRENT_VERSION[audience]}
            )
    return [surveys[a] for a in AUDIENCES]


def extend_close_date(*, survey: Survey, closes_on: dt.date, reason: str, by=None) -> Survey:
    """Let the lead inspector keep a survey open longer; the reason is kept in its history."""
    from .selectors import survey_window

    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for extending the survey"})
    current = survey_window(survey).closes_on
    if current is None:
        raise ValidationError({"closes_on": "The survey window is not in the timeline yet"})
    if closes_on <= current:
        raise ValidationError({"closes_on": f"The new close date must be after {current:%-d %B %Y}"})
    survey.closes_on_extended = closes_on
    survey.extension_reason = reason
    if by is not None:
        survey._history_user = by
    survey.save(update_fields=["closes_on_extended", "extension_reason"])
    return survey


# --- Save and return -----------------------------------------------------------------------------


def save_draft(
    *, survey: Survey, version: int, answers: dict[str, Any], draft_id: int | None = None, code: str | None = None
) -> tuple[SurveyDraft, str]:
    """Keep unfinished answers under a resume code; saving again keeps the same code."""
    if draft_id and code:
        draft = SurveyDraft.objects.filter(pk=draft_id, survey=survey, resume_code_hash=hash_resume_code(code)).first()
        if draft:
            draft.answers = answers
            draft.question_set_version = version
            draft.save(update_fields=["answers", "question_set_version", "updated_at"])
            return draft, code
    for _attempt in range(5):
        code = new_resume_code()
        try:
            with transaction.atomic():
                draft = SurveyDraft.objects.create(
                    survey=survey,
                    resume_code_hash=hash_resume_code(code),
                    question_set_version=version,
                    answers=answers,
                )
            return draft, code
        except IntegrityError:  # the same code drawn twice: draw again
            continue
    raise RuntimeError("Could not draw an unused resume code")


def find_draft(*, survey: Survey, typed_code: str) -> tuple[SurveyDraft | None, str | None]:
    """The unfinished answers behind a typed code (any case, spaces or dashes), if any."""
    code = normalise_resume_code(typed_code)
    if code is None:
        return None, None
    draft = SurveyDraft.objects.filter(survey=survey, resume_code_hash=hash_resume_code(code)).first()
    return draft, (code if draft else None)


def purge_expired_drafts(*, now: dt.datetime | None = None) -> int:
    """Delete unfinished answers of surveys whose window has closed; returns how many."""
    from .selectors import windows_for_surveys

    now = now or timezone.now()
    survey_ids = list(SurveyDraft.objects.values_list("survey_id", flat=True).distinct())
    windows = windows_for_surveys(Survey.objects.filter(pk__in=survey_ids).select_related("inspection"))
    closed = [sid for sid, window in windows.items() if window.state(now) == "closed"]
    deleted, _ = SurveyDraft.objects.filter(survey_id__in=closed).delete()
    return deleted


# --- Submission ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Submission:
    response: Response
    created: bool  # False when the same submission token had already been stored


def _tally_rows(qs: QuestionSet, cleaned: dict[str, Any], day: dt.date) -> list[tuple[str, str, str, str]]:
    """The counters one response adds to: (question, value, breakdown key, breakdown value)."""
    groups = [("", "")] + [(b.key, str(cleaned.get(b.key) or "")) for b in qs.breakdowns]
    rows: set[tuple[str, str, str, str]] = {(DAY_KEY, day.isoformat(), "", "")}
    for q in qs.questions:
        value = cleaned.get(q.key)
        if q.kind == "single":
            values = [value] if value else []
        elif q.kind == "multiple":
            values = list(value or []) + ([ANSWERED] if value else [])
        else:
            values = [ANSWERED] if value else []
        for v in values:
            for bkey, bvalue in groups:
                if bkey != q.key:
                    rows.add((q.key, v, bkey, bvalue))
    return sorted(rows)  # one order for every transaction, so concurrent upserts never deadlock


def _insert_response_sql() -> str:
    """One statement that stores a response, its answers, flags and counters, and drops the draft.

    A single statement is atomic on its own (no BEGIN/COMMIT round trips), which keeps a
    submission to one database round trip. Counter rows come sorted, so concurrent submissions
    lock them in the same order and never deadlock.
    """
    response, answer = Response._meta.db_table, Answer._meta.db_table
    flag, tally, draft = SafeguardingFlag._meta.db_table, Tally._meta.db_table, SurveyDraft._meta.db_table
    return f"""
WITH r AS (
  INSERT INTO {response} (survey_id, question_set_version, submission_token, submitted_at, submitted_on, language)
  VALUES (%(survey)s, %(version)s, %(token)s, %(at)s, %(on)s, %(language)s) RETURNING id
), a AS (
  INSERT INTO {answer} (response_id, survey_id, question_key, value, text)
  SELECT r.id, %(survey)s, x.k, x.v, x.t
  FROM r, unnest(%(a_keys)s::varchar[], %(a_values)s::varchar[], %(a_texts)s::text[]) WITH ORDINALITY AS x(k, v, t, n)
  ORDER BY x.n
  RETURNING id, question_key, text
), f AS (
  INSERT INTO {flag} (answer_id, survey_id, terms, status, note, created_at)
  SELECT a.id, %(survey)s, y.terms::jsonb, 'new', '', %(at)s
  FROM a JOIN unnest(%(f_keys)s::varchar[], %(f_terms)s::text[]) AS y(k, terms) ON y.k = a.question_key AND a.text <> ''
), t AS (
  INSERT INTO {tally} (survey_id, question_key, value, breakdown_key, breakdown_value, shard, count)
  SELECT %(survey)s, z.k, z.v, z.bk, z.bv, %(shard)s, 1
  FROM unnest(%(t_keys)s::varchar[], %(t_values)s::varchar[], %(t_bkeys)s::varchar[], %(t_bvalues)s::varchar[])
       WITH ORDINALITY AS z(k, v, bk, bv, n)
  ORDER BY z.n
  ON CONFLICT (survey_id, question_key, value, breakdown_key, breakdown_value, shard)
  DO UPDATE SET count = {tally}.count + 1
), d AS (
  DELETE FROM {draft} WHERE id = %(draft)s AND survey_id = %(survey)s
)
SELECT id FROM r"""


def _submission_params(
    *,
    survey: Survey,
    qs: QuestionSet,
    cleaned: dict[str, Any],
    version: int,
    token: uuid.UUID,
    now: dt.datetime,
    day: dt.date,
    language: str,
    draft_id: int | None,
) -> dict[str, Any]:
    keys: list[str] = []
    values: list[str] = []
    texts: list[str] = []
    flag_keys: list[str] = []
    flag_terms: list[str] = []
    for q in qs.questions:
        value = cleaned[q.key]
        if q.kind == "single" and value:
            keys.append(q.key), values.append(value), texts.append("")
        elif q.kind == "multiple":
            for v in value:
                keys.append(q.key), values.append(v), texts.append("")
        elif q.kind == "text" and value:
            keys.append(q.key), values.append(""), texts.append(value)
            terms = safeguarding_matches(value)
            if terms:
                flag_keys.append(q.key), flag_terms.append(json.dumps(terms))
    rows = _tally_rows(qs, cleaned, day)
    return {
        "survey": survey.pk,
        "version": version,
        "token": token,
        "at": now,
        "on": day,
        "language": language[:10],
        "a_keys": keys,
        "a_values": values,
        "a_texts": texts,
        "f_keys": flag_keys,
        "f_terms": flag_terms,
        "shard": secrets.randbelow(TALLY_SHARDS),
        "t_keys": [r[0] for r in rows],
        "t_values": [r[1] for r in rows],
        "t_bkeys": [r[2] for r in rows],
        "t_bvalues": [r[3] for r in rows],
        "draft": draft_id or 0,
    }


def _store(params: dict[str, Any]) -> int:
    if connection.vendor != "postgresql":
        return _store_portable(params)
    with connection.cursor() as cursor:
        cursor.execute(_insert_response_sql(), params)
        return cursor.fetchone()[0]


def _store_portable(params: dict[str, Any]) -> int:
    """The same writes as `_insert_response_sql` through the ORM, in one transaction.

    Used by the local SQLite fallback of `make run` only; PostgreSQL takes the one-statement path.
    """
    survey_id = params["survey"]
    with transaction.atomic():
        response = Response.objects.create(
            survey_id=survey_id,
            question_set_version=params["version"],
            submission_token=params["token"],
            submitted_at=params["at"],
            submitted_on=params["on"],
            language=params["language"],
        )
        answers = Answer.objects.bulk_create(
            Answer(response=response, survey_id=survey_id, question_key=k, value=v, text=t)
            for k, v, t in zip(params["a_keys"], params["a_values"], params["a_texts"])
        )
        terms_by_key = dict(zip(params["f_keys"], params["f_terms"]))
        for answer in answers:
            if answer.question_key in terms_by_key and answer.text:
                SafeguardingFlag.objects.create(
                    answer=answer,
                    survey_id=survey_id,
                    status="new",
                    note="",
                    terms=json.loads(terms_by_key[answer.question_key]),
                )
        for key, value, bkey, bvalue in zip(
            params["t_keys"], params["t_values"], params["t_bkeys"], params["t_bvalues"]
        ):
            tally, created = Tally.objects.get_or_create(
                survey_id=survey_id,
                question_key=key,
                value=value,
                breakdown_key=bkey,
                breakdown_value=bvalue,
                shard=params["shard"],
                defaults={"count": 1},
            )
            if not created:
                Tally.objects.filter(pk=tally.pk).update(count=F("count") + 1)
        SurveyDraft.objects.filter(id=params["draft"], survey_id=survey_id).delete()
    return response.pk


def start_of_day(day: dt.date) -> dt.datetime:
    """Midnight (UK time) at the start of ``day``: the only submission time a response keeps."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=UK)


def submit_response(
    *,
    survey: Survey,
    version: int,
    answers: dict[str, Any],
    submission_token: uuid.UUID | str,
    language: str = "",
    draft_id: int | None = None,
    now: dt.datetime | None = None,
) -> Submission:
    """Store a complete response, its answers and counters, and flag worrying free text.

    All or nothing: one SQL statement (see `_insert_response_sql`). The same submission token
    twice (a double click, a retry after a lost connection) stores one response: the unique
    token decides, even when both requests run at the same moment.
    """
    qs = question_set(survey.audience, version)
    cleaned = qs.clean(answers)
    token = uuid.UUID(str(submission_token))
    now = now or timezone.now()
    day = now.astimezone(UK).date()
    # Kept to the day: a finer time could be matched with a request in some log to undo anonymity.
    at = start_of_day(day)
    params = _submission_params(
        survey=survey,
        qs=qs,
        cleaned=cleaned,
        version=version,
        token=token,
        now=at,
        day=day,
        language=language,
        draft_id=draft_id,
    )
    try:
        with transaction.atomic(savepoint=True) if connection.in_atomic_block else _nullcontext():
            response_id = _store(params)
    except IntegrityError:
        # The same token was stored already, or by another request that committed first.
        existing = Response.objects.filter(submission_token=token).first()
        if existing is None:
            raise
        return Submission(existing, False)
    response = Response(
        pk=response_id,
        survey=survey,
        question_set_version=version,
        submission_token=token,
        submitted_at=at,
        submitted_on=day,
        language=language[:10],
    )
    response._state.adding = False
    return Submission(response, True)


@transaction.atomic
def load_responses(
    *, survey: Survey, rows: Iterable[tuple[dict[str, Any], dt.date, uuid.UUID]], language: str = ""
) -> int:
    """Store many complete responses at once (demo data, an import), then recount the counters.

    Each row is (answers, day, submission token); answers are checked as a submission's are, and
    free text is flagged the same way. All or nothing.
    """
    qs = question_set(survey.audience, survey.question_set_version)
    cleaned_rows = [(qs.clean(answers), day, uuid.UUID(str(token))) for answers, day, token in rows]
    responses = Response.objects.bulk_create(
        [
            Response(
                survey=survey,
                question_set_version=survey.question_set_version,
                submission_token=token,
                submitted_at=start_of_day(day),
                submitted_on=day,
                language=language[:10],
            )
            for _cleaned, day, token in cleaned_rows
        ],
        batch_size=2000,
    )
    answers: list[Answer] = []
    for response, (cleaned, _day, _token) in zip(responses, cleaned_rows):
        for q in qs.questions:
            value = cleaned[q.key]
            if q.kind == "single" and value:
                answers.append(Answer(response=response, survey=survey, question_key=q.key, value=value))
            elif q.kind == "multiple":
                answers.extend(Answer(response=response, survey=survey, question_key=q.key, value=v) for v in value)
            elif q.kind == "text" and value:
                answers.append(Answer(response=response, survey=survey, question_key=q.key, text=value))
    Answer.objects.bulk_create(answers, batch_size=5000)
    SafeguardingFlag.objects.bulk_create(
        [
            SafeguardingFlag(answer=a, survey=survey, terms=terms, status="new", note="")
            for a in answers
            if a.text and (terms := safeguarding_matches(a.text))
        ],
        batch_size=2000,
    )
    rebuild_tallies(survey=survey)
    return len(responses)


def rebuild_tallies(*, survey: Survey) -> int:
    """Recount a survey's counters from its stored answers (after a data repair or a bulk load)."""
    with transaction.atomic():
        Survey.objects.select_for_update().get(pk=survey.pk)
        Tally.objects.filter(survey=survey).delete()
        meta = {
            rid: (day, version)
            for rid, day, version in Response.objects.filter(survey=survey)
            .values_list("pk", "submitted_on", "question_set_version")
            .iterator(chunk_size=5000)
        }
        answers: dict[int, dict[str, Any]] = {rid: {} for rid in meta}
        for rid, key, value, text in (
            Answer.objects.filter(survey=survey)
            .values_list("response_id", "question_key", "value", "text")
            .iterator(chunk_size=5000)
        ):
            qs = question_set(survey.audience, meta[rid][1])
            if not qs.has(key):
                continue
            if qs.question(key).kind == "multiple":
                answers[rid].setdefault(key, []).append(value)
            else:
                answers[rid][key] = text or value
        counts: dict[tuple[str, str, str, str], int] = {}
        for rid, given in answers.items():
            day, version = meta[rid]
            for row in _tally_rows(question_set(survey.audience, version), given, day):
                counts[row] = counts.get(row, 0) + 1
        Tally.objects.bulk_create(
            [
                Tally(survey=survey, question_key=k, value=v, breakdown_key=bk, breakdown_value=bv, count=n)
                for (k, v, bk, bv), n in counts.items()
            ],
            batch_size=2000,
        )
    return len(counts)


# --- Inspectors' work on answers ---------------------------------------------------------------------


def decide_safeguarding_flag(*, flag: SafeguardingFlag, status: str, note: str, by) -> SafeguardingFlag:
    """Record the lead inspector's decision on a flagged answer; the history keeps every change."""
    note = (note or "").strip()
    if status not in (SafeguardingFlag.Status.REVIEWED, SafeguardingFlag.Status.REFERRED):
        raise ValidationError({"status": "Select reviewed or referred"})
    if not note:
        raise ValidationError({"note": "Enter a note saying what you did"})
    flag.status = status
    flag.note = note
    flag.decided_by = by
    flag.decided_at = timezone.now()
    flag._history_user = by
    flag.save(update_fields=["status", "note", "decided_by", "decided_at"])
    return flag


def set_free_text_tags(*, answer: Answer, criteria: list[int], by) -> list[int]:
    """Make the answer's criterion tags exactly `criteria`; returns the sorted list kept."""
    wanted = sorted({int(c) for c in criteria})
    with transaction.atomic():
        FreeTextTag.objects.filter(answer=answer).exclude(criterion_number__in=wanted).delete()
        have = set(FreeTextTag.objects.filter(answer=answer).values_list("criterion_number", flat=True))
        FreeTextTag.objects.bulk_create(
            [FreeTextTag(answer=answer, criterion_number=n, tagged_by=by) for n in wanted if n not in have],
            ignore_conflicts=True,
        )
    return wanted
