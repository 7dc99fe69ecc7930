"""The planner's pages: who sees what, the week grid, refusals on the page, the .ics and coverage."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from accounts.tests.factories import InspectorFactory
from evaluation import services as evaluation_services
from fieldwork import services
from fieldwork.models import Activity
from inspections.models import TeamMember
from tracking import workflow
from tracking.models import Case, TrackedChild, TrackingSelection
from tracking.tests.factories import make_case_list

from .factories import WD9, WD11, WD12, WD15, details_of, fill_plan, plan

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to("2026-12-16 10:00:00+00:00", tick=False)


def url(inspection, name: str = "") -> str:
    return f"/inspections/{inspection.pk}/fieldwork/{name}"


def form_data(**overrides) -> dict:
    data = {
        "kind": "setting_visit",
        "title": "Visit to Ashcroft Primary School",
        "day": WD11.isoformat(),
        "starts_at": "10:00",
        "ends_at": "11:00",
        "mode": "in_person",
        "place": "Ashcroft Primary School",
        "address": "12 Mill Lane",
        "invite": "Headteacher and SENCO",
        "notes": "",
    }
    data.update(overrides)
    return data


def tracked_meeting(inspection, *, day=WD12, ref="NS-10007") -> TrackedChild:
    case_list = make_case_list(inspection)
    selection = TrackingSelection.objects.create(inspection=inspection, case_list=case_list, seed=1, size=6)
    return TrackedChild.objects.create(
        selection=selection,
        case=Case.objects.filter(case_list=case_list).first(),
        child_ref=ref,
        status=workflow.SCHEDULED,
        selected_on=date(2026, 12, 18),
        documents_due_on=date(2026, 12, 22),
        meeting_on=day,
        meeting_time=time(14, 0),
        attendees=["child", "family", "practitioners"],
    )


def test_the_team_plans_an_activity_and_sees_it_in_the_week(client_for, inspection, lead_inspector, cqc_inspector):
    client = client_for(lead_inspector)
    response = client.post(url(inspection, "new/"), form_data(attendees=[lead_inspector.pk, cqc_inspector.pk]))
    assert response.status_code == 302
    page = client.get(url(inspection)).content.decode()
    assert "Visit to Ashcroft Primary School" in page
    assert 'id="week-grid"' in page and 'id="week-list"' in page
    assert "No final feedback meeting is planned on WD15 (6 January)" in page


def test_a_double_booking_is_refused_on_the_page(client_for, inspection, lead_inspector, cqc_inspector):
    plan(inspection, lead_inspector, attendees=[cqc_inspector], title="Meeting with the DCO")
    client = client_for(lead_inspector)
    response = client.post(url(inspection, "new/"), form_data(attendees=[cqc_inspector.pk], starts_at="10:30"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Priya Shah is already in Meeting with the DCO" in page
    assert Activity.objects.count() == 1


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"starts_at": "11:00", "ends_at": "10:00"}, "The end time must be after the start time"),
        ({"day": "2027-01-07"}, "7 January 2027 is not a fieldwork day"),
        ({"mode": "online", "link": "http://meet.example/x"}, "The meeting link must start with https://"),
        ({"day": "2026-12-29"}, "WD10 (29 December) is a remote fieldwork day"),
    ],
)
def test_bad_input_is_refused_with_a_message(client_for, inspection, lead_inspector, overrides, message):
    response = client_for(lead_inspector).post(
        url(inspection, "new/"), form_data(attendees=[lead_inspector.pk], **overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Activity.objects.exists()


def test_an_attendee_not_on_the_team_is_refused_on_the_page(client_for, inspection, lead_inspector):
    stranger = InspectorFactory()
    response = client_for(lead_inspector).post(url(inspection, "new/"), form_data(attendees=[stranger.pk]))
    assert "Choose attendees from the inspection team only" in response.content.decode()
    assert not Activity.objects.exists()


def test_the_second_of_two_overlapping_edits_sees_both_versions_and_saves_from_the_conflict_page(
    client_for, inspection, lead_inspector, team_inspector
):
    activity = plan(inspection, lead_inspector)
    services.change_activity(
        activity=activity, by=team_inspector, version=1, details=details_of(activity, notes="Tom's version")
    )
    client = client_for(lead_inspector)
    sent = form_data(attendees=[lead_inspector.pk], notes="Helen's version", version=1)
    response = client.post(url(inspection, f"activities/{activity.pk}/change/"), sent)
    page = response.content.decode()
    assert response.status_code == 409
    assert "Tom Barnes saved a newer version" in page
    assert "Tom&#x27;s version" in page and ">Helen&#x27;s version</textarea>" in page
    assert f'name="attendees" value="{lead_inspector.pk}"' in page and 'name="version" value="2"' in page
    activity.refresh_from_db()
    assert activity.notes == "Tom's version"
    response = client.post(
        url(inspection, f"activities/{activity.pk}/change/"), {**sent, "notes": "Both versions", "version": 2}
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.notes, activity.version) == ("Both versions", 3)


def test_moving_an_activity_keeps_who_when_and_why(client_for, inspection, lead_inspector):
    activity = plan(inspection, lead_inspector)
    client = client_for(lead_inspector)
    response = client.post(
        url(inspection, f"activities/{activity.pk}/change/"),
        form_data(attendees=[lead_inspector.pk], day=WD12.isoformat(), version=1, reason="Head is away"),
    )
    assert response.status_code == 302
    page = client.get(url(inspection, f"activities/{activity.pk}/")).content.decode()
    assert "Moved by Helen Okafor" in page and "Head is away" in page


def test_conflicts_are_marked_in_the_grid(client_for, inspection, lead_inspector):
    plan(inspection, lead_inspector, place="School A", starts_at=time(9, 0), ends_at=time(10, 0))
    plan(inspection, lead_inspector, place="College B", starts_at=time(10, 10), ends_at=time(11, 0))
    page = client_for(lead_inspector).get(url(inspection)).content.decode()
    assert "Helen Okafor has 10 minutes to travel from School A to College B" in page
    assert page.count('<strong class="govuk-tag govuk-tag--red">Conflict</strong>') == 4  # grid and list, twice


def test_tracking_meetings_appear_from_tracking_without_being_copied(client_for, inspection, lead_inspector):
    child = tracked_meeting(inspection)
    page = client_for(lead_inspector).get(url(inspection)).content.decode()
    assert "Tracking meeting: NS-10007" in page
    assert not Activity.objects.exists()
    child.meeting_on = WD15
    child.save()
    assert "WD15" in client_for(lead_inspector).get(url(inspection)).content.decode()


def test_local_area_leads_see_only_what_to_arrange(client_for, inspection, lead_inspector, local_area_lead):
    activity = plan(inspection, lead_inspector, notes="Probe the waiting list for ASD assessment")
    tracked_meeting(inspection)
    client = client_for(local_area_lead)
    assert client.get(url(inspection)).url == url(inspection, "arrange/")
    page = client.get(url(inspection, "arrange/")).content.decode()
    assert "Visit to Ashcroft Primary School" in page
    assert "Headteacher and SENCO" in page and "12 Mill Lane" in page
    assert "Probe the waiting list" not in page
    assert "NS-10007" not in page
    assert "Tracking meeting" in page
    for path in (
        "",
        f"activities/{activity.pk}/",
        f"activities/{activity.pk}/change/",
        "new/",
        "coverage/",
        f"inspectors/{lead_inspector.pk}/{WD11}/",
        f"inspectors/{lead_inspector.pk}/fieldwork.ics",
    ):
        if path:
            assert client.get(url(inspection, path)).status_code == 403, path


def test_other_partnerships_and_unassigned_inspectors_see_nothing(
    client_for, inspection, other_partnership_lead, unassigned_inspector
):
    for user in (other_partnership_lead, unassigned_inspector):
        assert client_for(user).get(url(inspection, "arrange/")).status_code == 404


def test_day_plan_is_printable_and_lists_the_inspectors_day(client_for, inspection, lead_inspector, team_inspector):
    plan(inspection, lead_inspector, attendees=[team_inspector], starts_at=time(13, 0), ends_at=time(14, 0))
    plan(inspection, lead_inspector, attendees=[team_inspector], title="Early meeting", place="Town Hall")
    page = client_for(lead_inspector).get(url(inspection, f"inspectors/{team_inspector.pk}/{WD11}/")).content.decode()
    assert page.index("Early meeting") < page.index("Visit to Ashcroft Primary School")
    assert "fieldwork/fieldwork.css" in page
    assert (
        client_for(lead_inspector).get(url(inspection, f"inspectors/{team_inspector.pk}/2027-01-07/")).status_code
        == 404
    )


def _events(body: bytes) -> dict[str, object]:
    return {str(e["summary"]): e for e in Calendar.from_ical(body).walk("VEVENT")}


def test_the_calendar_keeps_uids_and_raises_the_sequence_when_an_activity_moves(client_for, inspection, lead_inspector):
    activity = plan(inspection, lead_inspector)
    other = plan(
        inspection, lead_inspector, title="PCF meeting", kind="pcf_meeting", starts_at=time(14, 0), ends_at=time(15, 0)
    )
    client = client_for(lead_inspector)
    ics = url(inspection, f"inspectors/{lead_inspector.pk}/fieldwork.ics")
    response = client.get(ics)
    assert response["Content-Type"].startswith("text/calendar")
    before = _events(response.content)["Visit to Ashcroft Primary School (Visit to a setting)"]
    assert before["dtstart"].dt == datetime(2026, 12, 30, 10, 0, tzinfo=LONDON)
    assert int(before["sequence"]) == 0
    services.change_activity(
        activity=activity,
        by=lead_inspector,
        version=1,
        details=details_of(activity, day=WD12, starts_at=time(9, 0), ends_at=time(10, 0)),
        reason="Swapped with the college",
    )
    services.cancel_activity(activity=other, by=lead_inspector, version=1, reason="Forum met on WD9")
    after = _events(client.get(ics).content)
    moved = after["Visit to Ashcroft Primary School (Visit to a setting)"]
    assert str(moved["uid"]) == str(before["uid"])
    assert int(moved["sequence"]) == 1
    assert moved["dtstart"].dt == datetime(2026, 12, 31, 9, 0, tzinfo=LONDON)
    cancelled = after["PCF meeting (Parent carer forum meeting)"]
    assert str(cancelled["status"]) == "CANCELLED" and int(cancelled["sequence"]) == 1


def test_coverage_lists_what_the_plan_will_not_cover(client_for, inspection, lead_inspector):
    plan(inspection, lead_inspector, kind="leaders_meeting", criteria=(6, 8, 10), title="Leaders")
    page = client_for(lead_inspector).get(url(inspection, "coverage/")).content.decode()
    assert "Criterion 9: no activity planned with health commissioners" in page
    assert "Criterion 6: no activity" not in page


def test_evidence_recorded_from_an_activity_is_linked_and_shown(client_for, inspection, lead_inspector):
    activity = plan(inspection, lead_inspector, kind="focus_group_cyp", title="Youth forum", criteria=(5,))
    client = client_for(lead_inspector)
    detail = client.get(url(inspection, f"activities/{activity.pk}/")).content.decode()
    content_type = ContentType.objects.get_for_model(Activity)
    assert f"source=ct:{content_type.pk}:{activity.pk}&amp;source_kind=focus_group&amp;criterion=5" in detail
    form = client.get(
        f"/inspections/{inspection.pk}/evidence/new/?source=ct:{content_type.pk}:{activity.pk}"
        "&source_kind=focus_group&criterion=5"
    )
    assert form.context["form"].initial["source"] == f"ct:{content_type.pk}:{activity.pk}"
    assert form.context["form"].initial["source_kind"] == "focus_group"
    assert form.context["form"].initial["criteria"] == [5]
    evidence = evaluation_services.record_evidence(
        inspection=inspection,
        by=lead_inspector,
        criteria=[5],
        source_kind="focus_group",
        nature="strength",
        text="Young people said the youth club is welcoming.",
        source=evaluation_services.SourceRef(content_type.pk, str(activity.pk), "Youth forum"),
    )
    detail = client.get(url(inspection, f"activities/{activity.pk}/")).content.decode()
    assert evidence.reference in detail and "youth club is welcoming" in detail


def test_the_week_costs_the_same_queries_at_15_and_150_activities(client_for, inspection, lead_inspector):
    team = [lead_inspector] + [m.user for m in TeamMember.objects.filter(inspection=inspection, is_lead=False)]
    client = client_for(lead_inspector)

    counts = []
    for size in (15, 150):
        fill_plan(inspection, lead_inspector, team, size)
        client.get(url(inspection))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(inspection)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_remote_days_are_marked_in_the_grid(client_for, inspection, lead_inspector):
    plan(inspection, lead_inspector, day=WD9, online=True, link="https://meet.example/leaders", place="")
    page = client_for(lead_inspector).get(url(inspection)).content.decode()
    assert "Remote" in page and "https://meet.example/leaders" not in page.split('id="week-grid"')[0]
