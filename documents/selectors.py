"""Reads for the information request pages and for other parts of the service.

`self_evaluation_summary` and `uploaded_files` are used by the evaluation pages; keep their names
and return shapes stable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet
from django.urls import reverse

from inspections.framework import CRITERIA
from tracking import selectors as tracking_selectors

from . import catalogue
from .models import ActivityEntry, RequestItem, SelfEvaluationEntry, UploadedFile

if TYPE_CHECKING:
    from inspections.models import Inspection


@dataclass
class TaskRow:
    """One row of the task list, ready to display."""

    key: str
    title: str
    hint: str
    url: str | None
    status: str
    due_on: date | None
    is_late: bool
    comment: str = ""
    file_count: int = 0
    item: RequestItem | None = None
    handled_elsewhere: bool = False

    @property
    def status_label(self) -> str:
        return "Overdue" if self.is_late else catalogue.STATUS_LABELS[self.status]

    @property
    def tag_class(self) -> str:
        return "govuk-tag--red" if self.is_late else catalogue.STATUS_TAG_CLASSES[self.status]


@dataclass
class TaskList:
    rows: list[TaskRow] = field(default_factory=list)
    add_other_url: str = ""

    @property
    def late_rows(self) -> list[TaskRow]:
        return [r for r in self.rows if r.is_late]

    @property
    def changes_requested_rows(self) -> list[TaskRow]:
        return [r for r in self.rows if r.status == catalogue.CHANGES_REQUESTED]

    @property
    def done_count(self) -> int:
        return sum(1 for r in self.rows if r.status in {catalogue.UPLOADED, catalogue.ACCEPTED})


def due_dates(inspection: Inspection) -> dict[str, date]:
    """End date of each milestone by key (a deadline is due by the end of that day)."""
    return {m.key: m.ends_on for m in inspection.milestones.all()}


def item_url(inspection: Inspection, item: RequestItem | None, kind: str) -> str:
    if kind == catalogue.OTHER and item is not None:
        return reverse("documents:other_item", kwargs={"inspection_pk": inspection.pk, "item_pk": item.pk})
    return reverse("documents:item", kwargs={"inspection_pk": inspection.pk, "kind": kind})


def review_url(inspection: Inspection, item: RequestItem) -> str:
    if item.kind == catalogue.OTHER:
        return reverse("documents:review_other", kwargs={"inspection_pk": inspection.pk, "item_pk": item.pk})
    return reverse("documents:review", kwargs={"inspection_pk": inspection.pk, "kind": item.kind})


def case_list_url(inspection: Inspection) -> str:
    """The case list pages, where the person-level data is uploaded and checked."""
    return reverse("tracking:case_list", kwargs={"inspection_pk": inspection.pk})


def case_list_status(inspection: Inspection) -> str:
    """The case list's status as the tracking pages report it: uploaded once a case list is stored."""
    value = tracking_selectors.case_list_status(inspection)
    return catalogue.UPLOADED if value == "uploaded" else catalogue.NOT_STARTED


def task_list(inspection: Inspection, *, today: date) -> TaskList:
    """Every information request item with its status, due date and whether it is late."""
    dues = due_dates(inspection)
    items = list(
        RequestItem.objects.filter(inspection=inspection).select_related("reviewed_by").order_by("created_at", "pk")
    )
    by_kind = {i.kind: i for i in items if i.kind != catalogue.OTHER}
    others = [i for i in items if i.kind == catalogue.OTHER]
    current_counts = {item_id: n for item_id, _version, n in _latest_counts(inspection)}
    result = TaskList(add_other_url=reverse("documents:new_other", kwargs={"inspection_pk": inspection.pk}))

    def make_row(kind: catalogue.ItemKind, item: RequestItem | None) -> TaskRow:
        due_on = dues.get(kind.due_milestone)
        status = item.status if item else catalogue.NOT_STARTED
        return TaskRow(
            key=kind.key if item is None or kind.key != catalogue.OTHER else f"other-{item.pk}",
            title=item.display_title if item else kind.title,
            hint=kind.hint,
            url=item_url(inspection, item, kind.key),
            status=status,
            due_on=due_on,
            is_late=catalogue.is_late(status, due_on, today=today),
            comment=item.review_comment if item and status == catalogue.CHANGES_REQUESTED else "",
            file_count=current_counts.get(item.pk, 0) if item else 0,
            item=item,
        )

    for kind in catalogue.item_kinds_for(inspection.kind):
        if kind.handled_elsewhere:
            status = case_list_status(inspection)
            due_on = dues.get(kind.due_milestone)
            result.rows.append(
                TaskRow(
                    key=kind.key,
                    title=kind.title,
                    hint=kind.hint,
                    url=case_list_url(inspection),
                    status=status,
                    due_on=due_on,
                    is_late=catalogue.is_late(status, due_on, today=today),
                    handled_elsewhere=True,
                )
            )
        elif kind.repeatable:
            result.rows.extend(make_row(kind, item) for item in others)
        else:
            result.rows.append(make_row(kind, by_kind.get(kind.key)))
    return result


def _latest_counts(inspection: Inspection) -> list[tuple[int, int, int]]:
    """(item id, latest version, number of files in it) for each item with files."""
    rows = (
        UploadedFile.objects.filter(item__inspection=inspection)
        .values("item_id", "version")
        .annotate(n=Count("pk"))
        .order_by("item_id", "-version")
    )
    latest: dict[int, tuple[int, int, int]] = {}
    for row in rows:
        latest.setdefault(row["item_id"], (row["item_id"], row["version"], row["n"]))
    return list(latest.values())


@dataclass
class Version:
    number: int
    files: list[UploadedFile]

    @property
    def uploaded_at(self):
        return self.files[0].uploaded_at

    @property
    def uploaded_by(self):
        return self.files[0].uploaded_by


def versions_of(item: RequestItem | None) -> list[Version]:
    """The item's uploads grouped by version, newest first."""
    if item is None or item.pk is None:
        return []
    versions: dict[int, Version] = {}
    for row in item.files.select_related("uploaded_by").order_by("-version", "original_name"):
        versions.setdefault(row.version, Version(row.version, [])).files.append(row)
    return list(versions.values())


def uploaded_files(inspection: Inspection) -> QuerySet[UploadedFile]:
    """Every stored file of the inspection, latest versions first; `row.item.display_title` names its item."""
    return (
        UploadedFile.objects.filter(item__inspection=inspection)
        .select_related("item", "uploaded_by")
        .order_by("-uploaded_at", "-version", "original_name", "pk")
    )


def self_evaluation_summary(inspection: Inspection) -> dict[int, SelfEvaluationEntry]:
    """The partnership's summary by criterion number (1-11); criteria not yet written are absent."""
    return {
        e.criterion: e for e in SelfEvaluationEntry.objects.filter(inspection=inspection).select_related("updated_by")
    }


def first_unfinished_criterion(entries: dict[int, SelfEvaluationEntry]) -> int | None:
    """Where the partnership should carry on: the first criterion not fully answered (None when all are)."""
    for c in CRITERIA:
        entry = entries.get(c.number)
        if entry is None or not entry.is_complete:
            return c.number
    return None


def activity_log(inspection: Inspection) -> QuerySet[ActivityEntry]:
    """Who did what and when, newest first."""
    return ActivityEntry.objects.filter(inspection=inspection).select_related("actor", "item")
