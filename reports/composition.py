"""What the report says, as plain data: the pieces the lead inspector does not type.

No database here: the selector gathers the rows, these functions turn them into sentences, so
the wording of "what happens next" is checked directly against the framework's numbers.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date

from inspections.framework import OUTCOMES_BY_NUMBER, REPORT_STATUTORY_BASIS, OutcomeDefinition


@dataclass(frozen=True)
class Person:
    name: str
    role: str


@dataclass(frozen=True)
class Body:
    """A body in "Local area partnership details": the local authority or one ICB."""

    name: str
    leader_title: str
    leader_name: str
    website: str
    address: str


@dataclass(frozen=True)
class Area:
    """One row of the areas for priority action or for improvement table."""

    responsible: str
    text: str


@dataclass(frozen=True)
class AreaFindingRow:
    """One area for priority action in a monitoring letter, with the lead inspector's finding on it."""

    responsible: str
    text: str
    finding: str


@dataclass(frozen=True)
class ReportDocument:
    """Everything the report template needs; the same object feeds the preview and the PDF.

    It follows published reports: no outcome number, no follow-up dates, no plan deadline and no
    engagement meetings (the service keeps those, the report does not print them).
    """

    title: str
    author: str
    partnership_name: str
    inspection_dates: str  # the on-site week
    previous_inspection: str
    stage_label: str
    version: int
    draft: bool
    published_on: date | None
    generated_on: date
    outcome_number: int | None  # kept with the PDF row, never printed
    outcome_statement: str
    standard_sentences: tuple[str, ...]
    partnership_information: str
    child_experience: str
    effective: str
    better: str
    priority_actions: tuple[Area, ...]
    improvements: tuple[Area, ...]
    local_authority: Body | None = None
    icbs: tuple[Body, ...] = field(default_factory=tuple)
    team_sentence: str = ""
    ofsted_team: tuple[Person, ...] = field(default_factory=tuple)
    cqc_team: tuple[Person, ...] = field(default_factory=tuple)
    statutory_basis: str = REPORT_STATUTORY_BASIS
    #: "full" for a report; "monitoring" for the letter of a monitoring inspection.
    kind: str = "full"
    #: A monitoring letter's areas for priority action, each with its finding.
    area_findings: tuple[AreaFindingRow, ...] = field(default_factory=tuple)
    #: A monitoring letter's conclusion ("effective" or "ineffective"), kept with the PDF row.
    conclusion: str = ""

    @property
    def is_letter(self) -> bool:
        return self.kind == "monitoring"

    @property
    def body_template(self) -> str:
        """The template the preview and the PDF include: the report's, or the monitoring letter's."""
        return "reports/_letter_body.html" if self.is_letter else "reports/_document_body.html"

    def sections(self) -> list[tuple[str, str]]:
        """Every piece of report text with the heading a reader would find it under."""
        if self.is_letter:
            return [(f"Area for priority action {i}, finding", a.finding) for i, a in enumerate(self.area_findings, 1)]
        items = [
            ("Information about the local area partnership", self.partnership_information),
            (CHILD_EXPERIENCE_HEADING, self.child_experience),
            ("What is the area partnership doing that is effective?", self.effective),
            ("What does the area partnership need to do better?", self.better),
        ]
        items += [(f"Areas for priority action, item {i}", a.text) for i, a in enumerate(self.priority_actions, 1)]
        items += [(f"Areas for improvement, item {i}", a.text) for i, a in enumerate(self.improvements, 1)]
        return items

    def evaluation_fingerprint(self) -> str:
        """A checksum of what the report takes from the evaluation, stored with each PDF."""
        data = {
            "outcome": self.outcome_number,
            "priority": [asdict(a) for a in self.priority_actions],
            "improvement": [asdict(a) for a in self.improvements],
            "sentences": list(self.standard_sentences),
            "effective": self.effective,
            "better": self.better,
        }
        if self.is_letter:
            data["findings"] = [asdict(a) for a in self.area_findings]
            data["conclusion"] = self.conclusion
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()

    def as_dict(self) -> dict:
        return asdict(self)


#: The heading published reports use for the child's experience.
CHILD_EXPERIENCE_HEADING = (
    "What is it like to be a child or young person with special educational needs and/or disabilities "
    "(SEND) in this area?"
)


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


def join_names(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _count(n: int, one: str, many: str) -> str:
    words = {1: "an", 2: "two", 3: "three", 4: "four", 5: "five"}
    return f"{words.get(n, n)} {one if n == 1 else many}"


def team_sentence(*, ofsted_inspectors: int, ofsted_hmis: int, cqc_lead: bool, cqc_inspectors: int) -> str:
    """Who led the inspection and the team's make-up, as published reports say it."""
    parts = []
    if ofsted_hmis:
        parts.append(_count(ofsted_hmis, "HMI", "HMIs") + " from Ofsted")
    if ofsted_inspectors:
        parts.append(
            _count(ofsted_inspectors, "Ofsted Inspector", "Ofsted Inspectors") + " from education and social care"
        )
    if cqc_lead:
        parts.append("a lead Children's Services Inspector from CQC")
    if cqc_inspectors == 1:
        parts.append(f"{'another' if cqc_lead else 'a'} Children's Services Inspector from CQC")
    elif cqc_inspectors:
        other = "other " if cqc_lead else ""
        parts.append(_count(cqc_inspectors, "", f"{other}Children's Services Inspectors from CQC"))
    text = "The inspection was led by one of His Majesty's Inspectors (HMI) from Ofsted"
    if parts:
        text += ", with a team of inspectors including " + join_names(parts)
    return text + "."


def outcome_definition(number: int | None) -> OutcomeDefinition | None:
    return OUTCOMES_BY_NUMBER.get(number) if number else None


def document_from_dict(data: dict) -> ReportDocument:
    """Rebuild a document saved with a PDF row (dates come back from ISO strings)."""
    data = dict(data)
    for key in ("published_on", "generated_on"):
        if isinstance(data.get(key), str):
            data[key] = date.fromisoformat(data[key])
    for key in ("ofsted_team", "cqc_team"):
        data[key] = tuple(Person(**p) for p in data.get(key, ()))
    for key in ("priority_actions", "improvements"):
        data[key] = tuple(Area(**a) for a in data.get(key, ()))
    data["icbs"] = tuple(Body(**b) for b in data.get("icbs", ()))
    data["area_findings"] = tuple(AreaFindingRow(**a) for a in data.get("area_findings", ()))
    if data.get("local_authority"):
        data["local_authority"] = Body(**data["local_authority"])
    data["standard_sentences"] = tuple(data.get("standard_sentences", ()))
    return ReportDocument(**data)


def document_to_dict(document: ReportDocument) -> dict:
    """A JSON-safe copy of the document, frozen with the PDF row it will be rendered into."""
    data = document.as_dict()
    for key in ("published_on", "generated_on"):
        if data.get(key) is not None:
            data[key] = data[key].isoformat()
    return data
