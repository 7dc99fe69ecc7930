"""Reading a partnership's previous inspections from a CSV file, and which one a report names.

Pure: no database. The file is checked whole and every problem is reported with its row and
column, so the service can store all the rows or none (as the case list import does).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

#: The CSV's columns, in the order the README documents them. The first five are required.
COLUMNS: tuple[str, ...] = (
    "partnership",
    "framework",
    "kind",
    "start_date",
    "end_date",
    "written_statement_of_action",
    "revisit_start_date",
    "revisit_end_date",
    "revisit_finding",
    "outcome",
    "monitoring_finding",
)
REQUIRED: frozenset[str] = frozenset(COLUMNS[:5])
FRAMEWORKS = {"2016", "2023"}
KINDS = {"full", "monitoring"}
MONITORING_FINDINGS = {"effective", "ineffective"}
MAX_ROWS = 5_000
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


@dataclass(frozen=True)
class HistoryRow:
    row: int  # the line in the file, counting the header as line 1
    partnership: str
    framework: str
    kind: str
    starts_on: date
    ends_on: date
    written_statement_required: bool | None = None
    revisit_starts_on: date | None = None
    revisit_ends_on: date | None = None
    revisit_finding: str = ""
    outcome: int | None = None
    monitoring_finding: str = ""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    value: str
    message: str


@dataclass(frozen=True)
class HistoryParseResult:
    rows: tuple[HistoryRow, ...] = ()
    errors: tuple[RowError, ...] = ()
    file_errors: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_errors


def _date(text: str) -> date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _yes_no(text: str) -> bool | None:
    return {"yes": True, "y": True, "true": True, "no": False, "n": False, "false": False}.get(text.lower())


def parse_history_csv(data: bytes) -> HistoryParseResult:
    """Check every row of the file; return the rows, or every problem found."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return HistoryParseResult(file_errors=("The file is not UTF-8 text: save it as CSV UTF-8 and try again.",))
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower().replace(" ", "_") for h in next(reader, [])]
    missing = [c for c in COLUMNS if c in REQUIRED and c not in header]
    if missing:
        return HistoryParseResult(file_errors=(f"The file has no column {', '.join(missing)}.",))
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown:
        return HistoryParseResult(
            file_errors=(f"The file has columns this import does not know: {', '.join(unknown)}.",)
        )
    rows: list[HistoryRow] = []
    errors: list[RowError] = []
    seen: dict[tuple[str, str, date], int] = {}
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(rows) + len(errors) >= MAX_ROWS:
            return HistoryParseResult(file_errors=(f"The file has more than {MAX_ROWS} rows.",))
        values = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}
        row, row_errors = _check_row(line, values)
        if row is not None:
            key = (row.partnership.lower(), row.kind, row.starts_on)
            if key in seen:
                row_errors.append(
                    RowError(line, "start_date", values["start_date"], f"Repeats the inspection on row {seen[key]}")
                )
            seen.setdefault(key, line)
        if row_errors:
            errors.extend(row_errors)
        elif row is not None:
            rows.append(row)
    if not rows and not errors:
        return HistoryParseResult(file_errors=("The file has no inspections in it.",))
    return HistoryParseResult(rows=tuple(rows), errors=tuple(errors))


def _check_row(line: int, v: dict[str, str]) -> tuple[HistoryRow | None, list[RowError]]:
    errors: list[RowError] = []

    def err(column: str, message: str) -> None:
        errors.append(RowError(line, column, v.get(column, ""), message))

    if not v["partnership"]:
        err("partnership", "Enter the partnership's name")
    framework, kind = v["framework"], (v["kind"] or "full").lower()
    if framework not in FRAMEWORKS:
        err("framework", "Enter 2016 (local area SEND inspection, 2016 to 2022) or 2023 (this framework)")
    if kind not in KINDS:
        err("kind", "Enter full or monitoring")
    elif kind == "monitoring" and framework == "2016":
        err(
            "kind",
            "The 2016 framework had revisits, not monitoring inspections: put the revisit on its inspection's row",
        )
    dates = {}
    for column in ("start_date", "end_date", "revisit_start_date", "revisit_end_date"):
        text = v.get(column, "")
        dates[column] = _date(text) if text else None
        if text and dates[column] is None:
            err(column, "Enter a real date as YYYY-MM-DD or DD/MM/YYYY")
        elif not text and column in REQUIRED:
            err(column, "Enter the date")
    if dates["start_date"] and dates["end_date"] and dates["end_date"] < dates["start_date"]:
        err("end_date", "The last day is before the first day")
    wsoa = None
    if v.get("written_statement_of_action"):
        wsoa = _yes_no(v["written_statement_of_action"])
        if wsoa is None:
            err("written_statement_of_action", "Enter yes or no")
    revisit = any(v.get(c) for c in ("revisit_start_date", "revisit_end_date", "revisit_finding"))
    if framework == "2023" and (wsoa is not None or revisit):
        err("framework", "Written statements of action and revisits belong to the 2016 framework")
    if revisit and not (dates["revisit_start_date"] and dates["revisit_end_date"]):
        err("revisit_start_date", "Enter the revisit's first and last day")
    if dates["revisit_start_date"] and dates["end_date"] and dates["revisit_start_date"] <= dates["end_date"]:
        err("revisit_start_date", "The revisit must come after the inspection")
    rs, re_ = dates["revisit_start_date"], dates["revisit_end_date"]
    if rs and re_ and re_ < rs:
        err("revisit_end_date", "The revisit's last day is before its first day")
    outcome = None
    if v.get("outcome"):
        if v["outcome"] not in {"1", "2", "3"}:
            err("outcome", "Enter 1, 2 or 3")
        elif framework != "2023" or kind != "full":
            err("outcome", "Only full inspections under this framework have an outcome")
        else:
            outcome = int(v["outcome"])
    finding = (v.get("monitoring_finding") or "").lower()
    if finding:
        if finding not in MONITORING_FINDINGS:
            err("monitoring_finding", "Enter effective or ineffective")
        elif kind != "monitoring":
            err("monitoring_finding", "Only monitoring inspections have this finding")
    if errors:
        return None, errors
    return (
        HistoryRow(
            row=line,
            partnership=v["partnership"],
            framework=framework,
            kind=kind,
            starts_on=dates["start_date"],
            ends_on=dates["end_date"],
            written_statement_required=wsoa,
            revisit_starts_on=rs,
            revisit_ends_on=re_,
            revisit_finding=v.get("revisit_finding", ""),
            outcome=outcome,
            monitoring_finding=finding,
        ),
        [],
    )


def latest_before(periods: Iterable[tuple[date, date]], before: date) -> tuple[date, date] | None:
    """The most recent (first day, last day) that started before ``before``, if any.

    The report's "Dates of previous inspection" is the latest full inspection under either
    framework; the caller passes only full inspections.
    """
    earlier = [p for p in periods if p[0] < before]
    return max(earlier, default=None)
