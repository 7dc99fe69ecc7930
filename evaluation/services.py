"""Changes to evidence, summaries and the outcome decision: one verb each."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from accounts import rules
from inspections.concurrency import refuse_if_changed
from inspections.framework import CRITERIA_BY_NUMBER, OUTCOMES_BY_NUMBER
from inspections.models import Inspection

from .models import (
    AreaForAction,
    CriterionSummary,
    Evidence,
    EvidenceCount,
    EvidenceCriterion,
    EvidenceDraft,
    EvidenceVersion,
    Nature,
    OutcomeDecision,
    SourceKind,
)
from .outcomes import priority_actions_problem

#: Longest evidence note accepted, to keep a runaway paste from filling the database.
MAX_TEXT_LENGTH = 20_000


@dataclass(frozen=True)
class SourceRef:
    """A link to where the evidence came from: a stored object or a survey result."""

    content_type_id: int | None
    object_id: str
    label: str


def _clean_criteria(criteria) -> list[int]:
    numbers = sorted({int(n) for n in criteria})
    if not numbers:
        raise ValidationError("Select at least one criterion the evidence bears on")
    unknown = [n for n in numbers if n not in CRITERIA_BY_NUMBER]
    if unknown:
        raise ValidationError("Select criteria from the list")
    return numbers


def _author_details(user, inspection) -> tuple[str, str]:
    """The author's role on this team and their organisation, stored with the evidence."""
    if not rules.may_record_evidence(user, inspection):
        raise ValidationError("Only members of the inspection team can record evidence")
    role = "Lead inspector" if rules.is_lead_inspector(user, inspection) else (user.job_title or "Inspector")
    return role[:100], user.get_organisation_display()


def _fields(*, criteria, source_kind: str, nature: str, text: str, source: SourceRef | None) -> dict:
    text = (text or "").strip()
    if not text:
        raise ValidationError("Enter the evidence")
    if len(text) > MAX_TEXT_LENGTH:
        raise ValidationError(f"Evidence must be {MAX_TEXT_LENGTH:,} characters or fewer")
    if source_kind not in SourceKind.values:
        raise ValidationError("Select where the evidence comes from")
    if nature not in Nature.values:
        raise ValidationError("Select whether the evidence shows a strength, a weakness or context")
    return {
        "criterion_numbers": _clean_criteria(criteria),
        "source_kind": source_kind,
        "nature": nature,
        "text": text,
        "source_content_type_id": source.content_type_id if source else None,
        "source_object_id": source.object_id if source else "",
        "source_label": source.label[:300] if source else "",
    }


class DraftAlreadySaved(Exception):
    """The draft's evidence has been saved: an autosave that arrives late must not bring it back."""


def _lock_author(author) -> None:
    """Serialise one inspector's draft writes and saves, so a late autosave cannot overtake a save."""
    get_user_model().objects.select_for_update().filter(pk=author.pk).values_list("pk").first()


@transaction.atomic
def save_draft(
    *,
    inspection,
    by,
    key: uuid.UUID | str,
    data: dict,
    evidence: Evidence | None = None,
    base_version: int | None = None,
) -> EvidenceDraft | None:
    """Keep what the inspector has typed so far; the same key always updates the same draft.

    A draft without text is not kept (and one emptied is removed): a list of "(no text yet)"
    drafts helps nobody. Returns None then. `base_version` is the evidence version the edit page
    was drawn from, so a draft of an older version is never taken for the current text.
    """
    key = uuid.UUID(str(key))
    _lock_author(by)
    if EvidenceVersion.objects.filter(saved_by=by, draft_key=key).exists():
        raise DraftAlreadySaved("This evidence has been saved")
    text = str(data.get("text", ""))[:MAX_TEXT_LENGTH]
    if not text.strip():
        EvidenceDraft.objects.filter(author=by, key=key, inspection=inspection).delete()
        return None
    clean = {k: v for k, v in data.items() if k in {"criteria", "source_kind", "nature", "source"}}
    draft, created = EvidenceDraft.objects.get_or_create(
        author=by,
        key=key,
        defaults={
            "inspection": inspection,
            "evidence": evidence,
            "base_version": base_version,
            "data": clean,
            "text": text,
        },
    )
    if not created:
        if draft.inspection_id != inspection.pk:
            raise ValidationError("This draft belongs to another inspection")
        draft.data, draft.text, draft.base_version = clean, text, base_version
        draft.save(update_fields=["data", "text", "base_version", "updated_at"])
    return draft


def discard_draft(*, by, key) -> None:
    EvidenceDraft.objects.filter(author=by, key=key).delete()


def _next_evidence_number(inspection) -> int:
    """The next number within the inspection; the inspection row is locked so two saves never share one."""
    list(Inspection.objects.select_for_update().filter(pk=inspection.pk).values_list("pk", flat=True))
    last = Evidence.objects.filter(inspection=inspection).aggregate(last=Max("number"))["last"]
    return (last or 0) + 1


#: What `EvidenceCount` counts by: criteria ("3,7"), source kind, nature, author id, organisation.
CountKey = tuple[str, str, str, int, str]


def count_key(evidence: Evidence) -> CountKey:
    """The `EvidenceCount` row a piece of evidence is counted in."""
    criteria = ",".join(str(n) for n in sorted(set(evidence.criterion_numbers)))
    return (criteria, evidence.source_kind, evidence.nature, evidence.author_id, evidence.author_organisation)


def adjust_evidence_counts(*, inspection_id: int, changes: dict[CountKey, int]) -> None:
    """Add each change to its `EvidenceCount` row, inside the caller's transaction.

    Rows are changed in one order (their keys sorted), so two saves that move evidence between the
    same two rows in opposite directions wait for each other rather than deadlock.
    """
    for key in sorted(k for k, n in changes.items() if n):
        criteria, source_kind, nature, author_id, organisation = key
        row, _ = EvidenceCount.objects.get_or_create(
            inspection_id=inspection_id,
            criteria=criteria,
            source_kind=source_kind,
            nature=nature,
            author_id=author_id,
            author_organisation=organisation,
        )
        EvidenceCount.objects.filter(pk=row.pk).update(count=F("count") + changes[key])


@transaction.atomic
def record_evidence(
    *,
    inspection,
    by,
    criteria,
    source_kind: str,
    nature: str,
    text: str,
    source: SourceRef | None = None,
    draft_key=None,
) -> Evidence:
    """Save a new piece of evidence with its first version, and drop the draft it came from."""
    role, organisation = _author_details(by, inspection)
    fields = _fields(criteria=criteria, source_kind=source_kind, nature=nature, text=text, source=source)
    evidence = Evidence.objects.create(
        inspection=inspection,
        number=_next_evidence_number(inspection),
        author=by,
        author_role=role,
        author_organisation=organisation,
        **fields,
    )
    EvidenceCriterion.objects.bulk_create(
        EvidenceCriterion(evidence=evidence, criterion=n) for n in fields["criterion_numbers"]
    )
    adjust_evidence_counts(inspection_id=inspection.pk, changes={count_key(evidence): 1})
    if draft_key:
        _lock_author(by)
    EvidenceVersion.objects.create(evidence=evidence, number=1, saved_by=by, draft_key=draft_key or None, **fields)
    if draft_key:
        discard_draft(by=by, key=draft_key)
    return evidence


@transaction.atomic
def revise_evidence(
    *,
    evidence: Evidence,
    by,
    criteria,
    source_kind: str,
    nature: str,
    text: str,
    source: SourceRef | None = None,
    draft_key=None,
    loaded_version: int | None = None,
) -> Evidence:
    """Save an edit as a new version; earlier versions stay as they were.

    `loaded_version` is the version the form was drawn from: if someone saved a newer one with
    different text, `EditConflict` is raised and nothing is written. A successful save (or one that
    changes nothing) drops the author's drafts of this evidence, so no stale copy is offered later.
    """
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    if evidence.is_withdrawn:
        raise ValidationError("Withdrawn evidence cannot be changed")
    fields = _fields(criteria=criteria, source_kind=source_kind, nature=nature, text=text, source=source)
    latest = (
        EvidenceVersion.objects.filter(evidence=evidence, number=evidence.version_count)
        .select_related("saved_by")
        .first()
    )
    refuse_if_changed(
        loaded=loaded_version,
        current=evidence.version_count,
        what=f"Evidence {evidence.reference}",
        labels={"text": "Evidence"},
        yours={"text": fields["text"]},
        theirs={"text": evidence.text},
        saved_by=latest.saved_by.display_name if latest else "",
        saved_at=latest.saved_at if latest else None,
    )
    _lock_author(by)
    current = {k: getattr(evidence, k) for k in fields}
    if current == fields:
        _drop_drafts_of(evidence, by=by, key=draft_key)
        return evidence
    was = count_key(evidence)
    for name, value in fields.items():
        setattr(evidence, name, value)
    evidence.version_count += 1
    evidence.save()
    now = count_key(evidence)
    if now != was:
        adjust_evidence_counts(inspection_id=evidence.inspection_id, changes={was: -1, now: 1})
    EvidenceCriterion.objects.filter(evidence=evidence).delete()
    EvidenceCriterion.objects.bulk_create(
        EvidenceCriterion(evidence=evidence, criterion=n) for n in fields["criterion_numbers"]
    )
    EvidenceVersion.objects.create(
        evidence=evidence, number=evidence.version_count, saved_by=by, draft_key=draft_key or None, **fields
    )
    _drop_drafts_of(evidence, by=by, key=draft_key)
    return evidence


def _drop_drafts_of(evidence: Evidence, *, by, key) -> None:
    """After a save, the author's drafts of this evidence (this page's and any older one) are spent."""
    drafts = EvidenceDraft.objects.filter(author=by, evidence=evidence)
    if key:
        drafts = drafts | EvidenceDraft.objects.filter(author=by, key=key)
    drafts.delete()


@transaction.atomic
def withdraw_evidence(*, evidence: Evidence, by, reason: str) -> Evidence:
    """Take evidence out of the matrix and summaries, keeping it and the reason on record."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Enter why you are withdrawing this evidence")
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    if evidence.is_withdrawn:
        raise ValidationError("This evidence has already been withdrawn")
    evidence.withdrawn_at = timezone.now()
    evidence.withdrawn_by = by
    evidence.withdrawal_reason = reason
    evidence.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason", "updated_at"])
    adjust_evidence_counts(inspection_id=evidence.inspection_id, changes={count_key(evidence): -1})
    return evidence


def _lock_inspection(inspection) -> None:
    list(Inspection.objects.select_for_update().filter(pk=inspection.pk).values_list("pk", flat=True))


@transaction.atomic
def save_criterion_summary(
    *, inspection, criterion: int, effective: str, better: str, by, loaded_version: int | None = None
) -> CriterionSummary:
    """Write the team's summary for a criterion (its history keeps what was there before).

    The inspection row is locked first, so two first summaries of a criterion are serialised too;
    a save from a form older than the stored version raises `EditConflict`.
    """
    if criterion not in CRITERIA_BY_NUMBER:
        raise ValidationError("Unknown criterion")
    _refuse_after_publication(inspection)
    _lock_inspection(inspection)
    summary = (
        CriterionSummary.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .filter(inspection=inspection, criterion=criterion)
        .first()
    )
    summary = summary or CriterionSummary(inspection=inspection, criterion=criterion)
    effective, better = (effective or "").strip(), (better or "").strip()
    refuse_if_changed(
        loaded=loaded_version,
        current=summary.version,
        what=f"The summary for {CRITERIA_BY_NUMBER[criterion].short_name.lower()}",
        labels={"effective": "What is effective", "better": "What needs to be better"},
        yours={"effective": effective, "better": better},
        theirs={"effective": summary.effective, "better": summary.better},
        saved_by=summary.updated_by.display_name if summary.updated_by else "",
        saved_at=summary.updated_at,
    )
    summary.effective, summary.better = effective, better
    summary.updated_by = by
    summary.version += 1
    summary._history_user = by
    summary.save()
    return summary


def on_site_has_begun(inspection, *, today: date | None = None) -> bool:
    """The outcome may be decided only once the team has started on-site work."""
    from inspections.models import Milestone

    today = today or timezone.localdate()
    starts_on = (
        Milestone.objects.filter(inspection=inspection, key="on_site").values_list("starts_on", flat=True).first()
    )
    return starts_on is not None and starts_on <= today


def _refuse_after_publication(inspection) -> None:
    if OutcomeDecision.objects.filter(inspection=inspection, published_on__isnull=False).exists():
        raise ValidationError("The report has been published: the evaluation can no longer change")


def _check_area(*, kind: str, text: str, criteria) -> tuple[str, list[int]]:
    if kind not in {AreaForAction.PRIORITY, AreaForAction.IMPROVEMENT}:
        raise ValidationError("Choose an area for priority action or an area for improvement")
    text = (text or "").strip()
    if not text:
        raise ValidationError("Enter what leaders should do")
    if not text.lower().startswith("leaders") or " should " not in f" {text.lower()} ":
        raise ValidationError("Write the area as 'Leaders ... should ...'")
    return text, _clean_criteria(criteria)


def _check_bodies(inspection, responsible_bodies) -> list:
    bodies = list(responsible_bodies or ())
    if any(b.partnership_id != inspection.partnership_id for b in bodies):
        raise ValidationError({"responsible_bodies": "Choose the responsible bodies from this partnership's bodies"})
    return bodies


@transaction.atomic
def add_area_for_action(
    *, inspection, kind: str, text: str, criteria, by, responsible_bodies=(), today: date | None = None
) -> AreaForAction:
    """Add an area for priority action or for improvement at the end of its list."""
    text, numbers = _check_area(kind=kind, text=text, criteria=criteria)
    bodies = _check_bodies(inspection, responsible_bodies)
    if not on_site_has_begun(inspection, today=today):
        raise ValidationError("Areas for action can be written once on-site work has begun")
    _refuse_after_publication(inspection)
    decision = OutcomeDecision.objects.select_for_update().filter(inspection=inspection).first()
    if kind == AreaForAction.PRIORITY and decision and not decision.definition.requires_priority_actions:
        raise ValidationError(
            f"Outcome {decision.outcome} has no areas for priority action: add an area for improvement instead"
        )
    last = AreaForAction.objects.filter(inspection=inspection, kind=kind).order_by("-order").first()
    area = AreaForAction(
        inspection=inspection,
        kind=kind,
        text=text,
        criteria=numbers,
        order=(last.order + 1) if last else 1,
        created_by=by,
    )
    area._history_user = by
    area.save()
    area.responsible_bodies.set(bodies)
    return area


@transaction.atomic
def change_area_for_action(
    *, area: AreaForAction, text: str, criteria, by, responsible_bodies=None, loaded_version: int | None = None
) -> AreaForAction:
    """Reword an area or change its criteria; its history keeps the earlier wording.

    A save from a form older than the stored version, with different wording, raises `EditConflict`.
    """
    text, numbers = _check_area(kind=area.kind, text=text, criteria=criteria)
    _refuse_after_publication(area.inspection)
    area = AreaForAction.objects.select_for_update().select_related("inspection").get(pk=area.pk)
    last = area.history.select_related("history_user").first() if loaded_version is not None else None
    refuse_if_changed(
        loaded=loaded_version,
        current=area.version,
        what=f"The {area.get_kind_display().lower()}",
        labels={"text": "What should leaders do?"},
        yours={"text": text},
        theirs={"text": area.text},
        saved_by=last.history_user.display_name if last and last.history_user else "",
        saved_at=last.history_date if last else None,
    )
    area.text, area.criteria = text, numbers
    area.version += 1
    area._history_user = by
    area.save(update_fields=["text", "criteria", "version"])
    if responsible_bodies is not None:
        area.responsible_bodies.set(_check_bodies(area.inspection, responsible_bodies))
    return area


@transaction.atomic
def remove_area_for_action(*, area: AreaForAction, by) -> None:
    """Remove an area, unless it is the last area for priority action of an outcome 3 decision."""
    _refuse_after_publication(area.inspection)
    decision = OutcomeDecision.objects.select_for_update().filter(inspection_id=area.inspection_id).first()
    if area.kind == AreaForAction.PRIORITY and decision and decision.definition.requires_priority_actions:
        remaining = AreaForAction.objects.filter(inspection_id=area.inspection_id, kind=AreaForAction.PRIORITY).count()
        if remaining <= 1:
            raise ValidationError(f"Outcome {decision.outcome} needs at least one area for priority action")
    area._history_user = by
    area.delete()


@transaction.atomic
def decide_outcome(
    *,
    inspection,
    outcome: int,
    rationale: str,
    by,
    today: date | None = None,
    loaded_version: int | None = None,
) -> OutcomeDecision:
    """Record (or change, until publication) the lead inspector's outcome decision.

    A save from a form older than the stored decision, with a different rationale, raises
    `EditConflict` (the outcome chosen is carried through the conflict page).
    """
    if inspection.kind == "monitoring":
        raise ValidationError(
            "A monitoring inspection ends with a conclusion on its areas for priority action, not an outcome"
        )
    if outcome not in OUTCOMES_BY_NUMBER:
        raise ValidationError("Select an outcome")
    rationale = (rationale or "").strip()
    if not rationale:
        raise ValidationError("Enter the reasons for the outcome")
    if not on_site_has_begun(inspection, today=today):
        raise ValidationError("The outcome can be decided once on-site work has begun")
    if not rules.may_decide_outcome(by, inspection):
        raise ValidationError("Only the lead inspector can decide the outcome")
    _lock_inspection(inspection)
    existing = OutcomeDecision.objects.select_for_update().filter(inspection=inspection).first()
    if existing and existing.is_published:
        raise ValidationError("The report has been published: the outcome can no longer change")
    refuse_if_changed(
        loaded=loaded_version,
        current=existing.version if existing else 0,
        what="The outcome decision",
        labels={"rationale": "Why this outcome?"},
        yours={"rationale": rationale},
        theirs={"rationale": existing.rationale if existing else ""},
        saved_by=existing.decided_by.display_name if existing else "",
        saved_at=existing.decided_at if existing else None,
    )
    priority_count = AreaForAction.objects.filter(inspection=inspection, kind=AreaForAction.PRIORITY).count()
    problem = priority_actions_problem(outcome, priority_count)
    if problem:
        raise ValidationError(problem)
    if existing is None:
        existing = OutcomeDecision(inspection=inspection)
    existing.outcome = outcome
    existing.rationale = rationale
    existing.decided_by = by
    existing.decided_at = timezone.now()
    existing.version += 1
    existing._history_user = by
    existing.save()
    return existing


@transaction.atomic
def record_publication(*, inspection, published_on: date) -> None:
    """Fix the follow-up dates: called when the report is published. Running it twice is harmless."""
    decision = OutcomeDecision.objects.select_for_update().filter(inspection=inspection).first()
    if decision is None:
        raise ValidationError("The outcome has not been decided, so the report cannot be published")
    if decision.published_on == published_on:
        return
    decision.published_on = published_on
    decision.save(update_fields=["published_on"])
