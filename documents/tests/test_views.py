"""The pages as leads and inspectors use them: task list, uploads, reviews, downloads, access."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT
from django.urls import reverse

from documents import catalogue, samplefiles
from documents.models import ActivityEntry, RequestItem, SelfEvaluationEntry, UploadedFile

from .factories import upload


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to("2026-12-15 10:00:00+00:00", tick=False)


def task_list_url(inspection):
    return reverse("documents:task_list", kwargs={"inspection_pk": inspection.pk})


def item_url(inspection, kind=catalogue.SELF_EVALUATION):
    return reverse("documents:item", kwargs={"inspection_pk": inspection.pk, "kind": kind})


def pdf(name="Self-evaluation.pdf", data=None):
    return SimpleUploadedFile(name, samplefiles.pdf_bytes() if data is None else data, "application/pdf")


def test_lead_sees_every_item_with_status_and_due_date(client_for, lana, inspection):
    response = client_for(lana).get(task_list_url(inspection))
    assert response.status_code == 200
    page = response.content.decode()
    for kind in catalogue.ITEM_KINDS:
        if not kind.repeatable:
            assert kind.title in page
    assert "Due by the end of Wednesday 16 December 2026" in page
    assert "Not started" in page
    assert "Add another document" in page


def test_lead_uploads_and_sees_the_status_change(client_for, lana, inspection):
    client = client_for(lana)
    response = client.post(item_url(inspection), {"files": [pdf()]})
    assert response.status_code == 302 and response.url == task_list_url(inspection)
    page = client.get(task_list_url(inspection)).content.decode()
    assert "Self-evaluation: 1 file uploaded" in page
    assert 'govuk-tag--light-blue">Uploaded' in page
    row = UploadedFile.objects.get()
    assert row.original_name == "Self-evaluation.pdf" and row.uploaded_by == lana


def test_lead_can_upload_several_files_at_once(client_for, lana, inspection):
    response = client_for(lana).post(
        item_url(inspection, "board-minutes"),
        {"files": [pdf("January.pdf"), SimpleUploadedFile("March.docx", samplefiles.docx_bytes())]},
    )
    assert response.status_code == 302
    assert sorted(UploadedFile.objects.values_list("original_name", flat=True)) == ["January.pdf", "March.docx"]


BAD = [
    ("photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, "The selected file must be a PDF, DOCX, XLSX, ODS, CSV or PPTX"),
    ("renamed.pdf", samplefiles.docx_bytes(), "The selected file is not a real PDF file"),
    ("empty.pdf", b"", "The selected file is empty"),
    ("plan.docm", samplefiles.docx_bytes(macro=True), "The selected file must not contain macros"),
    ("plan.xlsm", samplefiles.xlsx_bytes(), "The selected file must not contain macros"),
]


@pytest.mark.parametrize("name,data,message", BAD, ids=[b[0] for b in BAD])
def test_bad_uploads_show_a_govuk_error_and_store_nothing(client_for, lana, inspection, settings, name, data, message):
    response = client_for(lana).post(item_url(inspection), {"files": [SimpleUploadedFile(name, data)]})
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page and "There is a problem" in page
    assert message in page
    assert 'href="#id_files"' in page
    assert not UploadedFile.objects.exists() and not RequestItem.objects.exists()
    assert not (settings.MEDIA_ROOT.exists() and any(p.is_file() for p in settings.MEDIA_ROOT.rglob("*")))


def test_oversize_upload_is_refused_with_the_limit(client_for, lana, inspection, settings):
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 2048
    data = samplefiles.pdf_bytes() + b"\n" * 4096
    response = client_for(lana).post(item_url(inspection), {"files": [pdf("big.pdf", data)]})
    assert response.status_code == 400
    assert "The selected file must be smaller than 2KB" in response.content.decode()
    assert not UploadedFile.objects.exists()


def _raw_upload(client, url, filename: str, data: bytes):
    """Post a file whose name is sent exactly as given (test clients normally clean it)."""
    body = (
        (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="{filename}"\r\n'
            f"Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )
    return client.generic("POST", url, body, content_type=MULTIPART_CONTENT)


@pytest.mark.parametrize(
    "filename,message",
    [
        ("../../etc/cron.d/plan.pdf", "The file name must not include folder names"),
        ("C:\\Users\\sam\\plan.pdf", "The file name must not include folder names"),
        ("plan\x1b[31m.pdf", "The file name must not include control characters"),
        ("plan&#10;.pdf", "The file name must not include control characters"),
        ("../", "The file name must not include folder names"),
    ],
)
def test_file_names_with_path_parts_or_control_characters_are_refused(client_for, lana, inspection, filename, message):
    client = client_for(lana)
    response = _raw_upload(client, item_url(inspection), filename, samplefiles.pdf_bytes())
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not UploadedFile.objects.exists()


def test_an_ordinary_raw_upload_is_accepted(client_for, lana, inspection):
    response = _raw_upload(client_for(lana), item_url(inspection), "Self-evaluation 2026.pdf", samplefiles.pdf_bytes())
    assert response.status_code == 302
    assert UploadedFile.objects.get().original_name == "Self-evaluation 2026.pdf"


def test_no_file_selected(client_for, lana, inspection):
    response = client_for(lana).post(item_url(inspection), {})
    assert response.status_code == 400
    assert "Select a file to upload" in response.content.decode()


def test_upload_after_the_inspection_has_ended_is_refused(client_for, lana, inspection, time_machine):
    time_machine.move_to("2027-01-07 10:00:00+00:00", tick=False)
    client = client_for(lana)
    assert "no more can be uploaded" in client.get(task_list_url(inspection)).content.decode()
    response = client.post(item_url(inspection), {"files": [pdf()]})
    assert response.status_code == 400
    assert "The inspection has ended" in response.content.decode()
    assert not UploadedFile.objects.exists()


def test_lead_of_another_partnership_cannot_upload(client_for, other_partnership_lead, inspection):
    response = client_for(other_partnership_lead).post(item_url(inspection), {"files": [pdf()]})
    assert response.status_code == 404
    assert not UploadedFile.objects.exists()


def test_inspectors_cannot_upload(client_for, team_inspector, inspection):
    response = client_for(team_inspector).post(item_url(inspection), {"files": [pdf()]})
    assert response.status_code == 403
    assert not UploadedFile.objects.exists()


def download_url(inspection, row):
    return reverse("documents:download", kwargs={"inspection_pk": inspection.pk, "file_pk": row.pk})


@pytest.mark.parametrize("who", ["lana", "lead_inspector", "team_inspector", "cqc_inspector"])
def test_team_and_leads_download_as_attachment(request, client_for, lana, inspection, who):
    [row] = upload(inspection, lana, names=["Self evaluation «final».pdf"])
    response = client_for(request.getfixturevalue(who)).get(download_url(inspection, row))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Self%20evaluation%20%C2%ABfinal%C2%BB.pdf" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == samplefiles.pdf_bytes()


@pytest.mark.parametrize("who", ["other_partnership_lead", "unassigned_inspector"])
def test_outsiders_get_404_for_task_list_item_and_download(request, client_for, lana, inspection, who):
    [row] = upload(inspection, lana)
    client = client_for(request.getfixturevalue(who))
    assert client.get(task_list_url(inspection)).status_code == 404
    assert client.get(item_url(inspection)).status_code == 404
    assert client.get(download_url(inspection, row)).status_code == 404
    assert client.get(reverse("documents:summary", kwargs={"inspection_pk": inspection.pk})).status_code == 404


def test_a_file_from_another_inspection_is_not_found(
    client_for, lana, inspection, other_partnership, other_partnership_lead
):
    from inspections.tests.factories import make_inspection

    other = make_inspection(partnership=other_partnership)
    [row] = upload(other, other_partnership_lead)
    assert client_for(lana).get(download_url(inspection, row)).status_code == 404


def test_administrators_see_the_list_but_cannot_download(client_for, admin_user, lana, inspection):
    [row] = upload(inspection, lana)
    client = client_for(admin_user)
    assert client.get(task_list_url(inspection)).status_code == 200
    assert client.get(download_url(inspection, row)).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client, inspection):
    response = client.get(task_list_url(inspection))
    assert response.status_code == 302 and "sign-in" in response.url


def test_inspector_asks_for_changes_and_the_lead_sees_the_comment(client_for, lana, lead_inspector, inspection):
    upload(inspection, lana)
    inspector = client_for(lead_inspector)
    review_url = reverse("documents:review", kwargs={"inspection_pk": inspection.pk, "kind": catalogue.SELF_EVALUATION})
    page = inspector.get(item_url(inspection)).content.decode()
    assert "Save review" in page and "Upload a new version" not in page
    missing = inspector.post(review_url, {"decision": catalogue.CHANGES_REQUESTED, "comment": "", "version": 1})
    assert missing.status_code == 400
    assert "Enter what the partnership needs to change" in missing.content.decode()
    done = inspector.post(
        review_url,
        {
            "decision": catalogue.CHANGES_REQUESTED,
            "comment": "Please include the action plan for criterion 9.",
            "version": 1,
        },
    )
    assert done.status_code == 302
    lead_page = client_for(lana).get(task_list_url(inspection)).content.decode()
    assert "Changes requested" in lead_page
    assert "Please include the action plan for criterion 9." in lead_page


def test_leads_cannot_review(client_for, lana, inspection):
    upload(inspection, lana)
    review_url = reverse("documents:review", kwargs={"inspection_pk": inspection.pk, "kind": catalogue.SELF_EVALUATION})
    assert client_for(lana).post(review_url, {"decision": catalogue.ACCEPTED}).status_code == 403


def test_late_items_are_flagged_to_both_sides(client_for, lana, lead_inspector, inspection, time_machine):
    time_machine.move_to("2026-12-17 09:00:00+00:00", tick=False)
    for user in (lana, lead_inspector):
        page = client_for(user).get(task_list_url(inspection)).content.decode()
        assert "overdue" in page and 'govuk-tag--red">Overdue' in page


def test_case_list_row_points_to_the_case_list_pages(client_for, lana, inspection):
    page = client_for(lana).get(task_list_url(inspection)).content.decode()
    assert reverse("tracking:case_list", kwargs={"inspection_pk": inspection.pk}) in page
    assert "Person-level data (case list)" in page


def test_case_list_row_shows_the_case_list_uploaded_on_the_tracking_pages(client_for, lana, inspection):
    from tracking.tests.factories import make_case_list

    def case_list_tag():
        page = client_for(lana).get(task_list_url(inspection)).content.decode()
        row = page[page.index("Person-level data (case list)") :]
        return row[row.index("govuk-tag") : row.index("</strong>")]

    assert "Uploaded" not in case_list_tag()
    make_case_list(inspection)
    assert "Uploaded" in case_list_tag()


def test_other_documents_get_a_title(client_for, lana, inspection):
    client = client_for(lana)
    new_url = reverse("documents:new_other", kwargs={"inspection_pk": inspection.pk})
    missing = client.post(new_url, {"title": "", "files": [pdf("Review.pdf")]})
    assert "Enter a title for the document" in missing.content.decode()
    assert client.post(new_url, {"title": "Short breaks review", "files": [pdf("Review.pdf")]}).status_code == 302
    assert "Short breaks review" in client.get(task_list_url(inspection)).content.decode()


def test_self_evaluation_summary_save_and_continue_then_return(client_for, lana, lead_inspector, inspection):
    client = client_for(lana)

    def edit(n):
        return reverse("documents:summary_edit", kwargs={"inspection_pk": inspection.pk, "number": n})

    response = client.post(
        edit(1),
        {
            "known": "Assessments are timely in 80% of cases.",
            "next_steps": "Extra panel dates.",
            "save_and_continue": "",
            "version": 0,
        },
    )
    assert response.status_code == 302 and response.url == edit(2)
    response = client.post(
        edit(2), {"known": "Families co-produce plans.", "next_steps": "", "save_and_return": "", "version": 0}
    )
    assert response.url == reverse("documents:summary", kwargs={"inspection_pk": inspection.pk})
    assert SelfEvaluationEntry.objects.count() == 2
    assert "Assessments are timely" in client.get(edit(1)).content.decode()  # saved answers come back
    inspector_page = client_for(lead_inspector).get(response.url).content.decode()
    assert "Families co-produce plans." in inspector_page
    assert client_for(lead_inspector).get(edit(1)).status_code == 403


def test_summary_page_continues_with_the_first_unfinished_criterion(client_for, lana, inspection):
    from documents import services

    for number in (1, 2, 3, 4):
        services.save_self_evaluation_entry(
            inspection=inspection, criterion=number, known="Known.", next_steps="Next.", by=lana
        )
    services.save_self_evaluation_entry(inspection=inspection, criterion=6, known="Half done.", next_steps="", by=lana)
    summary_url = reverse("documents:summary", kwargs={"inspection_pk": inspection.pk})
    page = client_for(lana).get(summary_url).content.decode()
    continue_url = reverse("documents:summary_edit", kwargs={"inspection_pk": inspection.pk, "number": 5})
    assert "Continue with criterion 5" in page and f'href="{continue_url}"' in page
    assert "Continue with criterion 1" not in page


def test_empty_save_and_continue_logs_nothing(client_for, lana, inspection):
    client = client_for(lana)
    edit = reverse("documents:summary_edit", kwargs={"inspection_pk": inspection.pk, "number": 1})
    for _ in range(2):
        response = client.post(edit, {"known": "", "next_steps": "", "save_and_continue": "", "version": 0})
        assert response.status_code == 302
    activity = client.get(reverse("documents:activity", kwargs={"inspection_pk": inspection.pk})).content.decode()
    assert "Updated the self-evaluation summary" not in activity
    assert not SelfEvaluationEntry.objects.exists()
    page = client.get(reverse("documents:summary", kwargs={"inspection_pk": inspection.pk})).content.decode()
    assert "Start with criterion 1" in page


def test_summary_text_over_the_limit_is_refused(client_for, lana, inspection):
    edit = reverse("documents:summary_edit", kwargs={"inspection_pk": inspection.pk, "number": 4})
    response = client_for(lana).post(edit, {"known": "x" * 2001, "next_steps": "", "version": 0})
    assert response.status_code == 400
    assert "must be 2000 characters or fewer" in response.content.decode()
    assert not SelfEvaluationEntry.objects.exists()


def test_a_summary_saved_from_a_page_opened_before_someone_elses_save_shows_both_texts(
    client_for, lana, local_area_lead, inspection
):
    from documents import services

    edit = reverse("documents:summary_edit", kwargs={"inspection_pk": inspection.pk, "number": 3})
    client = client_for(local_area_lead)
    assert 'name="version" value="0"' in client.get(edit).content.decode()
    services.save_self_evaluation_entry(
        inspection=inspection, criterion=3, known="Lana's words.", next_steps="Triage.", by=lana, loaded_version=0
    )
    response = client.post(edit, {"known": "My words.", "next_steps": "Triage.", "save_and_return": "", "version": 0})
    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else has changed this since you opened it" in page
    assert "Lana&#x27;s words." in page and ">My words.</textarea>" in page
    assert f"{lana.display_name} saved a newer version" in page
    assert SelfEvaluationEntry.objects.get(criterion=3).known == "Lana's words."
    # Saving from the conflict page is a deliberate choice at the newer version, and it goes through.
    merged = client.post(
        edit, {"known": "Lana's words. My words.", "next_steps": "Triage.", "save_and_return": "", "version": 1}
    )
    assert merged.status_code == 302
    assert merged.url == reverse("documents:summary", kwargs={"inspection_pk": inspection.pk})
    assert SelfEvaluationEntry.objects.get(criterion=3).known == "Lana's words. My words."


def test_a_summary_form_without_a_version_is_refused_on_the_page(client_for, lana, inspection):
    edit = reverse("documents:summary_edit", kwargs={"inspection_pk": inspection.pk, "number": 1})
    response = client_for(lana).post(edit, {"known": "Words.", "next_steps": ""})
    assert response.status_code == 400
    assert "Reload the page" in response.content.decode()
    assert not SelfEvaluationEntry.objects.exists()


def test_a_review_from_a_page_drawn_before_a_new_upload_shows_both_and_saves_from_the_conflict_page(
    client_for, lana, lead_inspector, inspection
):
    from documents import services

    [row] = upload(inspection, lana)
    services.review_item(
        inspection=inspection,
        item=row.item,
        decision=catalogue.CHANGES_REQUESTED,
        comment="Add criterion 9.",
        by=lead_inspector,
        loaded_version=1,
    )
    upload(inspection, lana)  # version 2 of the file, not yet seen by the reviewer
    review_url = reverse("documents:review", kwargs={"inspection_pk": inspection.pk, "kind": row.item.kind})
    client = client_for(lead_inspector)
    response = client.post(review_url, {"decision": catalogue.ACCEPTED, "comment": "", "version": 2})
    page = response.content.decode()
    assert response.status_code == 409
    assert "A new version (version 2) was uploaded and is waiting for review" in page
    assert 'name="decision" value="accepted"' in page and 'name="version" value="3"' in page
    item = RequestItem.objects.get(pk=row.item.pk)
    assert item.status == catalogue.UPLOADED
    response = client.post(review_url, {"decision": catalogue.ACCEPTED, "comment": "", "version": 3})
    assert response.status_code == 302
    assert RequestItem.objects.get(pk=row.item.pk).status == catalogue.ACCEPTED


def test_activity_log_shows_uploads_and_reviews(client_for, lana, lead_inspector, inspection):
    [row] = upload(inspection, lana)
    from documents import services

    services.review_item(
        inspection=inspection, item=row.item, decision=catalogue.ACCEPTED, comment="", by=lead_inspector
    )
    page = client_for(lana).get(reverse("documents:activity", kwargs={"inspection_pk": inspection.pk})).content.decode()
    assert "Uploaded Self-evaluation.pdf for “Self-evaluation” (version 1)" in page
    assert "Accepted “Self-evaluation”" in page
    assert lead_inspector.display_name in page
    assert ActivityEntry.objects.count() == 2


def test_task_list_costs_a_fixed_number_of_queries(client_for, lana, inspection, django_assert_max_num_queries):
    for kind in ("send-strategy", "board-minutes", "performance-data"):
        upload(inspection, lana, kind=kind, names=["a.pdf", "b.pdf"])
    client = client_for(lana)
    client.get(task_list_url(inspection))
    with django_assert_max_num_queries(16):
        client.get(task_list_url(inspection))


def test_other_documents_are_reviewed_on_their_own_page(client_for, lana, lead_inspector, inspection):
    [row] = upload(inspection, lana, kind=catalogue.OTHER, title="Inclusion charter", names=["Charter.pdf"])
    page_url = reverse("documents:other_item", kwargs={"inspection_pk": inspection.pk, "item_pk": row.item.pk})
    inspector = client_for(lead_inspector)
    assert "Inclusion charter" in inspector.get(page_url).content.decode()
    review_url = reverse("documents:review_other", kwargs={"inspection_pk": inspection.pk, "item_pk": row.item.pk})
    assert inspector.post(review_url, {"decision": catalogue.ACCEPTED, "version": 1}).status_code == 302
    row.item.refresh_from_db()
    assert row.item.status == catalogue.ACCEPTED
    new_url = reverse("documents:new_other", kwargs={"inspection_pk": inspection.pk})
    assert inspector.get(new_url).status_code == 404  # only leads add documents


def test_an_unknown_document_kind_is_not_found(client_for, lana, inspection):
    assert client_for(lana).get(item_url(inspection, "no-such-thing")).status_code == 404


def test_uploads_without_the_form_token_are_refused(lana, inspection):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(lana, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(item_url(inspection), {"files": [pdf()]})
    assert response.status_code == 403
    assert not UploadedFile.objects.exists()


def test_an_oversize_file_is_dropped_while_it_arrives(client_for, lana, inspection, settings):
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 100 * 1024
    data = samplefiles.pdf_bytes() + b"%" + b"0" * (400 * 1024)
    response = client_for(lana).post(item_url(inspection), {"files": [pdf("big.pdf", data)]})
    assert response.status_code == 400
    assert "The selected file must be smaller than 100KB" in response.content.decode()
    assert not UploadedFile.objects.exists()


def test_the_size_limit_handler_stops_keeping_a_file_past_the_limit(rf):
    from django.core.files.uploadhandler import SkipFile

    from documents.uploads import SizeLimitHandler, limit_upload_size

    request = rf.post("/")
    limit_upload_size(request, 10)
    handler = request.upload_handlers[0]
    assert isinstance(handler, SizeLimitHandler)
    handler.new_file("files", "big.pdf", "application/pdf", 20)
    assert handler.receive_data_chunk(b"12345", 0) == b"12345"  # passed on to the next handler
    with pytest.raises(SkipFile):
        handler.receive_data_chunk(b"678901", 5)
    assert request.oversize_file_names == ["big.pdf"]


def activity_url(inspection):
    return reverse("documents:activity", kwargs={"inspection_pk": inspection.pk})


def test_a_download_is_recorded_in_the_activity_log(client_for, lana, lead_inspector, inspection):
    upload(inspection, lana)
    [row] = upload(inspection, lana, names=["Self-evaluation v2.pdf"])
    response = client_for(lead_inspector).get(download_url(inspection, row))
    assert response.status_code == 200
    b"".join(response.streaming_content)
    entry = ActivityEntry.objects.get(action=ActivityEntry.Action.DOWNLOADED)
    assert entry.actor == lead_inspector and entry.item == row.item and entry.inspection == inspection
    page = client_for(lana).get(activity_url(inspection)).content.decode()
    assert "Downloaded Self-evaluation v2.pdf from “Self-evaluation” (version 2)" in page
    assert lead_inspector.display_name in page
    assert '<time datetime="2026-12-15T10:00:00' in page


@pytest.mark.parametrize(
    "who,status", [("admin_user", 403), ("other_partnership_lead", 404), ("unassigned_inspector", 404)]
)
def test_a_refused_download_records_nothing(request, client_for, lana, inspection, who, status):
    [row] = upload(inspection, lana)
    before = ActivityEntry.objects.count()
    assert client_for(request.getfixturevalue(who)).get(download_url(inspection, row)).status_code == status
    assert ActivityEntry.objects.count() == before
    assert not ActivityEntry.objects.filter(action=ActivityEntry.Action.DOWNLOADED).exists()


def test_a_file_missing_from_storage_records_no_download(client_for, lana, inspection):
    [row] = upload(inspection, lana)
    row.file.storage.delete(row.file.name)
    assert client_for(lana).get(download_url(inspection, row)).status_code == 404
    assert not ActivityEntry.objects.filter(action=ActivityEntry.Action.DOWNLOADED).exists()


def _nav(page: str) -> str:
    start = page.index('<nav class="app-subnav" aria-label="Inspection sections">')
    return page[start : page.index("</nav>", start)]


@pytest.mark.parametrize("who", ["lana", "lead_inspector"])
def test_item_summary_and_activity_pages_show_the_inspection_sections(request, client_for, lana, inspection, who):
    upload(inspection, lana)
    [other] = upload(inspection, lana, kind=catalogue.OTHER, title="Inclusion charter", names=["Charter.pdf"])
    client = client_for(request.getfixturevalue(who))
    urls = [
        item_url(inspection),
        item_url(inspection, "board-minutes"),
        reverse("documents:other_item", kwargs={"inspection_pk": inspection.pk, "item_pk": other.item.pk}),
        reverse("documents:summary", kwargs={"inspection_pk": inspection.pk}),
        activity_url(inspection),
    ]
    if who == "lana":
        urls.append(reverse("documents:summary_edit", kwargs={"inspection_pk": inspection.pk, "number": 2}))
    for url in urls:
        page = client.get(url).content.decode()
        nav = _nav(page)
        assert f'href="{task_list_url(inspection)}" aria-current="page">Information request</a>' in nav, url
        assert "Timeline" in nav and "Surveys" in nav
        assert "Back to the information request" not in page


def test_the_summary_question_pages_keep_their_back_link(client_for, lana, inspection):
    page = (
        client_for(lana)
        .get(reverse("documents:summary_edit", kwargs={"inspection_pk": inspection.pk, "number": 2}))
        .content.decode()
    )
    previous = reverse("documents:summary_edit", kwargs={"inspection_pk": inspection.pk, "number": 1})
    assert f'<a href="{previous}" class="govuk-back-link">Back</a>' in page
