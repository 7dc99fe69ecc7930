"""The report pages as each kind of user meets them."""

import pytest
from django.urls import reverse

from reports import selectors, services
from reports.models import FactualAccuracyComment, Report, ReportPdf, Stage


def url(name, inspection, *args):
    return reverse(f"reports:{name}", args=[inspection.pk, *args])


def test_lead_inspector_sees_the_report_page_with_generate_button(client_for, lead_inspector, decided):
    response = client_for(lead_inspector).get(url("overview", decided))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Generate PDF" in content and "Send for factual accuracy check" in content
    assert f'href="/inspections/{decided.pk}/report/"' in content  # in the section navigation


def test_report_section_is_hidden_from_other_partnerships(client_for, other_partnership_lead, decided):
    assert client_for(other_partnership_lead).get(url("overview", decided)).status_code == 404


def test_team_members_cannot_edit_or_publish(client_for, team_inspector, report):
    client = client_for(team_inspector)
    assert client.get(url("edit", report.inspection)).status_code == 403
    assert client.post(url("stage", report.inspection), {"action": "send_for_factual_accuracy"}).status_code == 403
    assert client.get(url("preview", report.inspection)).status_code == 200


def test_autosave_saves_the_draft_and_says_when(client_for, lead_inspector, report):
    response = client_for(lead_inspector).post(
        url("autosave", report.inspection),
        {"partnership_information": "", "child_experience": "Typed so far", "effective": "", "better": ""},
    )
    assert response.status_code == 200
    assert response.json()["saved"] is True and response.json()["saved_at"]
    report.refresh_from_db()
    assert report.child_experience == "Typed so far"


def test_autosave_changes_only_the_sections_sent(client_for, lead_inspector, report):
    client = client_for(lead_inspector)
    client.post(url("autosave", report.inspection), {"effective": "Early help works.", "better": "Waits are long."})
    response = client.post(url("autosave", report.inspection), {"better": "Waits for therapy are long."})
    assert response.json()["saved"] is True
    report.refresh_from_db()
    assert report.effective == "Early help works." and report.better == "Waits for therapy are long."
    assert report.child_experience == "Most children and young people with SEND in Northshire get the help they need."


def test_edit_form_saves_without_javascript(client_for, lead_inspector, report):
    response = client_for(lead_inspector).post(
        url("edit", report.inspection),
        {"partnership_information": "About the area", "child_experience": "x", "effective": "", "better": ""},
    )
    assert response.status_code == 302
    assert Report.objects.get(pk=report.pk).partnership_information == "About the area"


def test_preview_shows_the_report_text_and_draft_mark(client_for, lead_inspector, report):
    content = client_for(lead_inspector).get(url("preview", report.inspection)).content.decode()
    assert "Most children and young people with SEND in Northshire" in content
    assert "Areas for priority action" in content and "DRAFT" in content


def test_partnership_reads_the_draft_only_during_factual_accuracy(client_for, lead_inspector, local_area_lead, report):
    client = client_for(local_area_lead)
    assert client.get(url("preview", report.inspection)).status_code == 403
    assert "Generate PDF" not in client.get(url("overview", report.inspection)).content.decode()
    services.send_for_factual_accuracy(report=report, by=lead_inspector)
    assert client.get(url("preview", report.inspection)).status_code == 200
    response = client.post(url("comment", report.inspection), {"section": "", "text": "The council's name is wrong."})
    assert response.status_code == 302
    assert FactualAccuracyComment.objects.get().author == local_area_lead


def test_empty_comment_shows_the_error_summary(client_for, lead_inspector, local_area_lead, report):
    services.send_for_factual_accuracy(report=report, by=lead_inspector)
    response = client_for(local_area_lead).post(url("comment", report.inspection), {"section": "", "text": ""})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode() and "Enter your comment" in response.content.decode()


def test_inspectors_see_the_partnerships_comments(client_for, lead_inspector, team_inspector, local_area_lead, report):
    services.send_for_factual_accuracy(report=report, by=lead_inspector)
    services.add_factual_accuracy_comment(report=report, author=local_area_lead, text="Date of the visit is wrong.")
    assert (
        "Date of the visit is wrong."
        in client_for(team_inspector).get(url("overview", report.inspection)).content.decode()
    )


def test_publish_refusal_lists_each_finding(client_for, lead_inspector, local_area_lead, report, monkeypatch):
    services.save_narrative(report=report, by=lead_inspector, data={"better": "Call 0161 496 0000 or a@b.org."})
    services.send_for_factual_accuracy(report=report, by=lead_inspector)
    services.add_factual_accuracy_comment(report=report, author=local_area_lead, text="ok")
    services.mark_final(report=report, by=lead_inspector)
    monkeypatch.setattr(selectors, "_child_refs", lambda inspection: set())
    response = client_for(lead_inspector).post(url("stage", report.inspection), {"action": "publish"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "could identify a child, family or survey respondent" in content
    assert "What does the area partnership need to do better?: uk phone number “0161 496 0000”" in content
    assert "email address “a@b.org”" in content
    assert Report.objects.get(pk=report.pk).stage == Stage.FINAL


def test_generate_pdf_returns_its_state_for_the_page_script(
    client_for, lead_inspector, report, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        response = client_for(lead_inspector).post(
            url("generate_pdf", report.inspection), HTTP_ACCEPT="application/json"
        )
    data = response.json()
    assert data["state"] == "queued" and "being made" in data["html"]
    pdf = ReportPdf.objects.get()
    services.render_report_pdf_file(pdf_id=pdf.pk)
    status = client_for(lead_inspector).get(data["status_url"]).json()
    assert status["state"] == "ready" and status["download_url"]
    download = client_for(lead_inspector).get(status["download_url"])
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_partnership_cannot_download_a_draft_pdf_made_before_factual_accuracy(client_for, local_area_lead, report):
    row = services.render_report_now(report=report)
    assert client_for(local_area_lead).get(url("download_pdf", report.inspection, row.pk)).status_code == 403


@pytest.mark.parametrize("who", ["admin_user", "team_inspector", "local_area_lead", "lana"])
def test_everyone_who_may_see_it_downloads_the_published_report(
    who, request, client_for, lead_inspector, local_area_lead, report
):
    services.send_for_factual_accuracy(report=report, by=lead_inspector)
    services.add_factual_accuracy_comment(report=report, author=local_area_lead, text="ok")
    services.mark_final(report=report, by=lead_inspector)
    row = services.publish_report(report=report, by=lead_inspector, enqueue=False)
    services.render_report_pdf_file(pdf_id=row.pk)
    response = client_for(request.getfixturevalue(who)).get(url("download_published", report.inspection))
    assert response.status_code == 200
    assert "area-send-inspection-northshire-v" in response["Content-Disposition"]


def test_published_download_is_404_before_publication(client_for, lead_inspector, report):
    assert client_for(lead_inspector).get(url("download_published", report.inspection)).status_code == 404


SUMMARY_EFFECTIVE = "Needs are identified early in the youngest children."


def test_the_teams_summaries_stay_with_the_team_until_the_lead_copies_them(
    client_for, lead_inspector, report, local_area_lead
):
    assert SUMMARY_EFFECTIVE not in client_for(lead_inspector).get(url("preview", report.inspection)).content.decode()
    response = client_for(lead_inspector).post(url("start_from_summaries", report.inspection), follow=True)
    page = response.content.decode()
    assert "Copied the team&#x27;s summaries into" in page and SUMMARY_EFFECTIVE in page  # now in the editor
    report.refresh_from_db()
    assert report.effective.startswith(SUMMARY_EFFECTIVE)
    assert "Families do not always hear what changed as a result." in report.better
    # The lead edits the copied text before it is shared.
    client_for(lead_inspector).post(url("autosave", report.inspection), {"effective": "Early identification works."})
    report.refresh_from_db()
    assert report.effective == "Early identification works."
    # A second copy never overwrites what the lead wrote.
    page = client_for(lead_inspector).post(url("start_from_summaries", report.inspection), follow=True)
    assert "There is nothing to copy" in page.content.decode()
    report.refresh_from_db()
    assert report.effective == "Early identification works."


def test_only_the_lead_inspector_may_start_from_the_summaries(client_for, team_inspector, local_area_lead, report):
    for user in (team_inspector, local_area_lead):
        response = client_for(user).post(url("start_from_summaries", report.inspection))
        assert response.status_code in (403, 404)
    report.refresh_from_db()
    assert report.effective == "" and report.better == ""
