"""Uploads keep every version, refuse bad files without storing anything, and reviews reach the leads."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import storages

from documents import catalogue, samplefiles, selectors, services
from documents.models import ActivityEntry, RequestItem, SelfEvaluationEntry, UploadedFile
from inspections.concurrency import EditConflict

from .factories import incoming, upload

BEFORE_DUE = date(2026, 12, 15)
AFTER_END = date(2027, 1, 7)


def stored_paths(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to("2026-12-15 10:00:00+00:00", tick=False)


def test_upload_records_who_when_checksum_and_marks_item_uploaded(inspection, lana):
    data = samplefiles.pdf_bytes("Northshire self-evaluation")
    [row] = services.upload_files(
        inspection=inspection, kind=catalogue.SELF_EVALUATION, by=lana, files=[incoming("Self-evaluation.pdf", data)]
    )
    assert row.uploaded_by == lana
    assert row.sha256 == hashlib.sha256(data).hexdigest()
    assert row.size == len(data) and row.version == 1
    assert row.content_type == "application/pdf"
    assert row.item.status == catalogue.UPLOADED
    with storages["default"].open(row.file.name, "rb") as handle:
        assert handle.read() == data
    assert "Self-evaluation.pdf" not in row.file.name  # stored under a generated name
    [entry] = ActivityEntry.objects.filter(inspection=inspection)
    assert entry.actor == lana and "Self-evaluation" in entry.description


def test_a_new_upload_keeps_earlier_versions(inspection, lana, local_area_lead):
    [first] = upload(inspection, lana, names=["Draft.pdf"])
    second = upload(inspection, local_area_lead, names=["Final.pdf"])
    item = RequestItem.objects.get(inspection=inspection, kind=catalogue.SELF_EVALUATION)
    versions = selectors.versions_of(item)
    assert [v.number for v in versions] == [2, 1]
    assert versions[0].files[0].original_name == "Final.pdf"
    assert versions[1].files[0].original_name == "Draft.pdf"
    assert storages["default"].exists(first.file.name)
    assert second[0].version == 2


def test_several_files_in_one_upload_share_a_version(inspection, lana):
    rows = services.upload_files(
        inspection=inspection,
        kind="board-minutes",
        by=lana,
        files=[incoming("January.pdf"), incoming("March.docx", samplefiles.docx_bytes())],
    )
    assert {r.version for r in rows} == {1}
    assert RequestItem.objects.get(inspection=inspection, kind="board-minutes").files.count() == 2


def test_two_files_with_the_same_name_in_one_upload_are_refused(inspection, lana, settings):
    with pytest.raises(ValidationError, match="different name"):
        upload(inspection, lana, names=["Minutes.pdf", "minutes.PDF"])
    assert not UploadedFile.objects.exists()


BAD_FILES = [
    ("photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "must be a PDF, DOCX, XLSX, ODS, CSV or PPTX"),
    ("renamed.pdf", samplefiles.docx_bytes(), "is not a real PDF"),
    ("renamed.docx", samplefiles.pdf_bytes(), "is not a real DOCX"),
    ("empty.pdf", b"", "is empty"),
    ("macros.docm", samplefiles.docx_bytes(macro=True), "must not contain macros"),
    ("macros.xlsm", samplefiles.xlsx_bytes(), "must not contain macros"),
    ("hidden-macros.docx", samplefiles.docx_bytes(macro=True), "must not contain macros"),
    ("../../etc/cron.d/plan.pdf", samplefiles.pdf_bytes(), "folder names"),
    ("C:\\Users\\plan.pdf", samplefiles.pdf_bytes(), "folder names"),
    ("plan\x00.pdf", samplefiles.pdf_bytes(), "control characters"),
    ("plan\r\n.pdf", samplefiles.pdf_bytes(), "control characters"),
]


@pytest.mark.parametrize("name,data,message", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files_are_refused_and_nothing_is_stored(inspection, lana, settings, name, data, message):
    with pytest.raises(ValidationError, match=message):
        services.upload_files(
            inspection=inspection, kind=catalogue.SELF_EVALUATION, by=lana, files=[incoming(name, data)]
        )
    assert not UploadedFile.objects.exists()
    assert not RequestItem.objects.exists()
    assert not ActivityEntry.objects.exists()
    assert stored_paths(settings) == []


def test_an_oversize_file_is_refused_with_the_configured_limit(inspection, lana, settings):
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 1024
    data = samplefiles.pdf_bytes() + b"\n" * 2000
    with pytest.raises(ValidationError, match="must be smaller than 1KB"):
        services.upload_files(
            inspection=inspection, kind=catalogue.SELF_EVALUATION, by=lana, files=[incoming("big.pdf", data)]
        )
    assert not UploadedFile.objects.exists() and stored_paths(settings) == []


def test_one_bad_file_stops_the_whole_upload(inspection, lana, settings):
    with pytest.raises(ValidationError, match="empty.pdf: The selected file is empty"):
        services.upload_files(
            inspection=inspection,
            kind=catalogue.SELF_EVALUATION,
            by=lana,
            files=[incoming("good.pdf"), incoming("empty.pdf", b"")],
        )
    assert not UploadedFile.objects.exists() and stored_paths(settings) == []


def test_no_upload_after_the_inspection_has_ended(inspection, lana, settings, time_machine):
    time_machine.move_to("2027-01-07 09:00:00+00:00", tick=False)
    with pytest.raises(ValidationError, match="inspection has ended"):
        upload(inspection, lana)
    assert not UploadedFile.objects.exists() and stored_paths(settings) == []


def test_uploads_are_still_open_on_the_day_of_final_feedback(inspection, lana, time_machine):
    time_machine.move_to("2027-01-06 16:00:00+00:00", tick=False)
    assert upload(inspection, lana)


def test_the_case_list_cannot_be_uploaded_here(inspection, lana):
    with pytest.raises(ValidationError, match="cannot be uploaded here"):
        upload(inspection, lana, kind=catalogue.CASE_LIST)


def test_other_documents_need_a_title_and_each_is_its_own_item(inspection, lana):
    with pytest.raises(ValidationError):
        upload(inspection, lana, kind=catalogue.OTHER)
    upload(inspection, lana, kind=catalogue.OTHER, title="Short breaks review")
    upload(inspection, lana, kind=catalogue.OTHER, title="Inclusion charter")
    titles = sorted(RequestItem.objects.filter(kind=catalogue.OTHER).values_list("title", flat=True))
    assert titles == ["Inclusion charter", "Short breaks review"]


def test_changes_requested_needs_a_comment_and_leads_then_see_it(inspection, lana, lead_inspector):
    [row] = upload(inspection, lana)
    with pytest.raises(ValidationError, match="Enter what the partnership needs to change"):
        services.review_item(
            inspection=inspection,
            item=row.item,
            decision=catalogue.CHANGES_REQUESTED,
            comment="  ",
            by=lead_inspector,
        )
    services.review_item(
        inspection=inspection,
        item=row.item,
        decision=catalogue.CHANGES_REQUESTED,
        comment="Please add the 2025-26 data for criterion 3.",
        by=lead_inspector,
    )
    tasks = selectors.task_list(inspection, today=BEFORE_DUE)
    row_for_lead = next(r for r in tasks.rows if r.key == catalogue.SELF_EVALUATION)
    assert row_for_lead.status_label == "Changes requested"
    assert row_for_lead.comment == "Please add the 2025-26 data for criterion 3."
    assert ActivityEntry.objects.filter(action=ActivityEntry.Action.CHANGES_REQUESTED, actor=lead_inspector).exists()


def test_a_new_version_after_changes_goes_back_to_uploaded(inspection, lana, lead_inspector):
    [row] = upload(inspection, lana)
    services.review_item(
        inspection=inspection,
        item=row.item,
        decision=catalogue.CHANGES_REQUESTED,
        comment="Add the action plan.",
        by=lead_inspector,
    )
    upload(inspection, lana, names=["Self-evaluation v2.pdf"])
    row.item.refresh_from_db()
    assert row.item.status == catalogue.UPLOADED


def test_an_item_with_nothing_uploaded_cannot_be_reviewed(inspection, lead_inspector):
    item = RequestItem.objects.create(inspection=inspection, kind="send-strategy")
    with pytest.raises(ValidationError, match="Nothing has been uploaded"):
        services.review_item(
            inspection=inspection, item=item, decision=catalogue.ACCEPTED, comment="", by=lead_inspector
        )


def test_task_list_due_dates_come_from_the_timeline_and_late_items_are_flagged(inspection, lana):
    upload(inspection, lana)
    on_time = selectors.task_list(inspection, today=date(2026, 12, 16))
    assert all(not r.is_late for r in on_time.rows)
    assert {r.due_on for r in on_time.rows} == {date(2026, 12, 16)}
    late = selectors.task_list(inspection, today=date(2026, 12, 17))
    late_keys = {r.key for r in late.late_rows}
    assert catalogue.SELF_EVALUATION not in late_keys  # uploaded
    assert {"send-strategy", "board-minutes", catalogue.CASE_LIST} <= late_keys
    assert next(r for r in late.rows if r.key == "send-strategy").status_label == "Overdue"


def test_task_list_has_every_item_of_the_request(inspection):
    rows = selectors.task_list(inspection, today=BEFORE_DUE).rows
    titles = [r.title for r in rows]
    for kind in catalogue.ITEM_KINDS:
        if not kind.repeatable:
            assert kind.title in titles
    case_list = next(r for r in rows if r.key == catalogue.CASE_LIST)
    assert case_list.handled_elsewhere


def test_uploaded_files_lists_latest_first_with_item_titles(inspection, lana, time_machine):
    upload(inspection, lana, names=["Draft.pdf"])
    time_machine.move_to("2026-12-15 11:00:00+00:00", tick=False)
    upload(inspection, lana, kind="send-strategy", names=["Strategy.pdf"])
    rows = list(selectors.uploaded_files(inspection))
    assert [(r.original_name, r.item.display_title) for r in rows] == [
        ("Strategy.pdf", "SEND strategy and action plans"),
        ("Draft.pdf", "Self-evaluation"),
    ]


def test_self_evaluation_summary_is_saved_per_criterion(inspection, lana):
    services.save_self_evaluation_entry(
        inspection=inspection,
        criterion=3,
        known="Most families wait too long.",
        next_steps="New triage from January.",
        by=lana,
    )
    services.save_self_evaluation_entry(
        inspection=inspection,
        criterion=3,
        known="Most families wait too long.",
        next_steps="New triage from February.",
        by=lana,
    )
    summary = selectors.self_evaluation_summary(inspection)
    assert list(summary) == [3]
    assert summary[3].known == "Most families wait too long."
    assert summary[3].next_steps == "New triage from February."
    assert SelfEvaluationEntry.objects.count() == 1
    assert ActivityEntry.objects.filter(action=ActivityEntry.Action.SUMMARY_UPDATED).count() == 2


def test_self_evaluation_summary_only_for_the_eleven_criteria(inspection, lana):
    with pytest.raises(ValidationError):
        services.save_self_evaluation_entry(inspection=inspection, criterion=12, known="x", next_steps="y", by=lana)


def test_two_saves_from_the_same_version_the_second_is_refused_and_the_first_kept(inspection, lana, local_area_lead):
    services.save_self_evaluation_entry(
        inspection=inspection, criterion=2, known="Waits are long.", next_steps="", by=lana, loaded_version=0
    )
    services.save_self_evaluation_entry(
        inspection=inspection, criterion=2, known="Waits are shorter.", next_steps="", by=lana, loaded_version=1
    )
    with pytest.raises(EditConflict) as refused:
        services.save_self_evaluation_entry(
            inspection=inspection,
            criterion=2,
            known="Waits are long, but falling.",
            next_steps="",
            by=local_area_lead,
            loaded_version=1,
        )
    assert refused.value.current_version == 2
    assert refused.value.saved_by == lana.display_name
    assert [(f.yours, f.theirs) for f in refused.value.fields if f.differs] == [
        ("Waits are long, but falling.", "Waits are shorter.")
    ]
    entry = SelfEvaluationEntry.objects.get(inspection=inspection, criterion=2)
    assert (entry.known, entry.version, entry.updated_by) == ("Waits are shorter.", 2, lana)


def test_two_first_saves_of_a_criterion_the_second_is_refused(inspection, lana, local_area_lead):
    services.save_self_evaluation_entry(
        inspection=inspection, criterion=5, known="Ours.", next_steps="", by=lana, loaded_version=0
    )
    with pytest.raises(EditConflict):
        services.save_self_evaluation_entry(
            inspection=inspection, criterion=5, known="Theirs.", next_steps="", by=local_area_lead, loaded_version=0
        )
    assert SelfEvaluationEntry.objects.get(criterion=5).known == "Ours."


def test_a_save_from_an_older_version_with_the_same_text_is_not_a_conflict(inspection, lana, local_area_lead):
    for text, by in (("First.", lana), ("Agreed wording.", lana)):
        services.save_self_evaluation_entry(inspection=inspection, criterion=1, known=text, next_steps="", by=by)
    entry = services.save_self_evaluation_entry(
        inspection=inspection,
        criterion=1,
        known="Agreed wording. ",
        next_steps="",
        by=local_area_lead,
        loaded_version=1,
    )
    assert (entry.known, entry.version) == ("Agreed wording.", 2)


def test_two_reviews_from_the_same_version_the_second_is_refused_and_the_first_kept(
    inspection, lana, lead_inspector, team_inspector
):
    [row] = upload(inspection, lana)
    services.review_item(
        inspection=inspection,
        item=row.item,
        decision=catalogue.CHANGES_REQUESTED,
        comment="Add criterion 9.",
        by=lead_inspector,
        loaded_version=1,
    )
    with pytest.raises(EditConflict) as refused:
        services.review_item(
            inspection=inspection,
            item=row.item,
            decision=catalogue.ACCEPTED,
            comment="",
            by=team_inspector,
            loaded_version=1,
        )
    assert refused.value.saved_by == lead_inspector.display_name
    assert [(f.name, f.yours, f.theirs) for f in refused.value.fields] == [
        ("decision", "Accepted", "Changes requested"),
        ("comment", "", "Add criterion 9."),
    ]
    item = RequestItem.objects.get(pk=row.item.pk)
    assert (item.status, item.review_comment, item.version) == (catalogue.CHANGES_REQUESTED, "Add criterion 9.", 2)
    same = services.review_item(
        inspection=inspection,
        item=row.item,
        decision=catalogue.CHANGES_REQUESTED,
        comment="Add criterion 9.",
        by=team_inspector,
        loaded_version=1,
    )
    assert (same.reviewed_by, same.version) == (team_inspector, 3)


def test_case_list_status_follows_the_case_list_stored_by_the_tracking_pages(inspection, other_partnership):
    from inspections.tests.factories import make_inspection
    from tracking.tests.factories import make_case_list

    make_case_list(make_inspection(partnership=other_partnership))
    assert selectors.case_list_status(inspection) == catalogue.NOT_STARTED
    make_case_list(inspection)
    assert selectors.case_list_status(inspection) == catalogue.UPLOADED


def test_a_failure_while_storing_leaves_no_rows_and_no_files(inspection, lana, settings, monkeypatch):
    original = ActivityEntry.objects.create

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(ActivityEntry.objects, "create", broken)
    with pytest.raises(RuntimeError):
        upload(inspection, lana, names=["One.pdf", "Two.pdf"])
    monkeypatch.setattr(ActivityEntry.objects, "create", original)
    assert not UploadedFile.objects.exists()
    assert stored_paths(settings) == []


def test_a_download_is_recorded_with_who_which_file_and_version(inspection, lana, team_inspector):
    upload(inspection, lana)
    [row] = upload(inspection, lana, names=["Self-evaluation final.pdf"])
    entry = services.record_download(inspection=inspection, file=row, by=team_inspector)
    assert entry.action == ActivityEntry.Action.DOWNLOADED
    assert (entry.actor, entry.item, entry.inspection) == (team_inspector, row.item, inspection)
    assert entry.description == "Downloaded Self-evaluation final.pdf from “Self-evaluation” (version 2)"
    assert list(selectors.activity_log(inspection))[0] == entry


def test_a_download_of_another_inspections_file_is_not_recorded(
    inspection, lana, other_partnership, other_partnership_lead
):
    from inspections.tests.factories import make_inspection

    other = make_inspection(partnership=other_partnership)
    [row] = upload(other, other_partnership_lead)
    with pytest.raises(ValidationError):
        services.record_download(inspection=inspection, file=row, by=lana)
    assert not ActivityEntry.objects.filter(action=ActivityEntry.Action.DOWNLOADED).exists()
