"""The one way the service writes a CSV, so no cell can run as a spreadsheet formula.

Survey answers, case lists and upload problems all carry text typed by someone outside the team;
a spreadsheet opening the file would run a cell that starts like a formula. Every CSV is written
here, with one set of dangerous first characters (see docs/adr/0013-one-csv-writer.md).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import StreamingHttpResponse

#: First characters that make a spreadsheet read a cell as a formula (tab and carriage return
#: too: some spreadsheets strip them and read what follows).
FORMULA_PREFIXES = frozenset({"=", "+", "-", "@", "\t", "\r"})

Row = Iterable[Any]


def safe_cell(value: Any) -> str:
    """A cell's text, with a quote in front when a spreadsheet would run it as a formula.

    Numbers are written as they are: a negative count is a number, not a formula.
    """
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    return "'" + text if text[:1] in FORMULA_PREFIXES else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Row]) -> Iterator[str]:
    """Each row as one line of CSV (CRLF ends, as spreadsheets expect), every cell made safe."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    for row in rows:
        yield writer.writerow([safe_cell(cell) for cell in row])


def csv_text(rows: Iterable[Row]) -> str:
    """The whole CSV as text, for a file kept for later or a test to read."""
    out = io.StringIO()
    out.writelines(csv_lines(rows))
    return out.getvalue()


def csv_download(rows: Iterable[Row], filename: str) -> StreamingHttpResponse:
    """A CSV attachment written as it is read, so a large export never sits whole in memory."""
    return csv_chunks_download(csv_lines(rows), filename)


def csv_chunks_download(chunks: Iterable[str | bytes], filename: str) -> StreamingHttpResponse:
    """A CSV attachment from pieces already written by this module (`csv_lines`, `copy_csv`)."""
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Exports PostgreSQL writes itself ---------------------------------------------------------------

#: How many bytes of rows are gathered before they are sent: large enough that a big export is a
#: few thousand writes, small enough that memory stays flat and the first byte leaves at once.
CHUNK_BYTES = 64 * 1024


def sql_safe_cell(expression: str) -> str:
    """SQL that does to a text `expression` what `safe_cell` does, with the same first characters,
    for exports that PostgreSQL formats itself (`copy_csv`)."""
    prefixes = ", ".join(f"chr({ord(c)})" for c in sorted(FORMULA_PREFIXES))
    return f"(CASE WHEN left({expression}, 1) IN ({prefixes}) THEN '''' || {expression} ELSE {expression} END)"


def copy_csv(cursor: Any, query: Any) -> Iterator[bytes]:
    """The rows of `query` as CSV written by PostgreSQL (``COPY ... TO STDOUT``), as they arrive.

    Building rows in Python costs far more than the query itself; COPY formats them in the
    database and streams them, so the first byte leaves at once and memory stays flat whatever the
    number of rows. Text cells must already be made safe in the query with `sql_safe_cell`.
    Lines end in CRLF like `csv_lines` (PostgreSQL sends one row per message).
    """
    buffer = bytearray()
    with cursor.copy(query) as copy:
        for row in copy:
            buffer += row[:-1]
            buffer += b"\r\n"
            if len(buffer) >= CHUNK_BYTES:
                yield bytes(buffer)
                buffer.clear()
    if buffer:
        yield bytes(buffer)
