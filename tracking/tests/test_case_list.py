"""Reading the case list: messy-but-valid files pass, every kind of bad cell is reported."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from openpyxl import Workbook

from inspections.csv_export import csv_text
from tracking import case_list
from tracking.case_list import COLUMNS, error_rows, parse_case_list, template_rows

NOTIFIED = date(2026, 12, 14)
HEADER = ",".join(COLUMNS)
GOOD = "NS-1,2012,ASD,EHCP,education;health,N,N,child_in_need,N,worker@example.org"


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode()


def parse(data: bytes, filename: str = "list.csv"):
    return parse_case_list(data, notified_on=NOTIFIED, filename=filename)


def test_template_is_a_valid_case_list():
    result = parse(csv_text(template_rows()).encode())
    assert result.ok
    assert [r.child_ref for r in result.rows] == ["NS-000123", "NS-000456"]


def test_a_good_row_is_read_into_its_fields():
    result = parse(csv_bytes(GOOD))
    assert result.ok
    row = result.rows[0]
    assert row.child_ref == "NS-1"
    assert row.age == 14 and row.age_group == "11-15"
    assert row.primary_need == "ASD" and row.support == "EHCP"
    assert row.services == frozenset({"education", "health"})
    assert row.social_care_status == "child_in_need"
    assert not row.opted_out and not row.in_alternative_provision


def test_messy_but_valid_file_is_accepted():
    header = " Child Ref ;YEAR_OF_BIRTH; primary need ;Support;services;In Alternative Provision;educated-out-of-area;opted_out;practitioner_email"
    rows = [
        ' ns-2 ; 2015 ; asd ; sen support ;"Education; Social Care";yes;FALSE;no; Worker@Example.org ',
        "NS-3;2001;pmld;ehcp;health;True;y;N;x@example.org",
        ";;;;;;;;",  # blank rows are skipped
        "NS-4;2026;nsa;Grant;;n;N;false;y@example.org",
    ]
    data = "\ufeff" + "\r\n".join([header, *rows]) + "\r\n"
    result = parse(data.encode("utf-8"))
    assert result.ok, result.errors
    two, three, four = result.rows
    assert two.child_ref == "ns-2" and two.support == "SEN_SUPPORT" and two.services == {"education", "social_care"}
    assert two.in_alternative_provision and not two.educated_out_of_area
    assert two.practitioner_email == "worker@example.org"
    assert two.social_care_status == "none"  # optional column left out
    assert three.primary_need == "PMLD" and three.age == 25 and three.educated_out_of_area
    assert four.age == 0 and four.services == frozenset()


def test_excel_windows_csv_encoding_is_read():
    data = csv_bytes(GOOD.replace("worker@", "caf\u00e9@")).decode().encode("cp1252")
    result = parse(data)
    assert result.ok
    assert result.rows[0].practitioner_email == "caf\u00e9@example.org"


def test_xlsx_is_read_including_numbers_and_booleans():
    book = Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    sheet.append(["NS-9", 2010, "SEMH", "EHCP", "education", True, False, "looked_after", False, "a@example.org"])
    sheet.append(["NS-10", 2010.0, "hi", "SEN_SUPPORT", "health", "N", "N", None, "no", "b@example.org"])
    out = io.BytesIO()
    book.save(out)
    result = parse(out.getvalue(), "list.xlsx")
    assert result.ok, result.errors
    assert result.rows[0].in_alternative_provision is True
    assert result.rows[1].year_of_birth == 2010 and result.rows[1].primary_need == "HI"


BAD_CELLS = [
    ("child_ref", "", "Enter the child's reference"),
    ("child_ref", "Jane Smith", "no spaces or names"),
    ("child_ref", "X" * 41, "40 characters or fewer"),
    ("year_of_birth", "", "Enter the year of birth"),
    ("year_of_birth", "twelve", "4 digits"),
    ("year_of_birth", "1990", "aged 0 to 25"),
    ("year_of_birth", "2027", "aged 0 to 25"),
    ("primary_need", "", "Enter the primary need"),
    ("primary_need", "AUTISM", "Enter an SEN2 code"),
    ("support", "", "Enter the support level"),
    ("support", "plan", "Enter EHCP, SEN_SUPPORT or GRANT"),
    ("services", "education;housing", "Enter any of education, health, social_care"),
    ("in_alternative_provision", "", "Enter Y or N"),
    ("in_alternative_provision", "maybe", "Enter Y or N"),
    ("educated_out_of_area", "2", "Enter Y or N"),
    ("opted_out", "?", "Enter Y or N"),
    ("social_care_status", "adopted", "Enter none, child_in_need"),
    ("practitioner_email", "", "Enter the email address"),
    ("practitioner_email", "not-an-address", "correct format"),
]


@pytest.mark.parametrize(("column", "value", "message"), BAD_CELLS)
def test_each_bad_cell_is_reported_with_row_column_and_value(column, value, message):
    cells = dict(zip(COLUMNS, GOOD.split(",")))
    cells[column] = value
    bad = ",".join(f'"{cells[c]}"' for c in COLUMNS)
    result = parse(csv_bytes(GOOD.replace("NS-1", "NS-0"), bad))
    assert not result.ok
    assert result.rows == ()  # all or nothing
    (error,) = result.errors
    assert (error.row, error.column, error.value) == (3, column, value)
    assert message in error.message


def test_duplicate_reference_names_the_first_row():
    result = parse(csv_bytes(GOOD, GOOD.replace("NS-1", "ns-1")))
    (error,) = result.errors
    assert error.row == 3 and error.column == "child_ref" and "row 2" in error.message


def test_every_problem_in_the_file_is_reported():
    result = parse(csv_bytes(GOOD, "NS-2,1900,XX,EHCP,education,N,N,,N,bad", GOOD.replace("NS-1", "NS-3")))
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "year_of_birth"),
        (3, "primary_need"),
        (3, "practitioner_email"),
    ]


def test_missing_columns_are_a_file_error():
    result = parse(csv_bytes(GOOD, header=HEADER.replace(",opted_out", ",opt")))
    assert not result.ok and result.rows == ()
    assert "opted_out" in result.file_errors[0]


def test_a_names_column_is_refused():
    result = parse(csv_bytes(GOOD + ",Jane", header=HEADER + ",Child Name"))
    assert "must not receive names" in result.file_errors[0]


def test_other_extra_columns_are_ignored():
    result = parse(csv_bytes(GOOD + ",anything", header=HEADER + ",school"))
    assert result.ok


def test_empty_and_header_only_files_are_refused():
    assert "empty" in parse(b"").file_errors[0]
    assert "no children" in parse(csv_bytes()).file_errors[0]


def _xlsx(*rows: tuple) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _without_part(data: bytes, part: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename != part:
                target.writestr(info, source.read(info))
    return out.getvalue()


def _with_part(data: bytes, part: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, content if info.filename == part else source.read(info))
    return out.getvalue()


GOOD_XLSX = _xlsx(tuple(COLUMNS), tuple(GOOD.split(",")))


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"PK\x03\x04not really a workbook", id="not a zip"),
        pytest.param(GOOD_XLSX[: len(GOOD_XLSX) // 2], id="cut short"),
        pytest.param(_without_part(GOOD_XLSX, "xl/workbook.xml"), id="workbook part missing"),
        pytest.param(_without_part(GOOD_XLSX, "xl/worksheets/sheet1.xml"), id="sheet part missing"),
        pytest.param(_with_part(GOOD_XLSX, "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row>"), id="bad xml"),
    ],
)
def test_damaged_spreadsheet_is_refused_with_a_readable_message(data):
    assert parse(GOOD_XLSX, "list.xlsx").ok
    result = parse(data, "list.xlsx")
    assert "could not be read" in result.file_errors[0]


def test_a_mistake_in_the_checks_is_not_reported_as_an_unreadable_file(monkeypatch):
    def broken(self, text):
        raise ValueError("a bug in the year check")

    monkeypatch.setattr(case_list._ColumnChecks, "_year", broken)
    with pytest.raises(ValueError, match="a bug in the year check"):
        parse(csv_bytes(GOOD))


def test_errors_csv_lists_every_problem_and_defuses_formulas():
    result = parse(
        csv_bytes(
            '"=HYPERLINK(1)",2012,ASD,EHCP,education,N,N,,N,a@example.org',
            '"@SUM(A1)",2012,ASD,EHCP,education,N,N,,N,b@example.org',
        )
    )
    text = csv_text(error_rows(result.errors))
    assert text.splitlines()[0] == "row,column,value,problem"
    assert "'=HYPERLINK(1)" in text
    assert "'@SUM(A1)" in text


# --- Reading as a stream within limits -------------------------------------------------------------


def _sheet(*rows: str) -> bytes:
    from safefiles.tests import hostile

    return hostile.xlsx_with_sheet(hostile.SHEET_HEAD + "<sheetData>" + "".join(rows) + "</sheetData></worksheet>")


def test_xlsx_rows_the_sheet_leaves_out_keep_their_spreadsheet_numbers():
    from safefiles.tests.hostile import inline_row

    bad = GOOD.split(",")
    bad[0], bad[2] = "NS-2", "XYZ"
    result = parse(_sheet(inline_row(1, list(COLUMNS)), inline_row(2, GOOD.split(",")), inline_row(7, bad)), "l.xlsx")
    assert [(e.row, e.column) for e in result.errors] == [(7, "primary_need")]


def test_xlsx_shared_strings_and_rich_text_are_read_without_phonetic_guides():
    from safefiles.tests import hostile

    header = "".join(f'<c t="s"><v>{i}</v></c>' for i in range(len(COLUMNS)))
    values = GOOD.split(",")
    strings = [*COLUMNS, *values]
    si = "".join(f"<si><t>{s}</t></si>" for s in strings[:-1])
    si += f"<si><r><t>{values[-1][:3]}</t></r><r><t>{values[-1][3:]}</t></r><rPh><t>x</t></rPh></si>"
    row = "".join(f'<c t="s"><v>{len(COLUMNS) + i}</v></c>' for i in range(len(values)))
    sheet = hostile.SHEET_HEAD + f"<sheetData><row>{header}</row><row>{row}</row></sheetData></worksheet>"
    data = hostile.xlsx_with_sheet(sheet)
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("xl/sharedStrings.xml", f'<sst xmlns="{hostile.SHEET_HEAD.split(chr(34))[1]}">{si}</sst>')
    result = parse(out.getvalue(), "l.xlsx")
    assert result.ok, result
    assert result.rows[0].practitioner_email == "worker@example.org"


def test_columns_past_the_limit_are_not_read():
    from tracking.case_list import ReadLimits

    header = ",".join(["note"] * 3 + list(COLUMNS))
    row = ",".join(["x"] * 3) + "," + GOOD
    result = parse_case_list(csv_bytes(row, header=header), notified_on=NOTIFIED, limits=ReadLimits(max_columns=8))
    assert result.ok  # CSV keeps every column of a line; the line length is what bounds it
    from safefiles.tests.hostile import inline_row

    sheet = _sheet(inline_row(1, ["note"] * 3 + list(COLUMNS)), inline_row(2, row.split(",")))
    result = parse_case_list(sheet, notified_on=NOTIFIED, filename="l.xlsx", limits=ReadLimits(max_columns=8))
    assert (
        "no column in_alternative_provision, educated_out_of_area, opted_out, practitioner_email"
        in (result.file_errors[0])
    )


def test_blank_lines_count_towards_the_row_limit():
    from tracking.case_list import ReadLimits

    data = csv_bytes(GOOD, "", "", "")
    assert parse_case_list(data, notified_on=NOTIFIED, limits=ReadLimits(max_rows=4)).ok
    refused = parse_case_list(data + b"\r\n", notified_on=NOTIFIED, limits=ReadLimits(max_rows=4))
    assert refused.file_errors == ("The file has more than 4 rows. Split it or contact support.",)


def test_a_line_longer_than_the_limit_is_refused_with_its_reason():
    from tracking.case_list import ReadLimits

    result = parse_case_list(csv_bytes(GOOD + "," * 100), notified_on=NOTIFIED, limits=ReadLimits(max_line_chars=80))
    assert result.file_errors == (
        "A line of the file is longer than 80 characters. Use the template: one row per child or young person.",
    )


def test_the_limits_come_from_the_settings(settings):
    from tracking.services import read_limits

    settings.CASE_LIST_MAX_ROWS = 7
    settings.CASE_LIST_MAX_INFLATED_BYTES = 1024
    assert read_limits().max_rows == 7
    assert read_limits().max_inflated_bytes == 1024
