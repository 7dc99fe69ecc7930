"""Every saved text of each report section is kept, and a save from an older version never overwrites unseen."""

import importlib
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from inspections.concurrency import EditConflict
from reports import selectors, services
from reports.models import Report, ReportSectionVersion

EFFECTIVE = "effective"


def history(report, section):
    return list(
        ReportSectionVersion.objects.filter(report=report, section=section).values_list("number", "text", "saved_by")
    )


def test_each_changed_section_gets_a_version_with_who_and_when(report, lead_inspector):
    with time_machine.travel(datetime(2027, 1, 11, 9, 30, tzinfo=UTC), tick=False):
        services.save_narrative(
            report=report,
            by=lead_inspector,
            data={"effective": "Early help works.", "better": "", "child_experience": report.child_experience},
            loaded={"effective": 0, "better": 0, "child_experience": 1},
        )
    version = ReportSectionVersion.objects.get(report=report, section=EFFECTIVE)
    assert (version.number, version.text, version.saved_by) == (1, "Early help works.", lead_inspector)
    assert version.saved_at == datetime(2027, 1, 11, 9, 30, tzinfo=UTC)
    # Unchanged sections (the same text, or still empty) get no new version.
    assert history(report, "child_experience") == [(1, report.child_experience, lead_inspector.pk)]
    assert history(report, "better") == []
    assert selectors.section_versions(report) == {
        "partnership_information": 0,
        "child_experience": 1,
        "effective": 1,
        "better": 0,
    }


def test_two_saves_from_the_same_version_the_second_is_refused_and_the_first_is_kept(
    report, lead_inspector, team_inspector
):
    services.save_narrative(report=report, by=lead_inspector, data={EFFECTIVE: "First tab."}, loaded={EFFECTIVE: 0})
    with pytest.raises(EditConflict) as refused:
        services.save_narrative(
            report=report, by=lead_inspector, data={EFFECTIVE: "Second tab."}, loaded={EFFECTIVE: 0}
        )
    report.refresh_from_db()
    assert report.effective == "First tab."
    assert history(report, EFFECTIVE) == [(1, "First tab.", lead_inspector.pk)]
    [field] = refused.value.fields
    assert (field.name, field.yours, field.theirs, field.conflicting) == (EFFECTIVE, "Second tab.", "First tab.", True)
    assert refused.value.versions == {"version_effective": 1}
    assert refused.value.saved_by == lead_inspector.display_name


def test_the_same_text_from_an_older_version_is_not_a_conflict(report, lead_inspector):
    services.save_narrative(report=report, by=lead_inspector, data={EFFECTIVE: "Agreed."}, loaded={EFFECTIVE: 0})
    services.save_narrative(report=report, by=lead_inspector, data={EFFECTIVE: "Agreed.\r\n"}, loaded={EFFECTIVE: 0})
    assert history(report, EFFECTIVE) == [(1, "Agreed.", lead_inspector.pk)]


def test_a_section_left_as_it_was_loaded_keeps_the_newer_text(report, lead_inspector):
    """The form sends every section: one the user did not touch must not undo another tab's save."""
    services.save_narrative(report=report, by=lead_inspector, data={EFFECTIVE: "From tab 1."}, loaded={EFFECTIVE: 0})
    services.save_narrative(
        report=report,
        by=lead_inspector,
        data={EFFECTIVE: "", "better": "From tab 2."},
        loaded={EFFECTIVE: 0, "better": 0},
    )
    report.refresh_from_db()
    assert (report.effective, report.better) == ("From tab 1.", "From tab 2.")


def test_a_conflict_refuses_the_whole_save_and_lists_every_changed_section(report, lead_inspector):
    services.save_narrative(report=report, by=lead_inspector, data={EFFECTIVE: "From tab 1."}, loaded={EFFECTIVE: 0})
    with pytest.raises(EditConflict) as refused:
        services.save_narrative(
            report=report,
            by=lead_inspector,
            data={EFFECTIVE: "From tab 2.", "better": "Only tab 2 wrote this.", "partnership_information": ""},
            loaded={EFFECTIVE: 0, "better": 0, "partnership_information": 0},
        )
    report.refresh_from_db()
    assert report.better == "" and history(report, "better") == []  # nothing half-saved
    assert [(f.name, f.conflicting) for f in refused.value.fields] == [(EFFECTIVE, True), ("better", False)]
    assert refused.value.versions == {"version_effective": 1, "version_better": 0}


def test_a_version_never_saved_is_refused(report, lead_inspector):
    with pytest.raises(ValidationError, match="Reload the page"):
        services.save_narrative(report=report, by=lead_inspector, data={EFFECTIVE: "x"}, loaded={EFFECTIVE: 5})


def test_a_sent_section_needs_its_version(report, lead_inspector):
    with pytest.raises(ValidationError, match="without its version"):
        services.save_narrative(report=report, by=lead_inspector, data={EFFECTIVE: "x"}, loaded={})


def test_starting_from_the_summaries_writes_history(report, lead_inspector):
    services.start_from_team_summaries(report=report, by=lead_inspector)
    [(number, text, by)] = history(report, EFFECTIVE)
    assert number == 1 and text.startswith("Needs are identified early") and by == lead_inspector.pk
    assert history(report, "better")[0][0] == 1


def test_saved_versions_are_never_changed(report):
    version = ReportSectionVersion.objects.get(report=report, section="child_experience")
    version.text = "Rewritten"
    with pytest.raises(ValidationError):
        version.save()
    with pytest.raises(ValidationError):
        ReportSectionVersion.objects.filter(report=report).delete()


def test_reports_written_before_section_history_start_at_version_one(decided, lead_inspector):
    from django.apps import apps

    migration = importlib.import_module("reports.migrations.0005_existing_sections_are_version_one")
    old = Report.objects.create(inspection=decided, updated_by=lead_inspector, better="Waits are long.")
    migration.existing_text_is_version_one(apps, None)
    assert history(old, "better") == [(1, "Waits are long.", lead_inspector.pk)]
    assert selectors.section_versions(old) == {
        "partnership_information": 0,
        "child_experience": 0,
        "effective": 0,
        "better": 1,
    }
