"""Every CSV the tracking pages send defuses values a spreadsheet would run as formulas."""

from __future__ import annotations

import pytest
from django.urls import reverse

from inspections.csv_export import csv_text, safe_cell
from tracking.tests.factories import make_case_list, varied_rows

pytestmark = pytest.mark.django_db


def test_the_current_case_list_download_defuses_formula_like_emails(inspection, lana, client_for):
    rows = varied_rows()
    rows[0] = rows[0]._replace(practitioner_email="=1+1@x.yz")
    rows[1] = rows[1]._replace(practitioner_email="@SUM(1)@x.yz")
    make_case_list(inspection, rows=rows)
    response = client_for(lana).get(reverse("tracking:case_list_download", kwargs={"inspection_pk": inspection.pk}))
    text = b"".join(response.streaming_content).decode()
    assert "'=1+1@x.yz" in text and "'@SUM(1)@x.yz" in text
    assert ",=1+1@x.yz" not in text and ",@SUM" not in text
    assert text.splitlines()[0].startswith("child_ref,year_of_birth")
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("value", ["=HYPERLINK(1)", "+1", "-1+2", "@x", "\tcmd", "\r=1"])
def test_every_formula_start_is_defused(value):
    assert safe_cell(value) == "'" + value
    assert csv_text([[value]]).startswith("'") or csv_text([[value]]).startswith("\"'")


def test_numbers_and_plain_text_are_left_alone():
    assert safe_cell(-3) == "-3" and safe_cell(2012) == "2012"
    assert safe_cell("NS-1") == "NS-1" and safe_cell(None) == ""
