"""What the report says, as plain data: the pieces the lead inspector does not type.

No database here: the selector gathers the rows, these functions turn them into sentences, so
the wording of "what happens next" is checked directly against the framework's numbers.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date

from inspections.framework import OUTCOMES_BY_NUMBER, OutcomeDefinition


@dataclass(frozen=True)
class Person:
    name: str
    role: str


@dataclass(frozen=True)
class ReportDocument:
    """Everything the report template needs; the same object feeds the preview and the PDF."""

    title: str
    author: str
    partnership_name: str
    inspection_dates: str
    on_site_dates: str
    previous_inspection: str
    stage_label: str
    version: int
    draft: bool
    published_on: date | None
    generated_on: date
    outcome_number: int | None
    outcome_short_name: str
    outcome_statement: str
    partnership_information: str
    child_experience: str
    effective: str
    better: str
    priority_actions: tuple[str, ...]
    improvements: tuple[str, ...]
    next_steps: tuple[str, ...]
    leaders: tuple[Person, ...] = field(default_factory=tuple)
    team: tuple[Person, ...] = field(default_factory=tuple)

    def sections(self) -> list[tuple[str, str]]:
        """Every piece of report text with the heading a reader would find it under."""
        items = [
            ("Information about the local area partnership", self.partnership_information),
            ("What is it like to be a child or young person with SEND in this area?", self.child_experience),
            ("What is the area partnership doing that is effective?", self.effective),
            ("What does the area partnership need to do better?", self.better),
        ]
        items += [(f"Areas for priority action, item {i}", t) for i, t in enumerate(self.priority_actions, 1)]
        items += [(f"Areas for improvement, item {i}", t) for i, t in enumerate(self.improvements, 1)]
        return items

    def evaluation_fingerprint(self) -> str:
        """A checksum of what the report takes from the evaluation, stored with each PDF."""
        data = {
            "outcome": self.outcome_number,
            "priority": list(self.priority_actions),
            "improvement": list(self.improvements),
            "next_steps": list(self.next_steps),
            "effective": self.effective,
            "better": self.better,
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()

    def as_dict(self) -> dict:
        return asdict(self)


def format_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def format_range(start: date, end: date) -> str:
    """'14 to 18 December 2026', '30 December 2026 to 6 January 2027'."""
    if start == end:
        return format_date(start)
    if start.year != end.year:
        return f"{format_date(start)} to {format_date(end)}"
    if start.month != end.month:
        return f"{start.day} {start:%B} to {format_date(end)}"
    return f"{start.day} to {format_date(end)}"


def period(months: int) -> str:
    """'5 years', '3 years', '18 months', '6 months'."""
    if months % 12 == 0:
        years = months // 12
        return "1 year" if years == 1 else f"{years} years"
    return f"{months} months"


def next_steps(definition: OutcomeDefinition, *, consequences=None) -> tuple[str, ...]:
    """The 'what happens next' sentences for an outcome.

    With `consequences` from a real publication date the sentences carry the dates; before
    publication (or with provisional consequences) they give the periods only.
    """
    dated = consequences is not None and not getattr(consequences, "provisional", False)
    lines = []
    text = (
        f"The next full inspection of the local area partnership will take place within "
        f"{period(definition.next_full_inspection_months)} of the publication of this report"
    )
    lines.append(text + (f", by {format_date(consequences.next_full_inspection_due_by)}." if dated else "."))
    if definition.monitoring_inspection_months:
        text = (
            f"A monitoring inspection will take place within {period(definition.monitoring_inspection_months)} "
            f"of publication to review the areas for priority action"
        )
        lines.append(text + (f", by {format_date(consequences.monitoring_inspection_due_by)}." if dated else "."))
    if definition.priority_action_plan_wd:
        text = (
            f"The local area partnership must submit a priority action plan to Ofsted within "
            f"{definition.priority_action_plan_wd} working days of publication"
        )
        lines.append(text + (f", by {format_date(consequences.priority_action_plan_due)}." if dated else "."))
    interval = definition.engagement_meeting_interval_months
    if interval:
        every = "every year" if interval == 12 else f"every {period(interval)}"
        text = f"Ofsted and CQC will hold engagement meetings with the local area partnership {every}"
        if dated and consequences.engagement_meetings:
            text += f", the first by {format_date(consequences.engagement_meetings[0])}"
        lines.append(text + ".")
    return tuple(lines)


def outcome_definition(number: int | None) -> OutcomeDefinition | None:
    return OUTCOMES_BY_NUMBER.get(number) if number else None


def document_from_dict(data: dict) -> ReportDocument:
    """Rebuild a document saved with a PDF row (dates come back from ISO strings)."""
    data = dict(data)
    for key in ("published_on", "generated_on"):
        if isinstance(data.get(key), str):
            data[key] = date.fromisoformat(data[key])
    data["leaders"] = tuple(Person(**p) for p in data.get("leaders", ()))
    data["team"] = tuple(Person(**p) for p in data.get("team", ()))
    for key in ("priority_actions", "improvements", "next_steps"):
        data[key] = tuple(data.get(key, ()))
    return ReportDocument(**data)


def document_to_dict(document: ReportDocument) -> dict:
    """A JSON-safe copy of the document, frozen with the PDF row it will be rendered into."""
    data = document.as_dict()
    for key in ("published_on", "generated_on"):
        if data.get(key) is not None:
            data[key] = data[key].isoformat()
    return data
