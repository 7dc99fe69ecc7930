"""Previous inspections: the CSV check, the all-or-nothing import, and where the history shows."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from inspections import selectors, services
from inspections.history import latest_before, parse_history_csv
from inspections.models import PreviousInspection

HEADER = (
    "partnership,framework,kind,start_date,end_date,written_statement_of_action,"
    "revisit_start_date,revisit_end_date,revisit_finding,outcome,monitoring_finding\n"
)
GOOD = (
    HEADER
    + "Northshire,2016,full,2016-12-05,2016-12-09,yes,2018-06-11,2018-06-13,Sufficient progress in 3 of 5 weaknesses,,\n"
    + "Northshire,2023,monitoring,2024-03-04,2024-03-08,,,,,,effective\n"
)


def test_a_good_file_gives_every_row():
    result = parse_history_csv(GOOD.encode())
    assert result.ok
    first = result.rows[0]
    assert (first.starts_on, first.ends_on, first.written_statement_required) == (
        date(2016, 12, 5),
        date(2016, 12, 9),
        True,
    )
    assert result.rows[1].monitoring_finding == "effective"


def test_every_problem_is_reported_with_its_row_and_column():
    bad = (
        HEADER
        + "Northshire,2016,full,2016-12-09,2016-12-05,maybe,,,,2,\n"
        + ",2023,monitoring,2024-02-30,2024-03-08,,,,,,great\n"
    )
    result = parse_history_csv(bad.encode())
    found = {(e.row, e.column) for e in result.errors}
    assert {
        (2, "end_date"),
        (2, "written_statement_of_action"),
        (2, "outcome"),
        (3, "partnership"),
        (3, "start_date"),
        (3, "monitoring_finding"),
    } <= found
    assert not result.rows


def test_a_file_without_a_required_column_is_refused():
    assert parse_history_csv(b"partnership,framework\nNorthshire,2016\n").file_errors


def test_the_latest_full_inspection_before_the_day_is_the_previous_one():
    periods = [(date(2016, 12, 5), date(2016, 12, 9)), (date(2022, 1, 10), date(2022, 1, 14))]
    assert latest_before(periods, date(2021, 1, 1)) == (date(2016, 12, 5), date(2016, 12, 9))
    assert latest_before(periods, date(2026, 12, 14)) == (date(2022, 1, 10), date(2022, 1, 14))
    assert latest_before(periods, date(2016, 12, 5)) is None


@pytest.mark.django_db
def test_the_command_stores_everything_and_loading_twice_changes_nothing(partnership, tmp_path):
    path = tmp_path / "history.csv"
    path.write_text(GOOD)
    out = StringIO()
    call_command("import_inspection_history", str(path), stdout=out)
    call_command("import_inspection_history", str(path), stdout=out)
    assert "Stored 2 previous inspections." in out.getvalue()
    assert PreviousInspection.objects.filter(partnership=partnership).count() == 2


@pytest.mark.django_db
def test_one_wrong_row_stores_nothing_and_names_the_row(partnership, tmp_path):
    path = tmp_path / "history.csv"
    path.write_text(GOOD + "Nowhere,2016,full,2017-01-09,2017-01-13,no,,,,,\n")
    err = StringIO()
    with pytest.raises(CommandError, match="1 problem. Nothing was saved"):
        call_command("import_inspection_history", str(path), stderr=err)
    assert "row 4, partnership, 'Nowhere': No partnership has this name" in err.getvalue()
    assert not PreviousInspection.objects.exists()


@pytest.mark.django_db
def test_administrators_load_the_file_in_the_admin(client_for, admin_user, partnership):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(admin_user)
    url = reverse("admin:inspections_previousinspection_import")
    bad = SimpleUploadedFile("history.csv", (GOOD + "Northshire,2016,full,x,2017-01-13,,,,,,\n").encode())
    page = client.post(url, {"file": bad}).content.decode()
    assert "Row 4, start_date (x): Enter a real date" in page and not PreviousInspection.objects.exists()
    response = client.post(url, {"file": SimpleUploadedFile("history.csv", GOOD.encode())})
    assert response.status_code == 302 and PreviousInspection.objects.count() == 2


@pytest.mark.django_db
def test_the_history_shows_on_the_partnership_and_inspection_pages(client_for, admin_user, lana, inspection):
    services.import_inspection_history(data=GOOD.encode())
    for user, url in [
        (admin_user, reverse("inspections:partnership", args=[inspection.partnership.pk])),
        (lana, reverse("inspections:detail", kwargs={"inspection_pk": inspection.pk})),
    ]:
        page = client_for(user).get(url).content.decode()
        assert "5 December 2016 to 9 December 2016" in page
        assert "Written statement of action required" in page
        assert "Revisit 11 June 2018 to 13 June 2018: Sufficient progress in 3 of 5 weaknesses" in page
        assert "Effective action" in page


@pytest.mark.django_db
def test_the_previous_full_inspection_is_the_latest_under_either_framework(inspection):
    assert selectors.previous_full_inspection(inspection) is None
    services.import_inspection_history(data=GOOD.encode())
    # the 2024 monitoring inspection is not a full inspection
    assert selectors.previous_full_inspection(inspection) == (date(2016, 12, 5), date(2016, 12, 9))
