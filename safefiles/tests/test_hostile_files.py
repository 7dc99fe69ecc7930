"""Hostile files are refused with their reason, each within 5 s and 300 MB of extra memory.

Each check runs in a forked child with an address-space ceiling, so a parser that tried to hold a
bomb in memory would fail with MemoryError (and the test with it) rather than take the machine.
"""

from __future__ import annotations

import io
from datetime import date

import pytest

from documents import filecheck
from documents.pdfcheck import MSG_PDF_ATTACHMENT, MSG_PDF_SCRIPT
from safefiles.tests import hostile
from safefiles.tests.bounded import run_bounded
from tracking.case_list import COLUMNS, parse_case_list

SECONDS, MEGABYTES = 5.0, 300
NOTIFIED = date(2026, 12, 14)
GOOD_ROW = ["NS-1", "2012", "ASD", "EHCP", "education", "N", "N", "none", "N", "a@example.org"]
HEADER = list(COLUMNS)


def case_list_outcome(data: bytes, filename: str) -> str:
    result = parse_case_list(data, notified_on=NOTIFIED, filename=filename)
    if result.ok:
        return f"accepted {len(result.rows)} rows"
    return " | ".join(result.file_errors) or f"{len(result.errors)} row errors"


def upload_outcome(name: str, data: bytes) -> str:
    try:
        filecheck.check_upload(name=name, stream=io.BytesIO(data), size=len(data), max_bytes=25 * 1024 * 1024)
    except filecheck.FileRejected as refused:
        return refused.message
    return "accepted"


def assert_bounded(check, expected: str) -> None:
    outcome = run_bounded(check, limit_mb=MEGABYTES)
    assert expected in outcome.result, outcome
    assert outcome.seconds < SECONDS, outcome
    assert outcome.peak_extra_mb < MEGABYTES, outcome


# --- Case lists ----------------------------------------------------------------------------------

CASE_LIST_BOMBS = {
    "declared 16,384 columns by 1,048,576 rows, 2 rows held": (
        lambda: hostile.dimension_bomb(HEADER, GOOD_ROW),
        "list.xlsx",
        "accepted 1 rows",  # the declared size is ignored: only the rows present are read
    ),
    "declared size and a last row at 1,048,576": (
        lambda: hostile.dimension_bomb(HEADER, GOOD_ROW, last_row=1_048_576),
        "list.xlsx",
        "more than 200,000 rows",
    ),
    "a million tiny rows": (lambda: hostile.million_rows_xlsx(HEADER), "list.xlsx", "more than 200,000 rows"),
    "20 MB of blank lines": (
        lambda: hostile.blank_lines_csv(",".join(COLUMNS)),
        "list.csv",
        "more than 200,000 rows",
    ),
    "20 MB of blank lines and no header": (lambda: b"\n" * (20 * 1024 * 1024), "list.csv", "The file is empty"),
    "one line of 20 MB": (lambda: b"," * (20 * 1024 * 1024), "list.csv", "A line of the file is longer"),
    "a sheet inflating to 1 GB": (lambda: hostile.zip_bomb_xlsx(), "list.xlsx", "too large once opened"),
    "a workbook with entity declarations": (
        lambda: hostile.xlsx_with_sheet('<!DOCTYPE x [<!ENTITY a "b">]><worksheet/>'),
        "list.xlsx",
        "could not be read",
    ),
}


@pytest.mark.parametrize("label", list(CASE_LIST_BOMBS))
def test_a_hostile_case_list_is_refused_within_bounds(label):
    build, filename, expected = CASE_LIST_BOMBS[label]
    data = build()
    assert len(data) <= 20 * 1024 * 1024
    assert_bounded(lambda: case_list_outcome(data, filename), expected)


def test_the_dimension_bomb_is_small_on_disk():
    assert len(hostile.dimension_bomb(HEADER, GOOD_ROW)) < 2_000
    assert len(hostile.million_rows_xlsx(HEADER)) < 200_000


# --- Documents -----------------------------------------------------------------------------------

DOCUMENT_ATTACKS = {
    "zip bomb with a lying size": ("plan.docx", hostile.zip_bomb_docx, "not a real DOCX"),
    "zip bomb with an honest size": (
        "plan.docx",
        lambda: hostile.zip_bomb_docx(declared=1024**3),
        filecheck.MSG_TOO_BIG_INSIDE,
    ),
    "VBA project under another part name": ("plan.docx", hostile.vba_under_another_name, filecheck.MSG_MACRO),
    "VBA compound file named as a picture": ("plan.docx", hostile.vba_bytes_under_plain_name, filecheck.MSG_EMBEDDED),
    "macroenabled main part in lower case beside a decoy": (
        "plan.docx",
        hostile.lower_case_macro_main_part,
        filecheck.MSG_MACRO,
    ),
    "remote template": ("plan.docx", hostile.remote_template, filecheck.MSG_EXTERNAL),
    "embedded OLE object": ("plan.docx", hostile.embedded_ole_object, filecheck.MSG_EMBEDDED),
    "ActiveX control": ("plan.docx", hostile.activex_control, filecheck.MSG_EMBEDDED),
    "entity declarations in the manifest": ("plan.docx", hostile.doctype_in_manifest, "not a real DOCX"),
    "PDF OpenAction JavaScript": ("plan.pdf", hostile.pdf_open_action_javascript, MSG_PDF_SCRIPT),
    "PDF JavaScript in escaped names": ("plan.pdf", hostile.pdf_escaped_javascript, MSG_PDF_SCRIPT),
    "PDF JavaScript in a compressed object stream": ("plan.pdf", hostile.pdf_compressed_javascript, MSG_PDF_SCRIPT),
    "PDF Launch action": ("plan.pdf", hostile.pdf_launch_action, MSG_PDF_SCRIPT),
    "PDF with an attached file": ("plan.pdf", hostile.pdf_embedded_file, MSG_PDF_ATTACHMENT),
    "PDF that is also a zip": ("plan.pdf", hostile.pdf_zip_polyglot, "not a real PDF"),
    "zip that starts as a PDF": ("plan.docx", hostile.pdf_zip_polyglot, "not a real DOCX"),
    "traversal in the name": ("../../etc/passwd.pdf", hostile.pdf_open_action_javascript, filecheck.MSG_PATH),
    "NUL in the name": ("plan\x00.pdf", hostile.pdf_open_action_javascript, filecheck.MSG_CONTROL),
    "right-to-left override in the name": (
        "plan\u202efdp.exe",
        hostile.pdf_open_action_javascript,
        filecheck.MSG_CONTROL,
    ),
    "over-long name": ("p" * 5000 + ".pdf", hostile.pdf_open_action_javascript, filecheck.MSG_NAME_LONG),
    "empty name": ("", hostile.pdf_open_action_javascript, filecheck.MSG_NO_NAME),
    "0-byte file": ("plan.pdf", lambda: b"", filecheck.MSG_EMPTY),
}


@pytest.mark.parametrize("label", list(DOCUMENT_ATTACKS))
def test_a_hostile_document_is_refused_with_its_reason_within_bounds(label):
    name, build, expected = DOCUMENT_ATTACKS[label]
    data = build()
    assert len(data) <= 25 * 1024 * 1024
    assert_bounded(lambda: upload_outcome(name, data), expected)


def test_the_zip_bomb_is_a_megabyte_that_claims_a_kilobyte():
    data = hostile.zip_bomb_docx()
    assert len(data) < 2 * 1024 * 1024


@pytest.mark.parametrize("name", ["plan.docx", "plan.pdf"])
def test_the_ordinary_documents_still_pass(name):
    from documents import samplefiles

    data = samplefiles.docx_bytes() if name.endswith(".docx") else samplefiles.pdf_bytes()
    assert upload_outcome(name, data) == "accepted"
