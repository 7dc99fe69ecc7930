"""The information request as data: the documents a partnership is asked for.

Adding, renaming or re-timing an item is a change to this module only; views, services and
templates read the list from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

#: The kind used for free-titled documents; a partnership may add several of them.
OTHER = "other"
#: The kind whose upload and import belong to the case list pages of the tracking work.
CASE_LIST = "case-list"
SELF_EVALUATION = "self-evaluation"


@dataclass(frozen=True)
class ItemKind:
    key: str  # also the URL slug
    title: str
    hint: str
    due_milestone: str  # key of a milestone in inspections.framework.MILESTONES
    handled_elsewhere: bool = False  # True when another part of the service takes the upload
    repeatable: bool = False  # True when the partnership may add several, each with its own title


ITEM_KINDS: tuple[ItemKind, ...] = (
    ItemKind(
        SELF_EVALUATION,
        "Self-evaluation",
        "Your partnership's own evaluation of its arrangements, against the 11 criteria.",
        "self_evaluation_due",
    ),
    ItemKind(
        "send-strategy",
        "SEND strategy and action plans",
        "The current joint SEND strategy and the action plans that deliver it.",
        "self_evaluation_due",
    ),
    ItemKind(
        CASE_LIST,
        "Person-level data (case list)",
        "The list of children and young people with SEND, uploaded and checked on the case list pages.",
        "case_list_due",
        handled_elsewhere=True,
    ),
    ItemKind(
        "health-commissioning",
        "Health commissioning template",
        "The integrated care board's completed health commissioning template.",
        "self_evaluation_due",
    ),
    ItemKind(
        "alternative-provision",
        "Alternative provision commissioning and oversight",
        "How the local authority commissions, quality-assures and oversees alternative provision.",
        "self_evaluation_due",
    ),
    ItemKind(
        "residential-special-schools",
        "Residential special school commissioning and provision",
        "Placements in residential special schools and how they are commissioned and reviewed.",
        "self_evaluation_due",
    ),
    ItemKind(
        "joint-commissioning",
        "Joint commissioning arrangements",
        "Agreements between education, health and care on what is commissioned together.",
        "self_evaluation_due",
    ),
    ItemKind(
        "performance-data",
        "SEND data dashboard or performance information",
        "The dashboard or reports leaders use to track performance.",
        "self_evaluation_due",
    ),
    ItemKind(
        "board-minutes",
        "Minutes of the partnership board for the last 12 months",
        "Minutes of the SEND partnership board meetings held in the last 12 months.",
        "self_evaluation_due",
    ),
    ItemKind(
        OTHER,
        "Any other document",
        "Anything else you want inspectors to read. Give each document its own title.",
        "self_evaluation_due",
        repeatable=True,
    ),
)

#: The current priority action plan, asked for by a monitoring inspection.
PRIORITY_ACTION_PLAN = "priority-action-plan"

#: A monitoring inspection's information request: the current plan, the case list its EHC plans are
#: sampled from, and the progress evidence against each area for priority action (one titled item
#: per area, made when the monitoring inspection is announced, listed like "any other document").
MONITORING_ITEM_KINDS: tuple[ItemKind, ...] = (
    ItemKind(
        PRIORITY_ACTION_PLAN,
        "Current priority action plan (area SEND)",
        "The plan as it stands now, with progress recorded against each action.",
        "progress_evidence_due",
    ),
    ItemKind(
        CASE_LIST,
        "Person-level data (case list)",
        "The list of children and young people with SEND, from which EHC plans are sampled at random.",
        "case_list_due",
        handled_elsewhere=True,
    ),
    ItemKind(
        OTHER,
        "Progress evidence and any other document",
        "Evidence of progress against each area for priority action, and anything else you want inspectors to read.",
        "progress_evidence_due",
        repeatable=True,
    ),
)

ITEM_KINDS_BY_KEY: dict[str, ItemKind] = {k.key: k for k in ITEM_KINDS} | {
    k.key: k for k in MONITORING_ITEM_KINDS if k.key == PRIORITY_ACTION_PLAN
}
ITEM_KIND_CHOICES: list[tuple[str, str]] = [(k.key, k.title) for k in ITEM_KINDS_BY_KEY.values()]


def item_kinds_for(inspection_kind: str) -> tuple[ItemKind, ...]:
    """The items a full or a monitoring inspection's information request lists, in order."""
    return MONITORING_ITEM_KINDS if inspection_kind == "monitoring" else ITEM_KINDS


def item_kind(key: str) -> ItemKind:
    """Look up an item kind by its key; raises KeyError for an unknown key."""
    return ITEM_KINDS_BY_KEY[key]


# --- Review statuses ---------------------------------------------------------------------------

NOT_STARTED = "not_started"
UPLOADED = "uploaded"
ACCEPTED = "accepted"
CHANGES_REQUESTED = "changes_requested"

STATUS_CHOICES: list[tuple[str, str]] = [
    (NOT_STARTED, "Not started"),
    (UPLOADED, "Uploaded"),
    (ACCEPTED, "Accepted"),
    (CHANGES_REQUESTED, "Changes requested"),
]
STATUS_LABELS: dict[str, str] = dict(STATUS_CHOICES)

#: GOV.UK tag colour class for each status (None: plain text, as the task list pattern uses for done).
STATUS_TAG_CLASSES: dict[str, str] = {
    NOT_STARTED: "govuk-tag--blue",
    UPLOADED: "govuk-tag--light-blue",
    ACCEPTED: "govuk-tag--green",
    CHANGES_REQUESTED: "govuk-tag--orange",
}


def is_late(status: str, due_on: date | None, *, today: date) -> bool:
    """An item is late when nothing was sent by its due date; once sent it is with the team, never late."""
    return status == NOT_STARTED and due_on is not None and due_on < today
