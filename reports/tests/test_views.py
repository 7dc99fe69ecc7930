"""The report pages as each kind of user meets them."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from reports import selectors, services
from reports.models import FactualAccuracyComment, Report, ReportPdf, Stage


def url(name, inspection, *args):
    return reverse(f"reports:{name}", args=[inspection.pk, *args])


def sent(report, **sections):
    """What the page sends: each section with the version it was drawn from (the current one)."""
    versions = selectors.section_versions(report)
    return {**sections, **{f"version_{name}": versions[name] for name in sections}}


def test_lead_inspector_sees_the_report_page_with_generate_button(client_for, lead_inspector, report):
    response = client_for(lead_inspector).get(url("overview", report.inspection))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Generate PDF" in content and "Send for factual accuracy check" in content
    assert f'href="/inspections/{report.inspection.pk}/report/"' in content  # in the section navigation


class TestTheReportIsStartedOnPurpose:
    """Opening the report pages never creates the report; the lead inspector's "Start the report" does."""

    @pytest.mark.parametrize(
        "who", ["lead_inspector", "team_inspector", "cqc_inspector", "admin_user", "lana", "local_area_lead"]
    )
    def test_opening_the_pages_creates_nothing(self, request, client_for, who, decided):
        client = client_for(request.getfixturevalue(who))
        assert client.get(url("overview", decided)).status_code == 200
        client.get(url("preview", decided))
        client.get(url("edit", decided))
        assert Report.objects.count() == 0

    def test_the_lead_inspector_starts_it(self, client_for, lead_inspector, decided):
        client = client_for(lead_inspector)
        assert "Start the report" in client.get(url("overview", decided)).content.decode()
        assert client.get(url("edit", decided)).status_code == 302  # back to the page with the button
        response = client.post(url("start", decided))
        assert response.status_code == 302 and response.url == url("edit", decided)
        report = Report.objects.get(inspection=decided)
        assert report.stage == Stage.DRAFT and report.updated_by == lead_inspector
        assert list(report.events.values_list("to_stage", "by")) == [(Stage.DRAFT, lead_inspector.pk)]
        client.post(url("start", decided))
        assert Report.objects.count() == 1 and report.events.count() == 1
        content = client.get(url("overview", decided)).content.decode()
        assert "Start the report" not in content and "Send for factual accuracy check" in content

    @pytest.mark.parametrize(
        "who,status",
        [
            ("team_inspector", 403),
            ("cqc_inspector", 403),
            ("admin_user", 403),
            ("lana", 403),
            ("local_area_lead", 403),
            ("unassigned_inspector", 404),
            ("other_partnership_lead", 404),
        ],
    )
    def test_nobody_else_may(self, request, client_for, who, status, decided):
        client = client_for(request.getfixturevalue(who))
        page = client.get(url("overview", decided))
        assert "Start the report" not in page.content.decode()
        assert client.post(url("start", decided)).status_code == status
        assert Report.objects.count() == 0

    def test_signed_out_people_may_not(self, client, decided):
        response = client.post(url("start", decided))
        assert response.status_code == 302 and "sign-in" in response.url
        assert Report.objects.count() == 0

    @pytest.mark.parametrize("name,data", [("autosave", {"child_experience": "x"}), ("generate_pdf", {})])
    def test_other_posts_need_a_started_report(self, client_for, lead_inspector, decided, name, data):
        assert client_for(lead_inspector).post(url(name, decided), data).status_code == 404
        assert Report.objects.count() == 0

    def test_starting_is_a_post(self, client_for, lead_inspector, decided):
        assert client_for(lead_inspector).get(url("start", decided)).status_code == 405


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
        sent(report, partnership_information="", child_experience="Typed so far", effective="", better=""),
    )
    assert response.status_code == 200
    assert response.json()["saved"] is True and response.json()["saved_at"]
    report.refresh_from_db()
    assert report.child_experience == "Typed so far"


def test_autosave_changes_only_the_sections_sent(client_for, lead_inspector, report):
    client = client_for(lead_inspector)
    client.post(
        url("autosave", report.inspection), sent(report, effective="Early help works.", better="Waits are long.")
    )
    response = client.post(url("autosave", report.inspection), sent(report, better="Waits for therapy are long."))
    assert response.json()["saved"] is True
    report.refresh_from_db()
    assert report.effective == "Early help works." and report.better == "Waits for therapy are long."
    assert report.child_experience == "Most children and young people with SEND in Northshire get the help they need."


def test_edit_form_saves_without_javascript(client_for, lead_inspector, report):
    response = client_for(lead_inspector).post(
        url("edit", report.inspection),
        sent(report, partnership_information="About the area", child_experience="x", effective="", better=""),
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
    services.add_factual_accuracy_comment(report=report, by=local_area_lead, text="Date of the visit is wrong.")
    assert (
        "Date of the visit is wrong."
        in client_for(team_inspector).get(url("overview", report.inspection)).content.decode()
    )


def test_publish_refusal_lists_each_finding(client_for, lead_inspector, local_area_lead, report, monkeypatch):
    services.save_narrative(report=report, by=lead_inspector, data={"better": "Call 0161 496 0000 or a@b.org."})
    services.send_for_factual_accuracy(report=report, by=lead_inspector)
    services.add_factual_accuracy_comment(report=report, by=local_area_lead, text="ok")
    services.mark_final(report=report, by=lead_inspector)
    monkeypatch.setattr(selectors, "_child_refs", lambda inspection: set())
    response = client_for(lead_inspector).post(url("stage", report.inspection), {"action": "publish"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "could identify a child, family or survey respondent" in content
    assert "What does the area partnership need to do better?: uk phone number “0161 496 0000”" in content
    assert "email address “a@b.org”" in content
    assert Report.objects.get(pk=report.pk).stage == Stage.FINAL


def test_publish_refusal_lists_a_quote_once_and_links_to_the_section_to_edit(
    client_for, lead_inspector, local_area_lead, report, monkeypatch
):
    quote = "the wait for an assessment was far too long for our family"
    services.save_narrative(report=report, by=lead_inspector, data={"better": f"One parent said {quote}."})
    services.send_for_factual_accuracy(report=report, by=lead_inspector)
    services.add_factual_accuracy_comment(report=report, by=local_area_lead, text="ok")
    services.mark_final(report=report, by=lead_inspector)
    monkeypatch.setattr(selectors, "_child_refs", lambda inspection: set())
    monkeypatch.setattr(selectors, "_survey_answers", lambda inspection: [f"I think {quote}!"] * 10)
    response = client_for(lead_inspector).post(url("stage", report.inspection), {"action": "publish"})
    content = response.content.decode()
    assert content.lower().count("survey answer quoted word for word") == 2  # the summary and the list, once each
    assert '<a href="#finding-1">' in content and 'id="finding-1"' in content
    assert 'href="#stage-actions"' not in content and 'id="finding-2"' not in content
    assert url("edit", report.inspection) + "#id_better" in content
    assert "Return the report to draft to change its text" in content


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
    services.add_factual_accuracy_comment(report=report, by=local_area_lead, text="ok")
    services.mark_final(report=report, by=lead_inspector)
    row = services.publish_report(report=report, by=lead_inspector, enqueue=False)
    services.render_report_pdf_file(pdf_id=row.pk)
    response = client_for(request.getfixturevalue(who)).get(url("download_published", report.inspection))
    assert response.status_code == 200
    assert "area-send-inspection-northshire-v" in response["Content-Disposition"]


def test_published_download_is_404_before_publication(client_for, lead_inspector, report):
    assert client_for(lead_inspector).get(url("download_published", report.inspection)).status_code == 404


@pytest.mark.django_db
def test_leads_dashboard_lists_the_comment_deadline_during_factual_accuracy(client_for, lead_inspector, lana, report):
    with time_machine.travel(date(2027, 2, 1), tick=False):
        services.send_for_factual_accuracy(report=report, by=lead_inspector, today=date(2027, 2, 1))
        html = client_for(lana).get("/").content.decode()
    due = html.split("Due from you next", 1)[1].split("</div>", 1)[0]
    assert "Comments on the draft report (factual accuracy check)" in due
    assert "Monday 8 February 2027" in due


@pytest.mark.django_db
def test_publishing_completes_the_timeline_and_tells_the_leads_what_they_owe(
    client_for, lead_inspector, local_area_lead, lana, report
):
    inspection = report.inspection
    with time_machine.travel(date(2027, 3, 1), tick=False):
        services.send_for_factual_accuracy(report=report, by=lead_inspector)
        services.add_factual_accuracy_comment(report=report, by=local_area_lead, text="ok")
        services.mark_final(report=report, by=lead_inspector)
        services.publish_report(report=report, by=lead_inspector, enqueue=False)

        detail_url = reverse("inspections:detail", kwargs={"inspection_pk": inspection.pk})
        timeline = client_for(lead_inspector).get(detail_url).content.decode()
        published = timeline.split('id="milestone-report_published"', 1)[1].split("</li>", 1)[0]
        assert "Report published" in published and "(planned)" not in published
        assert "Done" in published and "Monday 1 March 2027" in published
        assert "Move" not in published

        move_url = reverse(
            "inspections:move_milestone", kwargs={"inspection_pk": inspection.pk, "key": "report_published"}
        )
        refused = client_for(lead_inspector).post(
            move_url, {"starts_on_0": "8", "starts_on_1": "3", "starts_on_2": "2027", "reason": "Later"}
        )
        assert "it can no longer be moved" in refused.content.decode()
        assert inspection.milestones.get(key="report_published").starts_on == date(2027, 3, 1)

        inspectors_dashboard = client_for(lead_inspector).get("/").content.decode()
        assert "Report published (planned)" not in inspectors_dashboard

        leads_dashboard = client_for(lana).get("/").content.decode()
    assert "Report published (planned)" not in leads_dashboard
    due = leads_dashboard.split("Due from you next", 1)[1].split("</div>", 1)[0]
    assert "Priority action plan" in due and "Wednesday 21 April 2027" in due


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
    client_for(lead_inspector).post(
        url("autosave", report.inspection), sent(report, effective="Early identification works.")
    )
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


def test_lead_inspector_answers_each_comment_and_the_leads_see_it(client_for, lead_inspector, local_area_lead, report):
    services.send_for_factual_accuracy(report=report, by=lead_inspector)
    wrong = services.add_factual_accuracy_comment(report=report, by=local_area_lead, text="The date is 3 May.")
    disputed = services.add_factual_accuracy_comment(report=report, by=local_area_lead, text="Waits are shorter.")
    lead = client_for(lead_inspector)
    answer_url = reverse("reports:answer", args=[report.inspection.pk, disputed.pk])
    assert answer_url in lead.get(url("overview", report.inspection)).content.decode()
    refused = lead.post(answer_url, {"response": "not_accepted", "text": ""})
    assert refused.status_code == 400 and "Enter why the comment was not accepted" in refused.content.decode()
    assert 'href="#id_text"' in refused.content.decode()
    lead.post(reverse("reports:answer", args=[report.inspection.pk, wrong.pk]), {"response": "accepted", "text": ""})
    lead.post(answer_url, {"response": "not_accepted", "text": "The survey shows waits of 30 weeks."})
    page = client_for(local_area_lead).get(url("overview", report.inspection)).content.decode()
    assert "Accepted and changed" in page
    assert "Not accepted" in page and "The survey shows waits of 30 weeks." in page
    assert answer_url not in page  # only the lead inspector answers
    assert client_for(local_area_lead).post(answer_url, {"response": "accepted"}).status_code in (403, 404)
