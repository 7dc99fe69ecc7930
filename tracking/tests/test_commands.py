"""The support commands: import a case list, print a proposed cohort."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tracking import selectors
from tracking.models import TrackingSelection
from tracking.tests.factories import make_case_list, rows_to_csv, varied_rows

pytestmark = pytest.mark.django_db


def test_import_case_list_command_stores_a_good_file(inspection, tmp_path, capsys):
    path = tmp_path / "list.csv"
    path.write_bytes(rows_to_csv(varied_rows()))
    call_command("import_case_list", str(inspection.pk), str(path))
    assert "Stored 27 children" in capsys.readouterr().out
    assert selectors.case_list_status(inspection) == "uploaded"


def test_import_case_list_command_lists_problems_and_stores_nothing(inspection, tmp_path, capsys):
    path = tmp_path / "list.csv"
    path.write_bytes(rows_to_csv(varied_rows(), bad={"year_of_birth": "1980"}))
    with pytest.raises(CommandError) as caught:
        call_command("import_case_list", str(inspection.pk), str(path))
    assert caught.value.returncode == 1
    assert "row 2, year_of_birth, '1980'" in capsys.readouterr().err
    assert selectors.case_list_status(inspection) == "not started"


def test_select_tracking_exits_2_without_a_case_list(inspection):
    with pytest.raises(CommandError, match="No case list") as caught:
        call_command("select_tracking", str(inspection.pk))
    assert caught.value.returncode == 2


def test_select_tracking_prints_cohort_and_coverage_without_storing(inspection, capsys):
    make_case_list(inspection)
    call_command("select_tracking", str(inspection.pk), "--seed", "8")
    out = capsys.readouterr().out
    assert "seed 8" in out and "chosen for:" in out and "Aged 0-4" in out and "Covered" in out
    assert not TrackingSelection.objects.exists()
    call_command("select_tracking", str(inspection.pk), "--seed", "8", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["seed"] == 8 and len(data["chosen"]) == 6
    assert "OPTED-OUT" not in {c["child_ref"] for c in data["chosen"]}
    call_command("select_tracking", str(inspection.pk), "--seed", "8", "--json")
    assert json.loads(capsys.readouterr().out) == data


@pytest.mark.django_db
def test_purge_case_lists_deletes_replaced_lists_only(inspection):
    from io import StringIO

    from tracking.models import CaseList
    from tracking.tests.factories import case_row

    old = make_case_list(inspection)
    current = make_case_list(inspection, rows=[case_row(child_ref="KEEP-ME")])
    out = StringIO()
    call_command("purge_case_lists", str(inspection.pk), stdout=out)
    assert "Deleted 1 replaced case list." in out.getvalue()
    assert list(CaseList.objects.values_list("pk", flat=True)) == [current.pk]
    assert selectors.child_refs(inspection) == {"KEEP-ME"}
    assert old.pk != current.pk


@pytest.mark.django_db
def test_purge_case_lists_needs_an_inspection_or_ended():
    with pytest.raises(CommandError) as caught:
        call_command("purge_case_lists")
    assert caught.value.returncode == 2


def test_import_case_list_command_refuses_a_file_over_the_size_limit_unread(inspection, tmp_path, settings):
    settings.CASE_LIST_MAX_UPLOAD_BYTES = 100
    path = tmp_path / "list.csv"
    path.write_bytes(rows_to_csv(varied_rows()))
    with pytest.raises(CommandError, match="larger than 100 bytes") as caught:
        call_command("import_case_list", str(inspection.pk), str(path))
    assert caught.value.returncode == 1
    assert selectors.case_list_status(inspection) == "not started"


def test_import_case_list_command_refuses_a_spreadsheet_bomb_with_its_reason(inspection, tmp_path, capsys):
    from safefiles.tests import hostile
    from tracking.case_list import COLUMNS

    path = tmp_path / "list.xlsx"
    path.write_bytes(hostile.million_rows_xlsx(list(COLUMNS)))
    with pytest.raises(CommandError):
        call_command("import_case_list", str(inspection.pk), str(path))
    assert "more than 200,000 rows" in capsys.readouterr().err
