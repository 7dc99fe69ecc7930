"""Every CSV the service writes: no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io

import pytest

from inspections.csv_export import csv_download, csv_text, safe_cell


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_each_formula_prefix_is_quoted(prefix):
    assert safe_cell(prefix + "SUM(A1)") == "'" + prefix + "SUM(A1)"


@pytest.mark.parametrize("value", ["Good", "a=b", "", "5 years", "'quoted"])
def test_ordinary_text_is_left_alone(value):
    assert safe_cell(value) == value


def test_numbers_stay_numbers_and_nothing_is_empty():
    assert [safe_cell(v) for v in (-3, 2.5, None)] == ["-3", "2.5", ""]


def test_text_and_download_give_the_same_rows():
    rows = [["question", "answer"], ["Q1", '=HYPERLINK("http://example.test")'], ["Q2", "-1 day"]]
    text = csv_text(rows)
    response = csv_download(rows, "answers.csv")
    assert b"".join(response.streaming_content).decode() == text
    assert response["Content-Disposition"] == 'attachment; filename="answers.csv"'
    assert text.endswith("\r\n")
    assert list(csv.reader(io.StringIO(text))) == [
        ["question", "answer"],
        ["Q1", '\'=HYPERLINK("http://example.test")'],
        ["Q2", "'-1 day"],
    ]
