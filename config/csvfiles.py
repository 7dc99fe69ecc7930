"""Every CSV the service sends goes through here, so no cell can run as a spreadsheet formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import StreamingHttpResponse

#: A cell starting with one of these is read as a formula (or a DDE call) by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: Any) -> Any:
    """The value as written to a CSV: text that a spreadsheet would run gets a leading apostrophe.

    Numbers are left as they are: a negative number is not a formula.
    """
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(cell) for cell in row]


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """A whole (small) CSV as text, every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow(safe_row(row))
    return out.getvalue()


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(rows: Iterable[Iterable[Any]], filename: str) -> StreamingHttpResponse:
    """A CSV download streamed row by row (large exports never sit in memory), every cell made safe."""
    from django.http import StreamingHttpResponse

    writer = csv.writer(_Echo(), lineterminator="\r\n")
    response = StreamingHttpResponse(
        (writer.writerow(safe_row(row)) for row in rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
