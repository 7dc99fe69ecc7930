"""Reads for evidence, the matrix, summaries and the outcome, each a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.urls import reverse
from django.utils.formats import date_format

from documents.models import UploadedFile
from fieldwork.models import Activity
from inspections.framework import ALL_CRITERIA, CRITERIA_BY_NUMBER, Criterion
from inspections.selectors import DueItem
from surveys import selectors as survey_selectors
from surveys.models import Survey
from tracking.models import SampledCase, TrackedChild

from .models import (
    AreaForAction,
    CriterionSummary,
    Evidence,
    EvidenceCount,
    EvidenceDraft,
    Nature,
    OutcomeDecision,
    SourceKind,
)
from .outcomes import Consequences, consequences_for

#: Organisation whose inspectors bring the health view; a criterion without any of it is a gap.
HEALTH_ORGANISATION = "CQC"


def outcome_for(inspection) -> OutcomeDecision | None:
    """The outcome decision, or None while it has not been decided."""
    return OutcomeDecision.objects.select_related("decided_by").filter(inspection=inspection).first()


def areas_for_action(inspection, kind: str) -> list[AreaForAction]:
    """Areas for priority action ("priority") or for improvement ("improvement"), in order."""
    return list(
        AreaForAction.objects.filter(inspection=inspection, kind=kind)
        .prefetch_related("responsible_bodies")
        .order_by("order", "id")
    )


def criterion_summaries(inspection) -> dict[int, CriterionSummary]:
    """The team's summaries keyed by criterion number (12 is alternative provision)."""
    return {s.criterion: s for s in CriterionSummary.objects.filter(inspection=inspection)}


def provisional_publication_date(inspection) -> date | None:
    """The timeline's target publication date, used until the report is actually published."""
    from inspections.models import Milestone

    return (
        Milestone.objects.filter(inspection=inspection, key="report_published")
        .values_list("starts_on", flat=True)
        .first()
    )


def follow_ups_for(inspection, *, decision: OutcomeDecision | None = None) -> Consequences | None:
    """What follows the outcome; provisional (from the target date) until publication."""
    from inspections.working_days import bank_holidays

    decision = decision or outcome_for(inspection)
    if decision is None:
        return None
    if decision.published_on:
        return planned_consequences(decision.outcome, published_on=decision.published_on, holidays=bank_holidays())
    target = provisional_publication_date(inspection)
    if target is None:
        return None
    return planned_consequences(decision.outcome, published_on=target, holidays=bank_holidays()).as_provisional()


def planned_consequences(outcome: int, *, published_on, holidays) -> Consequences:
    """The follow-up dates with this service's planning defaults as configured in the settings."""
    from django.conf import settings

    return consequences_for(
        outcome,
        published_on=published_on,
        bank_holidays=holidays,
        plan_working_days=settings.PRIORITY_ACTION_PLAN_WORKING_DAYS,
        meeting_interval_months=settings.ENGAGEMENT_MEETING_INTERVAL_MONTHS.get(outcome),
    )


@dataclass
class PublishedFollowUp:
    inspection: object
    decision: OutcomeDecision
    consequences: Consequences


def published_follow_ups(*, partnership=None) -> list[PublishedFollowUp]:
    """Follow-ups of every published outcome (optionally one partnership's), latest first."""
    from inspections.working_days import bank_holidays

    holidays = bank_holidays()
    decisions = (
        OutcomeDecision.objects.filter(published_on__isnull=False)
        .select_related("inspection", "inspection__partnership")
        .order_by("-published_on")
    )
    if partnership is not None:
        decisions = decisions.filter(inspection__partnership=partnership)
    return [
        PublishedFollowUp(
            inspection=d.inspection,
            decision=d,
            consequences=planned_consequences(d.outcome, published_on=d.published_on, holidays=holidays),
        )
        for d in decisions
    ]


# --- Evidence ---------------------------------------------------------------------------------


def evidence_list(
    inspection,
    *,
    criterion: int | None = None,
    source_kind: str | None = None,
    nature: str | None = None,
    author_id: int | None = None,
    include_withdrawn: bool = False,
) -> list[Evidence]:
    """Evidence for the inspection, filtered as the matrix links ask; two queries whatever the size."""
    qs = Evidence.objects.filter(inspection=inspection).select_related("author", "withdrawn_by")
    if not include_withdrawn:
        qs = qs.current()
    if criterion:
        qs = qs.filter(criteria__criterion=criterion)
    if source_kind:
        qs = qs.filter(source_kind=source_kind)
    if nature:
        qs = qs.filter(nature=nature)
    if author_id:
        qs = qs.filter(author_id=author_id)
    return list(qs.order_by("-created_at", "-id"))


def drafts_for(inspection, author) -> list[EvidenceDraft]:
    """The author's unfinished drafts of new evidence, newest first."""
    return list(
        EvidenceDraft.objects.filter(inspection=inspection, author=author, evidence__isnull=True).order_by(
            "-updated_at"
        )
    )


@dataclass
class MatrixCell:
    criterion: int
    source_kind: str
    strengths: int = 0
    weaknesses: int = 0
    context: int = 0

    @property
    def total(self) -> int:
        return self.strengths + self.weaknesses + self.context

    @property
    def is_gap(self) -> bool:
        return self.total == 0


@dataclass
class MatrixRow:
    criterion: Criterion
    cells: list[MatrixCell]
    health_count: int = 0

    @property
    def total(self) -> int:
        return sum(c.total for c in self.cells)

    @property
    def missing_sources(self) -> list[str]:
        return [SourceKind(c.source_kind).label for c in self.cells if c.is_gap]


@dataclass
class Contribution:
    author_id: int
    name: str
    organisation: str
    strengths: int
    weaknesses: int
    context: int

    @property
    def total(self) -> int:
        return self.strengths + self.weaknesses + self.context


#: One cell of the matrix as the page prints it: the evidence list's address ("" for a gap) and the
#: "3 S", "1 W", "2 C" counts ("" where there are none).
ShownCell = tuple[str, str, str, str]
#: One criterion's line: its page's address, its name, its short name (for screen readers), its
#: total and its cells.
ShownRow = tuple[str, str, str, int, list[ShownCell]]


@dataclass
class EvidenceMatrix:
    rows: list[MatrixRow]
    source_kinds: list[tuple[str, str]]
    contributions: list[Contribution] = field(default_factory=list)
    total: int = 0
    shown: list[ShownRow] = field(default_factory=list)

    @property
    def gaps(self) -> list[str]:
        """Plain sentences for the team: what each criterion still lacks."""
        found = []
        for row in self.rows:
            label = row.criterion.title
            if row.total == 0:
                found.append(f"{label}: no evidence yet")
                continue
            if row.health_count == 0:
                found.append(f"{label}: nothing from health yet")
        return found


def _shown_rows(inspection, rows: list[MatrixRow]) -> list[ShownRow]:
    """The table's text and addresses, made once here: a template looking up each of the hundred or
    so cells' counts, names and addresses was most of the page's time."""
    list_url = reverse("evaluation:evidence_list", args=[inspection.pk])
    shown = []
    for row in rows:
        number = row.criterion.number
        cells = [
            (
                f"{list_url}?criterion={number}&source={c.source_kind}",
                f"{c.strengths} S" if c.strengths else "",
                f"{c.weaknesses} W" if c.weaknesses else "",
                f"{c.context} C" if c.context else "",
            )
            if not c.is_gap
            else ("", "", "", "")
            for c in row.cells
        ]
        href = reverse("evaluation:criterion", args=[inspection.pk, number])
        shown.append((href, row.criterion.numbered_name, row.criterion.short_name, row.total, cells))
    return shown


def evidence_matrix(inspection) -> EvidenceMatrix:
    """Criteria against source kinds with strength/weakness counts, plus each inspector's share.

    Two queries whatever the amount of evidence: the evidence counts, and the authors' names. The
    counts (`EvidenceCount`, kept by the services) give how many pieces share their criteria,
    source, nature and author, a hundred or so rows; both the matrix and each inspector's share are
    summed from those. Counting every piece on each view cost most of the page's time on a large
    inspection (ADR 0126).
    """
    groups = EvidenceCount.objects.filter(inspection=inspection, count__gt=0).values_list(
        "criteria", "source_kind", "nature", "author_id", "author_organisation", "count"
    )
    cells: dict[tuple[int, str], MatrixCell] = {}
    health: dict[int, int] = defaultdict(int)
    by_author: dict[tuple[int, str], list[int]] = {}
    for criteria, source_kind, nature, author_id, organisation, n in groups:
        natures = by_author.setdefault((author_id, organisation), [0, 0, 0])
        index = 0 if nature == Nature.STRENGTH else 1 if nature == Nature.WEAKNESS else 2
        natures[index] += n
        for number in map(int, criteria.split(",") if criteria else ()):
            key = (number, source_kind)
            cell = cells.get(key)
            if cell is None:
                cell = cells[key] = MatrixCell(*key)
            if index == 0:
                cell.strengths += n
            elif index == 1:
                cell.weaknesses += n
            else:
                cell.context += n
            if organisation == HEALTH_ORGANISATION:
                health[number] += n
    rows = [
        MatrixRow(
            criterion=c,
            cells=[cells.get((c.number, kind), MatrixCell(c.number, kind)) for kind in SourceKind.values],
            health_count=health[c.number],
        )
        for c in ALL_CRITERIA
    ]
    counted = defaultdict(list)
    for author_id, organisation in sorted(by_author):
        counted[author_id].append((organisation, by_author[author_id, organisation]))
    authors = (
        get_user_model()
        .objects.filter(pk__in=counted)
        .order_by("last_name", "first_name", "id")
        .values_list("id", "first_name", "last_name", "email")
    )
    contributions = [
        Contribution(
            author_id=author_id,
            name=f"{first_name} {last_name}".strip() or email,
            organisation=organisation,
            strengths=strengths,
            weaknesses=weaknesses,
            context=context,
        )
        for author_id, first_name, last_name, email in authors
        for organisation, (strengths, weaknesses, context) in counted[author_id]
    ]
    return EvidenceMatrix(
        rows=rows,
        source_kinds=list(SourceKind.choices),
        contributions=contributions,
        total=sum(c.total for c in contributions),
        shown=_shown_rows(inspection, rows),
    )


# --- Sources offered in the evidence form ------------------------------------------------------


@dataclass(frozen=True)
class SourceOption:
    value: str
    label: str
    group: str


def _clip(text: str, limit: int) -> str:
    """Shorten a label at a word boundary, marking the cut, so no word is cut in half."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,.;:") + "…"


def grouped_source_choices(options: list[SourceOption]) -> list[tuple]:
    """The source list as a grouped choice: the kind of source first, then the item within it."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for option in options:
        groups.setdefault(option.group, []).append((option.value, option.label))
    return list(groups.items())


def source_options(inspection) -> list[SourceOption]:
    """Objects the evidence can link to: tracked children, sampled cases, documents and survey results."""
    options: list[SourceOption] = []
    sources = (
        (TrackedChild, "selection__inspection", "Tracked children", lambda o: f"Tracked child {o.child_ref}"),
        (SampledCase, "sample__inspection", "Sampled cases", lambda o: f"Sampled case {o.child_ref}"),
        (UploadedFile, "item__inspection", "Documents", lambda o: f"Document: {o}"),
        (Activity, "inspection", "Fieldwork activities", lambda o: f"{o.kind_label}: {o.title} ({o.day:%-d %b})"),
    )
    for model, lookup, group, label_of in sources:
        ct = ContentType.objects.get_for_model(model)
        for obj in model.objects.filter(**{lookup: inspection})[:200]:
            options.append(SourceOption(f"ct:{ct.pk}:{obj.pk}", label_of(obj), group))
    seen: set[str] = set()
    for crit in ALL_CRITERIA:
        for result in survey_selectors.question_results_for_criterion(inspection, crit.number):
            value = f"survey-question:{result.survey_id}:{result.key}"
            if value not in seen:
                seen.add(value)
                options.append(
                    SourceOption(
                        value, f"Survey results ({result.audience_label}): {_clip(result.text, 80)}", "Survey results"
                    )
                )
    for answer in survey_selectors.tagged_free_text(inspection):
        options.append(
            SourceOption(
                f"survey-answer:{answer.answer_id}",
                f"Survey comment ({answer.audience_label}): {_clip(answer.text, 60)}",
                "Survey comments",
            )
        )
    return options


# --- Links from evidence to its source --------------------------------------------------------


@dataclass(frozen=True)
class SourcePage:
    """Where a linked object of another app is shown, and who may open that page.

    ``audiences`` repeats the ``allow`` of the view behind ``url_name``: a link is offered only to
    viewers that view lets in.
    """

    model: type[Model]
    inspection_lookup: str
    url_name: str
    pk_kwarg: str
    audiences: frozenset[str]


SOURCE_PAGES: tuple[SourcePage, ...] = (
    SourcePage(
        TrackedChild,
        "selection__inspection",
        "tracking:child",
        "pk",
        frozenset({"admin", "team", "local_area"}),
    ),
    SourcePage(SampledCase, "sample__inspection", "tracking:sampled_case", "pk", frozenset({"admin", "team"})),
    SourcePage(UploadedFile, "item__inspection", "documents:download", "file_pk", frozenset({"team", "local_area"})),
    SourcePage(Activity, "inspection", "fieldwork:activity", "pk", frozenset({"admin", "team"})),
)
#: Who may open the survey results pages (``surveys.views.results``).
SURVEY_RESULTS_AUDIENCES = frozenset({"team"})
SURVEY_QUESTION_PREFIX = "survey-question:"


def _int(value: str) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def source_links(inspection, evidence: list[Evidence], *, audiences: set[str]) -> dict[int, str]:
    """The page of each piece of evidence's linked source, keyed by evidence id.

    Only sources this viewer may open and that still belong to the inspection get a link. The
    stored content type and object id are enough to build the address: one query per kind of
    source that appears (to leave out sources that no longer exist), never one per piece.
    """
    links: dict[int, str] = {}
    linked = [e for e in evidence if e.source_object_id]
    if not linked:
        return links
    for page in SOURCE_PAGES:
        if not audiences & page.audiences:
            continue
        model = page.model
        content_type_id = ContentType.objects.get_for_model(model).pk
        rows = [(e, _int(e.source_object_id)) for e in linked if e.source_content_type_id == content_type_id]
        ids = {pk for _, pk in rows if pk is not None}
        if not ids:
            continue
        existing = set(
            model.objects.filter(pk__in=ids, **{page.inspection_lookup: inspection}).values_list("pk", flat=True)
        )
        for item, pk in rows:
            if pk in existing:
                links[item.pk] = reverse(page.url_name, kwargs={"inspection_pk": inspection.pk, page.pk_kwarg: pk})
    if audiences & SURVEY_RESULTS_AUDIENCES:
        links.update(_survey_question_links(inspection, linked))
    return links


def _survey_question_links(inspection, linked: list[Evidence]) -> dict[int, str]:
    """Survey question results, stored as "survey-question:<survey id>:<question key>"."""
    wanted: list[tuple[Evidence, int, str]] = []
    for item in linked:
        if item.source_content_type_id is None and item.source_object_id.startswith(SURVEY_QUESTION_PREFIX):
            survey_id, _, key = item.source_object_id[len(SURVEY_QUESTION_PREFIX) :].partition(":")
            if _int(survey_id) is not None and key:
                wanted.append((item, int(survey_id), key))
    if not wanted:
        return {}
    audience_of = dict(
        Survey.objects.filter(inspection=inspection, pk__in={s for _, s, _ in wanted}).values_list("pk", "audience")
    )
    links: dict[int, str] = {}
    for item, survey_id, key in wanted:
        audience = audience_of.get(survey_id)
        if audience is None:
            continue
        url = reverse("surveys:results", kwargs={"inspection_pk": inspection.pk, "audience": audience})
        links[item.pk] = f"{url}#q-{audience}-{key}"
    return links


def with_source_links(inspection, evidence: list[Evidence], *, audiences: set[str]) -> list[Evidence]:
    """The same evidence, each with ``source_url`` set ("" when there is no page to link to)."""
    links = source_links(inspection, evidence, audiences=audiences)
    for item in evidence:
        item.source_url = links.get(item.pk, "")
    return evidence


# --- History of the decision ------------------------------------------------------------------


@dataclass
class HistoryEntry:
    when: object
    who: object
    what: str
    changes: list[tuple[str, str, str]]


def _describe(model_label: str, fields: dict[str, str], records, *, shown=None) -> list[HistoryEntry]:
    """Turn simple-history rows (oldest first) into entries saying what was there before.

    ``shown`` maps a field to how its value reads to a person (criterion numbers as their names).
    """
    shown = shown or {}
    entries: list[HistoryEntry] = []
    previous: dict[int, object] = {}
    for record in records:
        before = previous.get(record.id)
        changes = []
        for name, label in fields.items():
            new = getattr(record, name)
            old = getattr(before, name) if before is not None else None
            if (record.history_type == "+" and new not in (None, "", [])) or (before is not None and old != new):
                show = shown.get(name, _show)
                changes.append((label, show(old) if before is not None else "", show(new)))
        verb = {"+": "added", "~": "changed", "-": "removed"}[record.history_type]
        if record.history_type != "~" or changes:
            entries.append(HistoryEntry(record.history_date, record.history_user, f"{model_label} {verb}", changes))
        previous[record.id] = record
    return entries


def _show(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return date_format(value, "j F Y")
    return str(value)


def _show_criteria(value) -> str:
    """Criterion numbers as the team knows them: "3. The right help at the right time; Alternative provision"."""
    if not value:
        return ""
    names = []
    for number in value:
        found = CRITERIA_BY_NUMBER.get(int(number))
        if found is None:
            names.append(str(number))
        elif found.number <= 11:
            names.append(f"{found.number}. {found.short_name}")
        else:
            names.append(found.short_name)
    return "; ".join(names)


def outcome_history(inspection) -> list[HistoryEntry]:
    """Who decided or changed what, and what it said before, newest first."""
    decision_rows = (
        OutcomeDecision.history.filter(inspection_id=inspection.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    area_rows = (
        AreaForAction.history.filter(inspection_id=inspection.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    entries = _describe(
        "Outcome decision",
        {"outcome": "Outcome", "rationale": "Rationale", "published_on": "Published on"},
        decision_rows,
    )
    for kind, label in AreaForAction.KIND_CHOICES:
        entries += _describe(
            label,
            {"text": "Text", "criteria": "Criteria"},
            [r for r in area_rows if r.kind == kind],
            shown={"criteria": _show_criteria},
        )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def due_from_local_area(inspection, today: date) -> list[DueItem]:
    """After publication, the partnership owes its priority action plan when the outcome asks for one."""
    decision = outcome_for(inspection)
    if decision is None or decision.published_on is None:
        return []
    follow_ups = follow_ups_for(inspection, decision=decision)
    if follow_ups is None or follow_ups.priority_action_plan_due is None:
        return []
    working_days = follow_ups.definition.priority_action_plan_wd
    return [
        DueItem(
            "Priority action plan",
            follow_ups.priority_action_plan_due,
            True,
            f"{working_days} working days after the report was published",
        )
    ]


def evidence_from_activity(activity) -> list[Evidence]:
    """Evidence recorded from a fieldwork activity (current, not withdrawn), for the activity's page."""
    return list(
        Evidence.objects.current()
        .filter(
            inspection_id=activity.inspection_id,
            source_content_type=ContentType.objects.get_for_model(activity),
            source_object_id=str(activity.pk),
        )
        .select_related("author")
    )
