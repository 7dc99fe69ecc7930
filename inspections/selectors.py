"""Reads for inspections: each page costs a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import CharField, Count, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Concat, NullIf, Trim
from django.urls import reverse

from . import framework
from .dates import DateWords
from .models import Inspection, Milestone, TeamMember


def inspections_for_dashboard(user) -> QuerySet[Inspection]:
    """The inspections a user may see, with partnership, team and milestones loaded up front
    (the local area lead's dashboard shows its partnership's timeline).

    No DISTINCT is needed: a user is on a team once and belongs to one partnership.
    """
    milestones = Milestone.objects.order_by("order").only(
        "id",
        "inspection_id",
        "key",
        "name",
        "starts_on",
        "ends_on",
        "start_wd",
        "end_wd",
        "deadline",
        "responsible",
        "order",
        "completed_on",
    )
    return (
        Inspection.objects.visible_to(user)
        .select_related("partnership")
        .prefetch_related(
            Prefetch("team", queryset=TeamMember.objects.select_related("user")),
            Prefetch("milestones", queryset=milestones),
        )
    )


def inspection_list(user, today: date) -> QuerySet:
    """The inspectors' list before paging: the inspections a user may see, newest first, each row
    with what `dashboard_rows` shows (on-site dates, lead inspector, next milestone).

    They are subqueries of the page's own query, so a page costs one query whatever its size:
    PostgreSQL works them out only for the rows of the page, after sorting. The next milestone is
    `next_milestone`'s rule in SQL: not done, not past, first by end date and order.
    """
    milestones = Milestone.objects.filter(inspection=OuterRef("pk"))
    on_site = milestones.filter(key="on_site").order_by()  # one per inspection
    upcoming = milestones.filter(completed_on__isnull=True, ends_on__gte=today).order_by("ends_on", "order")
    lead = (
        TeamMember.objects.filter(inspection=OuterRef("pk"), is_lead=True)
        .order_by()
        .annotate(
            # The user's display_name: the full name, or the e-mail address when there is none.
            shown=Coalesce(
                NullIf(Trim(Concat("user__first_name", Value(" "), "user__last_name")), Value("")),
                "user__email",
                output_field=CharField(),
            )
        )
    )
    return (
        Inspection.objects.visible_to(user)
        .annotate(
            on_site_starts=Subquery(on_site.values("starts_on")[:1]),
            on_site_ends=Subquery(on_site.values("ends_on")[:1]),
            lead_name=Subquery(lead.values("shown")[:1]),
            next_name=Subquery(upcoming.values("name")[:1]),
            next_ends=Subquery(upcoming.values("ends_on")[:1]),
        )
        .values_list(
            "pk",
            "notified_on",
            "partnership__name",
            "on_site_starts",
            "on_site_ends",
            "lead_name",
            "next_name",
            "next_ends",
        )
    )


@dataclass(frozen=True)
class DashboardRow:
    """One inspection in the inspectors' list, its cells worked out up front as text."""

    partnership: str
    url: str
    notified: str
    on_site: str
    lead: str
    next: str


def dashboard_rows(page: list[tuple]) -> list[DashboardRow]:
    """The rows of one page of `inspection_list` as text, every date formatted once here: the
    template only prints (docs/adr/0124)."""
    words = DateWords()
    prefix = reverse("inspections:detail", args=[0]).removesuffix("0/")  # reversed once, not once a row
    return [
        DashboardRow(
            partnership=partnership,
            url=f"{prefix}{pk}/",
            notified=words.short(notified_on),
            on_site=f"{words.day_month(starts)} to {words.short(ends)}" if starts else "",
            lead=lead or "–",
            # Not done, so the name reads as stored ("Report published (planned)"): see Milestone.display_name.
            next=f"{next_name} ({words.short(next_ends)})" if next_name else "All milestones done",
        )
        for pk, notified_on, partnership, starts, ends, lead, next_name, next_ends in page
    ]


def timeline_for(inspection: Inspection) -> list[Milestone]:
    return list(inspection.milestones.order_by("order"))


@dataclass(frozen=True)
class TimelineRow:
    milestone: Milestone
    state: str


def timeline_rows(milestones: list[Milestone], today: date) -> list[TimelineRow]:
    return [TimelineRow(m, m.state_on(today)) for m in milestones]


def next_milestone(
    milestones: list[Milestone], today: date, *, responsible: set[str] | None = None
) -> Milestone | None:
    """The first milestone not yet done (optionally only those for the given audiences)."""
    for m in sorted(milestones, key=lambda m: (m.ends_on, m.order)):
        if m.completed_on is None and m.ends_on >= today and (responsible is None or m.responsible in responsible):
            return m
    return None


@dataclass(frozen=True)
class DueItem:
    """One thing the partnership's leads must do, from the timeline or from another stage of the inspection."""

    name: str
    ends_on: date
    deadline: bool
    when: str


#: Apps that add what the leads owe at their stage (a callable ``(inspection, today) -> list[DueItem]``),
#: named by path so this app depends on none of them.
# Apps above this one add what else the leads owe (the report's comment deadline, the priority
# action plan) when they are ready: see their AppConfig.ready(). Registering keeps the imports one way.
_due_from_local_area: list[Callable[[Inspection, date], list[DueItem]]] = []


def register_due_from_local_area(source: Callable[[Inspection, date], list[DueItem]]) -> None:
    """Add a source of the leads' due items; registering the same source twice adds it once."""
    if source not in _due_from_local_area:
        _due_from_local_area.append(source)


def due_next(inspection: Inspection, milestones: list[Milestone], today: date) -> list[DueItem]:
    """What the leads must do next: every action of theirs that falls due on the next due date.

    Milestones the inspectors carry out (notification, information request) are not the leads' to do.
    """
    items = [
        DueItem(m.name, m.ends_on, m.deadline, m.working_days_label)
        for m in sorted(milestones, key=lambda m: m.order)
        if m.key in framework.LOCAL_AREA_ACTIONS and m.completed_on is None
    ]
    for source in _due_from_local_area:
        items.extend(source(inspection, today))
    items = [item for item in items if item.ends_on >= today]
    if not items:
        return []
    first = min(item.ends_on for item in items)
    return [item for item in items if item.ends_on == first]


def current_inspection_for_partnership(inspections: list[Inspection], today: date) -> Inspection | None:
    """The inspection a local area lead is working on: the latest one already notified."""
    started = [i for i in inspections if i.notified_on <= today]
    pool = started or inspections
    return max(pool, key=lambda i: i.notified_on) if pool else None


def milestone_change_counts(inspection: Inspection) -> dict[int, int]:
    """How many times each milestone has changed since the inspection was announced (its calendar SEQUENCE)."""
    rows = (
        Milestone.history.filter(inspection_id=inspection.pk, history_type="~")
        .values("id")
        .annotate(changes=Count("history_id"))
    )
    return {row["id"]: row["changes"] for row in rows}


def milestone_history(inspection: Inspection) -> list:
    """Every recorded move of the inspection's milestones, newest first."""
    return list(
        Milestone.history.filter(inspection_id=inspection.pk, history_type="~")
        .select_related("history_user")
        .order_by("-history_date")
    )


@dataclass(frozen=True)
class HistoryEntry:
    """One earlier inspection of a partnership, whether kept by this service or loaded as history."""

    framework: str
    kind: str
    starts_on: date
    ends_on: date
    summary: str
    revisit: str = ""
    inspection_id: int | None = None
    is_full: bool = True


def inspection_history(partnership, *, before: date | None = None) -> list[HistoryEntry]:
    """The partnership's inspections, newest first: loaded history and this service's own, under both frameworks."""
    from .models import PreviousInspection

    entries = []
    for p in PreviousInspection.objects.filter(partnership=partnership):
        revisit = ""
        if p.revisit_starts_on:
            revisit = f"Revisit {p.revisit_starts_on:%-d %B %Y} to {p.revisit_ends_on:%-d %B %Y}"
            if p.revisit_finding:
                revisit += f": {p.revisit_finding}"
        entries.append(
            HistoryEntry(
                p.get_framework_display(),
                p.get_kind_display(),
                p.starts_on,
                p.ends_on,
                p.summary,
                revisit,
                is_full=p.kind == PreviousInspection.Kind.FULL,
            )
        )
    for i in partnership.inspections.prefetch_related("milestones"):
        on_site = i.milestone_dates("on_site")
        if on_site:
            entries.append(
                HistoryEntry("Area SEND inspection (from 2023)", i.get_kind_display(), *on_site, "", inspection_id=i.pk)
            )
    if before is not None:
        entries = [e for e in entries if e.starts_on < before]
    return sorted(entries, key=lambda e: e.starts_on, reverse=True)


def previous_full_inspection(inspection: Inspection) -> tuple[date, date] | None:
    """The first and last day of the latest full inspection before this one, under either framework."""
    from .history import latest_before

    before = inspection.notified_on
    periods = [
        (e.starts_on, e.ends_on)
        for e in inspection_history(inspection.partnership)
        if e.is_full and e.inspection_id != inspection.pk
    ]
    return latest_before(periods, before)
