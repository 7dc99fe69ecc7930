"""The pages: who may do what, and what each person sees."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tracking import services
from tracking.models import Case, CaseList, SampledCase, TrackedChild
from tracking.tests.factories import make_case_list, rows_to_csv, varied_rows

pytestmark = pytest.mark.django_db


def url(name: str, inspection, **kwargs) -> str:
    return reverse(f"tracking:{name}", kwargs={"inspection_pk": inspection.pk, **kwargs})


def streamed(response) -> str:
    return b"".join(response.streaming_content).decode()


def upload(client, inspection, data: bytes, name: str = "list.csv"):
    return client.post(url("case_list", inspection), {"file": SimpleUploadedFile(name, data, "text/csv")})


def test_local_area_lead_uploads_the_case_list(inspection, lana, client_for):
    client = client_for(lana)
    page = client.get(url("case_list", inspection))
    assert page.status_code == 200 and "Not started" in page.content.decode()
    response = upload(client, inspection, rows_to_csv(varied_rows()))
    assert response.status_code == 302
    page = client.get(url("case_list", inspection)).content.decode()
    assert "Uploaded" in page and "27" in page


def test_bad_row_shows_row_level_problems_and_stores_nothing(inspection, lana, client_for):
    client = client_for(lana)
    response = upload(client, inspection, rows_to_csv(varied_rows(), bad={"primary_need": "AUTISM"}))
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body and "Nothing was saved" in body
    assert "AUTISM" in body and "Enter an SEN2 code" in body
    assert not CaseList.objects.exists()
    token = response.context["problems"]["token"]
    download = client.get(url("case_list_errors", inspection, token=token))
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    assert "2,primary_need,AUTISM" in streamed(download)


def test_problems_download_is_private_to_the_uploader(inspection, lana, local_area_lead, client_for):
    response = upload(client_for(lana), inspection, rows_to_csv(varied_rows(), bad={"support": "x"}))
    token = response.context["problems"]["token"]
    assert client_for(local_area_lead).get(url("case_list_errors", inspection, token=token)).status_code == 404


def test_wrong_file_type_is_refused(inspection, lana, client_for):
    response = upload(client_for(lana), inspection, b"%PDF-1.4", name="list.pdf")
    assert response.status_code == 200
    assert "must be a CSV or an Excel .xlsx file" in response.content.decode()


def test_template_download(inspection, lana, client_for):
    response = client_for(lana).get(url("case_list_template", inspection))
    assert streamed(response).startswith("child_ref,year_of_birth,primary_need")


def test_case_list_download_gives_back_what_was_stored(inspection, lana, client_for):
    client = client_for(lana)
    upload(client, inspection, rows_to_csv(varied_rows()))
    lines = streamed(client.get(url("case_list_download", inspection))).splitlines()
    assert lines[0].startswith("child_ref,year_of_birth,primary_need") and len(lines) == 28


def test_inspectors_cannot_upload_and_outsiders_see_nothing(
    inspection, team_inspector, unassigned_inspector, other_partnership_lead, client_for, client
):
    assert upload(client_for(team_inspector), inspection, rows_to_csv(varied_rows())).status_code == 403
    for outsider in (unassigned_inspector, other_partnership_lead):
        client.logout()
        c = client_for(outsider)
        for name in ("case_list", "overview", "sampling", "case_list_template"):
            assert c.get(url(name, inspection)).status_code == 404, (outsider, name)


def test_lead_inspector_proposes_and_team_cannot(inspection, lead_inspector, team_inspector, client_for, client):
    make_case_list(inspection)
    assert client_for(team_inspector).post(url("propose", inspection), {"seed": "4"}).status_code == 403
    client.logout()
    c = client_for(lead_inspector)
    response = c.post(url("propose", inspection), {"seed": "4"})
    assert response.status_code == 302
    page = c.get(url("overview", inspection)).content.decode()
    assert "seed 4" in page and "Range covered" in page and "Aged 0-4" in page
    assert TrackedChild.objects.filter(active=True).count() == 6


def test_propose_with_a_bad_seed_shows_an_error(inspection, lead_inspector, client_for):
    make_case_list(inspection)
    response = client_for(lead_inspector).post(url("propose", inspection), {"seed": "abc"})
    assert response.status_code == 400 and "Enter the seed as a whole number" in response.content.decode()


def _cohort(inspection, lead_inspector):
    make_case_list(inspection)
    return list(
        services.propose_cohort(
            inspection=inspection, by=lead_inspector, seed=5, today=date(2026, 12, 17)
        ).children.all()
    )


def test_local_area_lead_sees_chosen_children_but_not_notes(inspection, lead_inspector, lana, client_for):
    child = _cohort(inspection, lead_inspector)[0]
    services.record_consent(child=child, agreed=True, by=lana)
    services.schedule_meeting(
        child=child, meeting_on=date(2026, 12, 31), meeting_time=time(10), attendees=["family"], by=lana
    )
    services.record_meeting_held(child=child, held_on=date(2026, 12, 31), notes="SECRET NOTE", by=lead_inspector)
    c = client_for(lana)
    overview = c.get(url("overview", inspection)).content.decode()
    assert child.child_ref in overview and "Range covered" not in overview and "seed 5" not in overview
    detail = c.get(url("child", inspection, pk=child.pk)).content.decode()
    assert "SECRET NOTE" not in detail and "Tracking meeting held" in detail


def test_local_area_lead_records_consent_and_meeting(inspection, lead_inspector, lana, client_for):
    child = _cohort(inspection, lead_inspector)[0]
    c = client_for(lana)
    response = c.post(url("child", inspection, pk=child.pk), {"action": "consent", "consent-decision": "agreed"})
    assert response.status_code == 302
    response = c.post(
        url("child", inspection, pk=child.pk),
        {
            "action": "schedule",
            "consent-decision": "",
            "schedule-meeting_on_0": "31",
            "schedule-meeting_on_1": "12",
            "schedule-meeting_on_2": "2026",
            "schedule-meeting_time": "14:30",
            "schedule-attendees": ["child", "practitioners"],
            "schedule-version": "1",
        },
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.status == "meeting_scheduled" and child.meeting_time == time(14, 30)
    # Notes are for inspectors only.
    assert c.post(url("child", inspection, pk=child.pk), {"action": "held"}).status_code == 403


def test_decline_without_reason_shows_error_summary(inspection, lead_inspector, lana, client_for):
    child = _cohort(inspection, lead_inspector)[0]
    response = client_for(lana).post(
        url("child", inspection, pk=child.pk), {"action": "consent", "consent-decision": "declined"}
    )
    assert response.status_code == 400
    assert "Enter why the family declined" in response.content.decode()


def test_decline_then_accept_suggested_replacement(inspection, lead_inspector, client_for):
    child = _cohort(inspection, lead_inspector)[0]
    c = client_for(lead_inspector)
    response = c.post(
        url("child", inspection, pk=child.pk),
        {"action": "consent", "consent-decision": "declined", "consent-reason": "Not the right time"},
    )
    assert response.url == url("replace", inspection, pk=child.pk)
    page = c.get(response.url)
    suggestion = page.context["suggestion"]
    assert suggestion is not None and "Suggested replacement" in page.content.decode()
    response = c.post(url("replace", inspection, pk=child.pk), {"accept-child_ref": suggestion.ref})
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.replaced_by.child_ref == suggestion.ref
    overview = c.get(url("overview", inspection)).content.decode()
    assert "No longer in the cohort" in overview and "Not the right time" in overview


def test_sampling_draw_and_review(inspection, lead_inspector, team_inspector, lana, client_for, client):
    make_case_list(inspection)
    c = client_for(lead_inspector)
    response = c.post(
        url("sampling", inspection),
        {"support": "EHCP", "need": "", "age_group": "", "service": "", "size": "", "seed": "9"},
    )
    assert response.status_code == 302
    page = c.get(url("sampling", inspection))
    sample = page.context["samples"][0]
    case = sample.cases.first()
    client.logout()
    t = client_for(team_inspector)
    response = t.post(
        url("sampled_case", inspection, pk=case.pk),
        {"record_reviewed": "on", "practitioners_spoken_to": "SENCo", "notes": "PRIVATE REVIEW", "version": 0},
    )
    assert response.status_code == 302
    client.logout()
    la = client_for(lana)
    listing = la.get(url("sampling", inspection)).content.decode()
    assert case.child_ref in listing and "PRIVATE REVIEW" not in listing and "Reviewed" in listing
    assert la.get(url("sampled_case", inspection, pk=case.pk)).status_code == 403
    assert la.post(url("sampling", inspection), {"seed": "1"}).status_code == 403


def test_changing_a_scheduled_meeting_resubmits_the_time_as_shown(inspection, lead_inspector, lana, client_for):
    import re

    child = _cohort(inspection, lead_inspector)[0]
    services.record_consent(child=child, agreed=True, by=lana)
    services.schedule_meeting(
        child=child, meeting_on=date(2026, 12, 31), meeting_time=time(14), attendees=["family"], by=lana
    )
    c = client_for(lana)
    page = c.get(url("child", inspection, pk=child.pk)).content.decode()
    shown = re.search(
        r'name="schedule-meeting_time"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="schedule-meeting_time"', page
    )
    assert shown and (shown.group(1) or shown.group(2)) == "14:00"
    response = c.post(
        url("child", inspection, pk=child.pk),
        {
            "action": "schedule",
            "schedule-meeting_on_0": "31",
            "schedule-meeting_on_1": "12",
            "schedule-meeting_on_2": "2026",
            "schedule-meeting_time": shown.group(1) or shown.group(2),
            "schedule-attendees": ["family"],
            "schedule-version": "2",
        },
    )
    assert response.status_code == 302


def test_a_meeting_on_a_saturday_is_refused_on_the_page(inspection, lead_inspector, lana, client_for):
    child = _cohort(inspection, lead_inspector)[0]
    services.record_consent(child=child, agreed=True, by=lana)
    response = client_for(lana).post(
        url("child", inspection, pk=child.pk),
        {
            "action": "schedule",
            "schedule-meeting_on_0": "19",
            "schedule-meeting_on_1": "12",
            "schedule-meeting_on_2": "2026",
            "schedule-meeting_time": "10:00",
            "schedule-attendees": ["family"],
            "schedule-version": "1",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html and "Saturday 19 December 2026 is not a working day" in html


def test_the_lead_inspectors_reason_for_a_swap_stays_with_inspectors(
    inspection, lead_inspector, team_inspector, lana, client_for
):
    cohort = _cohort(inspection, lead_inspector)
    child = cohort[0]
    chosen = {c.child_ref for c in cohort}
    spare = Case.objects.filter(case_list__inspection=inspection, opted_out=False).exclude(child_ref__in=chosen).first()
    services.replace_child(
        child=child,
        child_ref=spare.child_ref,
        reason="PRIVATE SWAP REASON",
        by=lead_inspector,
        today=date(2026, 12, 17),
    )
    for user, sees in ((lana, False), (team_inspector, True), (lead_inspector, True)):
        c = client_for(user)
        overview = c.get(url("overview", inspection)).content.decode()
        detail = c.get(url("child", inspection, pk=child.pk)).content.decode()
        assert "No longer in the cohort" in overview and spare.child_ref in overview
        assert ("PRIVATE SWAP REASON" in overview) is sees, user
        assert ("PRIVATE SWAP REASON" in detail) is sees, user
        assert "No longer in the cohort" in detail


def test_replacement_page_says_which_minimum_will_be_lost(inspection, lead_inspector, client_for):
    # The only child in alternative provision declines: nobody left can keep that minimum.
    make_case_list(inspection, rows=[r for r in varied_rows() if r.child_ref != "F-11-15"])
    selection = services.propose_cohort(inspection=inspection, by=lead_inspector, seed=5, today=date(2026, 12, 17))
    child = selection.children.get(child_ref="C-11-15")
    c = client_for(lead_inspector)
    c.post(
        url("child", inspection, pk=child.pk),
        {"action": "consent", "consent-decision": "declined", "consent-reason": "Not the right time"},
    )
    page = c.get(url("replace", inspection, pk=child.pk)).content.decode()
    assert "the cohort will not cover" in page
    assert "In alternative provision (minimum range)" in page
    assert "the cohort keeps every minimum" not in page


def test_replacement_page_says_every_minimum_is_kept_when_it_is(inspection, lead_inspector, client_for):
    child = _cohort(inspection, lead_inspector)[0]
    c = client_for(lead_inspector)
    c.post(
        url("child", inspection, pk=child.pk),
        {"action": "consent", "consent-decision": "declined", "consent-reason": "Not the right time"},
    )
    response = c.get(url("replace", inspection, pk=child.pk))
    if response.context["suggestion"].lost:
        pytest.skip("this list cannot keep every minimum")
    page = response.content.decode()
    assert "keeps every minimum of its range" in page and "will not cover" not in page


def test_sampling_page_counts_the_sample_and_withdraws_a_case(
    inspection, lead_inspector, team_inspector, client_for, settings
):
    make_case_list(inspection)
    settings.CASE_SAMPLE_SIZE = 3
    c = client_for(lead_inspector)
    response = c.post(
        url("sampling", inspection),
        {"support": "", "need": "", "age_group": "", "service": "", "size": "40", "seed": "9"},
        follow=True,
    )
    page = response.content.decode()
    assert "3 cases drawn" in page and "at most 3 cases" in page
    assert "3 of 3 cases in the sample" in page and "The sample is full" in page
    case = SampledCase.objects.filter(sample__inspection=inspection).first()
    withdraw_url = reverse("tracking:withdraw_sampled_case", args=[inspection.pk, case.pk])
    assert withdraw_url in c.get(url("sampled_case", inspection, pk=case.pk)).content.decode()
    refused = c.post(withdraw_url, {"reason": ""})
    assert refused.status_code == 400
    assert 'href="#id_reason"' in refused.content.decode()
    response = c.post(withdraw_url, {"reason": "Practitioner on leave"}, follow=True)
    page = response.content.decode()
    assert f"{case.child_ref} withdrawn from the sample" in page
    assert "Withdrawn" in page and "Practitioner on leave" in page and "2 of 3 cases in the sample" in page
    # Only the lead inspector withdraws.
    assert client_for(team_inspector).post(withdraw_url, {"reason": "x"}).status_code == 403


def test_a_review_saved_from_an_older_page_shows_both_texts_and_saves_from_the_conflict_page(
    inspection, lead_inspector, team_inspector, client_for
):
    make_case_list(inspection)
    case = services.draw_cases(inspection=inspection, by=lead_inspector, seed=9).cases.first()
    services.record_case_review(
        sampled_case=case,
        record_reviewed=True,
        practitioners_spoken_to="SENCo",
        notes="Tom's notes",
        by=team_inspector,
        loaded_version=0,
    )
    c = client_for(lead_inspector)
    sent = {"record_reviewed": "on", "practitioners_spoken_to": "SENCo", "notes": "Helen's notes", "version": 0}
    response = c.post(url("sampled_case", inspection, pk=case.pk), sent)
    page = response.content.decode()
    assert response.status_code == 409
    assert "Tom&#x27;s notes" in page and ">Helen&#x27;s notes</textarea>" in page
    assert 'name="record_reviewed" value="on"' in page and 'name="version" value="1"' in page
    case.refresh_from_db()
    assert case.notes == "Tom's notes"
    response = c.post(url("sampled_case", inspection, pk=case.pk), {**sent, "notes": "Both notes", "version": 1})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.notes, case.reviewed_by) == ("Both notes", lead_inspector)


def test_moving_a_meeting_someone_else_moved_shows_both_meetings_and_keeps_the_choice(
    inspection, lead_inspector, lana, client_for
):
    child = _cohort(inspection, lead_inspector)[0]
    services.record_consent(child=child, agreed=True, by=lana)
    services.schedule_meeting(
        child=child, meeting_on=date(2026, 12, 31), meeting_time=time(14), attendees=["family"], by=lana
    )
    services.schedule_meeting(
        child=child, meeting_on=date(2027, 1, 5), meeting_time=time(11), attendees=["family"], by=lead_inspector
    )
    sent = {
        "action": "schedule",
        "schedule-meeting_on_0": "4",
        "schedule-meeting_on_1": "1",
        "schedule-meeting_on_2": "2027",
        "schedule-meeting_time": "09:30",
        "schedule-attendees": ["family", "child"],
        "schedule-version": "2",
    }
    c = client_for(lana)
    response = c.post(url("child", inspection, pk=child.pk), sent)
    page = response.content.decode()
    assert response.status_code == 409
    assert "Tuesday 5 January 2027 at 11:00" in page
    assert "Monday 4 January 2027 at 09:30. Attending: The child or young person, Family" in page
    assert 'name="schedule-version" value="3"' in page and "Save my version" in page
    assert 'name="schedule-meeting_time" value="09:30"' in page
    child.refresh_from_db()
    assert child.meeting_on == date(2027, 1, 5)
    response = c.post(url("child", inspection, pk=child.pk), {**sent, "schedule-version": "3"})
    assert response.status_code == 302
    child.refresh_from_db()
    assert (child.meeting_on, child.meeting_time) == (date(2027, 1, 4), time(9, 30))
