"""Reading and checking a partnership's case list (person-level data), with no database access.

Real files come from many systems and spreadsheets, so the reader is forgiving about form
(byte-order mark, Windows encoding, comma or semicolon, spaces, letter case, yes/no spellings)
and strict about content: every wrong cell is reported with its row and column, and the caller
stores nothing unless the whole file is right.
"""

from __future__ import annotations

import codecs
import csv
import gc
import io
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import compress, islice
from operator import itemgetter
from typing import Any, NamedTuple

from inspections.framework import AGE_GROUPS, NEED_CODES
from safefiles.xlsx import FileTooLarge, UnreadableFile, xlsx_rows

#: Columns in the order of the downloadable template.
COLUMNS: tuple[str, ...] = (
    "child_ref",
    "year_of_birth",
    "primary_need",
    "support",
    "services",
    "in_alternative_provision",
    "educated_out_of_area",
    "social_care_status",
    "opted_out",
    "practitioner_email",
)
OPTIONAL_COLUMNS: frozenset[str] = frozenset({"social_care_status"})

SUPPORT_LEVELS: dict[str, str] = {
    "EHCP": "EHC plan",
    "SEN_SUPPORT": "SEN support",
    "GRANT": "Local grant",
}
SERVICES: dict[str, str] = {
    "education": "Education",
    "health": "Health",
    "social_care": "Social care",
}
SOCIAL_CARE_STATUSES: dict[str, str] = {
    "none": "None",
    "child_in_need": "Child in need",
    "child_protection": "Child protection plan",
    "looked_after": "Looked after",
    "care_leaver": "Care leaver",
}
MIN_AGE, MAX_AGE = 0, 25
MAX_REF_LENGTH = 40
MAX_ROWS = 200_000

_YES = frozenset({"y", "yes", "true"})
_NO = frozenset({"n", "no", "false"})
_REF_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/_.\-]*$")
# Deliberately simple: the address is only shown to the team so they know whom to contact.
_EMAIL_RE = re.compile(
    r"^[^@\s;,]+@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)+$"
)
# Header words that suggest a column of names or full dates of birth, which the service must not receive.
_IDENTIFYING_HEADER_RE = re.compile(
    r"(^|_)(name|names|forename|surname|firstname|lastname|dob|date_of_birth|address|postcode|nhs_number|upn)($|_)"
)


class CaseRow(NamedTuple):
    """One child or young person on the case list, as the service stores them.

    A named tuple rather than a dataclass: a list can have tens of thousands of rows.
    """

    child_ref: str
    year_of_birth: int
    age: int
    primary_need: str
    support: str
    services: frozenset[str]
    in_alternative_provision: bool
    educated_out_of_area: bool
    social_care_status: str
    opted_out: bool
    practitioner_email: str

    @property
    def age_group(self) -> str:
        return age_group_for(self.age)


@dataclass(frozen=True)
class RowError:
    """One problem in the file: the row as numbered in a spreadsheet (header is row 1)."""

    row: int
    column: str
    value: str
    message: str


@dataclass(frozen=True)
class ParseResult:
    rows: tuple[CaseRow, ...] = ()
    errors: tuple[RowError, ...] = ()
    file_errors: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_errors


def age_group_for(age: int) -> str:
    """The coverage age group (from the framework) that an age falls in."""
    for label, low, high in AGE_GROUPS:
        if low <= age <= high:
            return label
    raise ValueError(f"Age {age} is outside every age group")


def age_on(notified_on: date, year_of_birth: int) -> int | None:
    """The age used for the case list, or None when the person cannot be 0 to 25 on that day.

    Only the year of birth is collected, so someone is either ``year - yob - 1`` or ``year - yob``
    on the notification date. A row is accepted when either could be 0-25; the age used for
    coverage is the age reached in the notification year, capped at 25.
    """
    reached = notified_on.year - year_of_birth
    if reached < MIN_AGE or reached - 1 > MAX_AGE:
        return None
    return min(reached, MAX_AGE)


def normalise_header(value: object) -> str:
    text = "" if value is None else str(value)
    text = text.replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


def _code(value: str) -> str:
    return re.sub(r"[\s\-]+", "_", value.strip())


def _clean(value: object) -> str:
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass(frozen=True)
class ReadLimits:
    """How much of a file is read before it is refused; the settings can change each one."""

    max_rows: int = MAX_ROWS
    max_columns: int = 64
    max_line_chars: int = 64 * 1024
    max_inflated_bytes: int = 200 * 1024 * 1024


class _TooLarge(Exception):
    """Reading stopped at a limit; the message says which, in words a user can act on."""


def detect_format(data: bytes, filename: str = "") -> str:
    """'xlsx' or 'csv', from the content first (a renamed file is still read correctly)."""
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    if filename.lower().endswith((".xlsx", ".xlsm")):
        return "xlsx"
    return "csv"


def _is_utf8(data: bytes) -> bool:
    """Whether the bytes are UTF-8, checked a megabyte at a time rather than decoding the whole file."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    step = 1024 * 1024
    try:
        for start in range(0, len(data), step):
            decoder.decode(view[start : start + step], final=start + step >= len(data))
    except UnicodeDecodeError:
        return False
    return True


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else the Windows encoding Excel saves CSV in."""
    if _is_utf8(data):
        return data.decode("utf-8-sig")
    return data.decode("cp1252", errors="replace")


def _bounded_lines(stream: io.TextIOBase, max_chars: int) -> Iterator[str]:
    """The lines of a text stream, refusing any line longer than ``max_chars`` before it is split."""
    while line := stream.readline(max_chars + 1):
        if len(line) > max_chars and not line.endswith(("\n", "\r")):
            raise _TooLarge(
                f"A line of the file is longer than {max_chars:,} characters. Use the template: one row per child or young person."
            )
        yield line


def _csv_rows(data: bytes, limits: ReadLimits) -> Iterator[list[str]]:
    encoding = "utf-8-sig" if _is_utf8(data) else "cp1252"
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, errors="replace", newline="")
    first_line = stream.readline(limits.max_line_chars)
    stream.seek(0)
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return csv.reader(_bounded_lines(stream, limits.max_line_chars), delimiter=delimiter)


def _xlsx_rows(data: bytes, limits: ReadLimits) -> Iterator[list[str]]:
    return xlsx_rows(io.BytesIO(data), max_columns=limits.max_columns, max_inflated=limits.max_inflated_bytes)


def read_table(data: bytes, filename: str = "", limits: ReadLimits = ReadLimits()) -> Iterator[Sequence[str]]:
    """The rows of a CSV or XLSX file as text, header first, read lazily."""
    if detect_format(data, filename) == "xlsx":
        return _xlsx_rows(data, limits)
    return _csv_rows(data, limits)


_UNREADABLE = "The file could not be read. Save it as CSV (comma or semicolon separated) or as an Excel .xlsx workbook and try again."


def parse_case_list(
    data: bytes, *, notified_on: date, filename: str = "", limits: ReadLimits = ReadLimits()
) -> ParseResult:
    """Read and check a case list file; see ``check_rows``.

    The file is read as a stream and reading stops at the first limit passed, so a hostile file
    costs no more than an honest one of the largest size allowed.
    """
    # Tens of thousands of small tuples would set off the cycle collector again and again; none of
    # them form cycles, so it is paused while the file is read.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        table = read_table(data, filename, limits)
        return check_rows(table, notified_on=notified_on, limits=limits)
    except (_TooLarge, FileTooLarge) as exc:
        message = str(exc) if isinstance(exc, _TooLarge) else _TOO_BIG_WORKBOOK
        return ParseResult(file_errors=(message,))
    except (UnreadableFile, csv.Error):
        return ParseResult(file_errors=(_UNREADABLE,))
    finally:
        if gc_was_enabled:
            gc.enable()


_TOO_BIG_WORKBOOK = (
    "The workbook is too large once opened. Save the case list as CSV, or as a workbook with one sheet "
    "holding only the template's columns, and try again."
)


def check_rows(table: Iterable[Sequence[str]], *, notified_on: date, limits: ReadLimits = ReadLimits()) -> ParseResult:
    """Check every row of a table whose first row is the header.

    Returns either the rows (when every cell is right) or every problem found; never a mix.
    """
    iterator = iter(table)
    header_row: Sequence[str] | None = None
    for raw in islice(iterator, limits.max_rows):
        if any(_clean(cell) for cell in raw):
            header_row = raw
            break
    if header_row is None:
        return ParseResult(
            file_errors=("The file is empty. Use the template and add one row per child or young person.",)
        )

    headers = [normalise_header(h) for h in header_row]
    file_errors: list[str] = []
    index: dict[str, int] = {}
    for position, name in enumerate(headers):
        if not name:
            continue
        if name in index:
            file_errors.append(f"The column {name} appears more than once.")
        elif name in COLUMNS:
            index[name] = position
        elif _IDENTIFYING_HEADER_RE.search(name):
            file_errors.append(
                f"Remove the column {name}: the service must not receive names, full dates of birth "
                "or other details that identify a child. Use child_ref and year_of_birth only."
            )
    missing = [c for c in COLUMNS if c not in index and c not in OPTIONAL_COLUMNS]
    if missing:
        file_errors.append(
            "The file has no column " + ", ".join(missing) + ". Use the template: its first row has the column names."
        )
    if file_errors:
        return ParseResult(file_errors=tuple(file_errors))

    positions = [index.get(name) for name in COLUMNS]
    return _check_table(iterator, positions, notified_on, limits.max_rows)


def _yes_no(value: str) -> bool | None:
    lowered = value.lower()
    if lowered in _YES:
        return True
    if lowered in _NO:
        return False
    return None


_Checked = tuple[object, str | None]  # (value, problem or None)


class _Column(dict):
    """Checks each distinct cell value of a column once (codes, Y/N and practitioners repeat)."""

    def __init__(self, check: Callable[[str], _Checked]) -> None:
        super().__init__()
        self.check = check

    def __missing__(self, value: str) -> _Checked:
        found = self[value] = self.check(value)
        return found

    def run(self, cells: Sequence[str]) -> tuple[list[object], dict[int, str]]:
        """The checked values of a whole column, and the problems by position."""
        checked = list(map(self.__getitem__, cells))
        bad = {value for value, (_v, problem) in self.items() if problem}
        problems = {i: self[cell][1] for i, cell in enumerate(cells) if cell in bad} if bad else {}
        return list(map(itemgetter(0), checked)), problems  # type: ignore[dict-item]


def _check_table(
    iterator: Iterator[Sequence[str]], positions: list[int | None], notified_on: date, max_rows: int
) -> ParseResult:
    """Check the data rows a column at a time: the hot loops run in C (map, zip, set), which keeps
    a 50,000-row list to a fraction of a second.

    At most ``max_rows`` rows are read, blank ones included; one more means the file is refused.
    """
    width = max(p for p in positions if p is not None) + 1
    all_rows = list(islice(iterator, max_rows + 1))
    if len(all_rows) > max_rows:
        return ParseResult(file_errors=(f"The file has more than {max_rows:,} rows. Split it or contact support.",))
    filled = list(map(any, all_rows))
    numbers = list(compress(range(2, len(all_rows) + 2), filled))
    kept = list(compress(all_rows, filled))
    if kept and min(map(len, kept)) < width:
        kept = [list(raw) + [""] * (width - len(raw)) if len(raw) < width else raw for raw in kept]
    blank = ("",) * len(kept)
    columns = [tuple(map(str.strip, map(itemgetter(p), kept))) if p is not None else blank for p in positions]
    # Rows whose known columns are all blank (for example "  ;  ;") are skipped like empty rows.
    blank_rows = [
        i for i in compress(range(len(kept)), map(operator.not_, columns[0])) if not any(col[i] for col in columns)
    ]
    if blank_rows:
        drop = set(blank_rows)
        keep = [i for i in range(len(kept)) if i not in drop]
        numbers = [numbers[i] for i in keep]
        columns = [tuple(col[i] for i in keep) for col in columns]
    if not numbers:
        return ParseResult(file_errors=("The file has a header but no children or young people.",))

    checks = _ColumnChecks(notified_on)
    refs = columns[0]
    values: list[list[object]] = [list(refs)]
    problems: list[tuple[int, int, str]] = [(i, 0, p) for i, p in checks.refs(refs, numbers).items()]
    for col_index, column in enumerate(columns[1:], start=1):
        checked, found = checks.by_column[col_index].run(column)
        values.append(checked)
        problems.extend((i, col_index, p) for i, p in found.items())
    if problems:
        problems.sort()
        return ParseResult(errors=tuple(RowError(numbers[i], COLUMNS[c], columns[c][i], p) for i, c, p in problems))
    years_ages = values[1]
    rows = tuple(
        map(CaseRow._make, zip(values[0], map(itemgetter(0), years_ages), map(itemgetter(1), years_ages), *values[2:]))
    )
    return ParseResult(rows=rows)


class _ColumnChecks:
    """How each column is checked; the reference column is checked as a whole for duplicates."""

    def __init__(self, notified_on: date) -> None:
        self.notified_on = notified_on
        flag = _Column(self._flag)
        self.by_column: dict[int, _Column] = {
            1: _Column(self._year),
            2: _Column(self._need),
            3: _Column(self._support),
            4: _Column(self._services),
            5: flag,
            6: flag,
            7: _Column(self._status),
            8: flag,
            9: _Column(self._email),
        }

    def _year(self, text: str) -> _Checked:
        if not text:
            return None, "Enter the year of birth"
        if not (text.isdigit() and len(text) == 4):
            return None, "Enter the year of birth as 4 digits, like 2012"
        year = int(text)
        age = age_on(self.notified_on, year)
        if age is None:
            return (
                None,
                f"The child or young person must be aged {MIN_AGE} to {MAX_AGE} on {self.notified_on:%-d %B %Y}",
            )
        return (year, age), None

    @staticmethod
    def _need(text: str) -> _Checked:
        code = _code(text).upper()
        if not code:
            return None, "Enter the primary need as an SEN2 code"
        if code not in NEED_CODES:
            return None, "Enter an SEN2 code: " + ", ".join(NEED_CODES)
        return code, None

    @staticmethod
    def _support(text: str) -> _Checked:
        code = _code(text).upper()
        if not code:
            return None, "Enter the support level"
        if code not in SUPPORT_LEVELS:
            return None, "Enter EHCP, SEN_SUPPORT or GRANT"
        return code, None

    @staticmethod
    def _services(text: str) -> _Checked:
        found: set[str] = set()
        for part in re.split(r"[;,|]", text):
            item = _code(part).lower()
            if not item:
                continue
            if item not in SERVICES:
                return None, "Enter any of education, health, social_care separated by ;"
            found.add(item)
        return frozenset(found), None

    @staticmethod
    def _flag(text: str) -> _Checked:
        value = _yes_no(text)
        if value is None:
            return None, "Enter Y or N" if not text else "Enter Y or N (yes, no, true and false also work)"
        return value, None

    @staticmethod
    def _status(text: str) -> _Checked:
        code = _code(text).lower() or "none"
        if code not in SOCIAL_CARE_STATUSES:
            return None, "Enter none, child_in_need, child_protection, looked_after or care_leaver, or leave it blank"
        return code, None

    @staticmethod
    def _email(text: str) -> _Checked:
        if not text:
            return None, "Enter the email address of the practitioner who would approach the family"
        if len(text) > 254 or not _EMAIL_RE.match(text):
            return None, "Enter an email address in the correct format, like name@example.org"
        return text.lower(), None

    @staticmethod
    def refs(refs: Sequence[str], numbers: Sequence[int]) -> dict[int, str]:
        """Problems with references by position: blank, too long, wrong characters, repeated."""
        problems: dict[int, str] = {}
        matches = list(map(_REF_RE.match, refs))
        if not all(matches) or max(map(len, refs)) > MAX_REF_LENGTH:
            for i, ref in enumerate(refs):
                if not ref:
                    problems[i] = "Enter the child's reference"
                elif len(ref) > MAX_REF_LENGTH:
                    problems[i] = f"The reference must be {MAX_REF_LENGTH} characters or fewer"
                elif not matches[i]:
                    problems[i] = (
                        "The reference can only contain letters, numbers, hyphens, underscores, "
                        "full stops and slashes (no spaces or names)"
                    )
        keys = list(map(str.upper, refs))
        if len(set(keys)) != len(keys):
            first: dict[str, int] = {}
            for i, key in enumerate(keys):
                if i in problems:
                    continue
                if key in first:
                    problems[i] = f"The reference is already used on row {numbers[first[key]]}"
                else:
                    first[key] = i
        return problems


def template_rows() -> list[list[str]]:
    """The downloadable template: header and two made-up example rows."""
    return [
        list(COLUMNS),
        [
            "NS-000123",
            "2012",
            "ASD",
            "EHCP",
            "education;health",
            "N",
            "N",
            "child_in_need",
            "N",
            "sencoteam@example.org",
        ],
        ["NS-000456", "2019", "SLCN", "SEN_SUPPORT", "education", "N", "N", "", "N", "early.years@example.org"],
    ]


def error_rows(errors: Iterable[RowError], file_errors: Iterable[str] = ()) -> list[list[Any]]:
    """Every problem as rows of a CSV the partnership can open beside their file."""
    rows: list[list[Any]] = [["row", "column", "value", "problem"]]
    rows += [["", "", "", message] for message in file_errors]
    rows += [[error.row, error.column, error.value, error.message] for error in errors]
    return rows
