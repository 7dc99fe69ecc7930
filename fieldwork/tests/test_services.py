"""Planning, changing and cancelling activities: every refusal has a message, every change is kept."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError

from fieldwork import services
from fieldwork.models import Activity, ActivityChange
from inspections.concurrency import EditConflict

from .factories import WD10, WD11, WD12, details, details_of, plan

pytestmark = pytest.mark.django_db


def messages(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


def test_a_planned_activity_is_stored_with_its_attendees_and_a_first_change(inspection, lead_inspector, cqc_inspector):
    activity = plan(inspection, lead_inspector, attendees=[lead_inspector, cqc_inspector])
    assert set(activity.attendees.all()) == {lead_inspector, cqc_inspector}
    assert activity.version == 1
    assert [(c.action, c.by) for c in activity.changes.all()] == [("planned", lead_inspector)]


def test_an_end_before_its_start_is_refused(inspection, lead_inspector):
    with pytest.raises(ValidationError) as refused:
        plan(inspection, lead_inspector, starts_at=time(14, 0), ends_at=time(13, 0))
    assert messages(refused.value) == {"ends_at": ["The end time must be after the start time"]}
    assert not Activity.objects.exists()


def test_a_date_outside_wd9_to_wd15_is_refused(inspection, lead_inspector):
    with pytest.raises(ValidationError) as refused:
        plan(inspection, lead_inspector, day=date(2027, 1, 7))
    assert messages(refused.value)["day"] == [
        "7 January 2027 is not a fieldwork day: choose a working day from WD9 to WD15: "
        "24 December 2026 to 6 January 2027"
    ]


def test_an_attendee_not_on_the_team_is_refused(inspection, lead_inspector, unassigned_inspector):
    with pytest.raises(ValidationError) as refused:
        plan(inspection, lead_inspector, attendees=[lead_inspector, unassigned_inspector])
    assert messages(refused.value)["attendees"] == ["Choose attendees from the inspection team only"]


def test_an_online_link_that_is_not_https_is_refused(inspection, lead_inspector):
    with pytest.raises(ValidationError) as refused:
        plan(inspection, lead_inspector, online=True, link="http://meet.example/abc", place="")
    assert messages(refused.value)["link"] == ["The meeting link must start with https://"]
    activity = plan(inspection, lead_inspector, online=True, link="https://meet.example/abc")
    assert activity.place == "" and activity.where == "Online"


def test_remote_days_take_online_activities_and_only_the_lead_may_override(inspection, lead_inspector, team_inspector):
    with pytest.raises(ValidationError) as refused:
        plan(inspection, team_inspector, day=WD10)
    assert "WD10 (29 December) is a remote fieldwork day" in messages(refused.value)["online"][0]
    with pytest.raises(ValidationError) as refused:
        plan(inspection, team_inspector, day=WD10, remote_override_reason="Setting has no video link")
    assert messages(refused.value)["remote_override_reason"] == [
        "Only the lead inspector can hold an in-person activity on a remote day"
    ]
    activity = plan(inspection, lead_inspector, day=WD10, remote_override_reason="Setting has no video link")
    assert activity.remote_override_reason == "Setting has no video link"


def test_a_double_booking_is_refused_naming_the_other_activity(inspection, lead_inspector, cqc_inspector):
    plan(inspection, lead_inspector, attendees=[cqc_inspector], title="Meeting with the designated clinical officer")
    with pytest.raises(ValidationError) as refused:
        plan(inspection, lead_inspector, attendees=[lead_inspector, cqc_inspector], starts_at=time(10, 30))
    assert messages(refused.value)["attendees"] == [
        "Priya Shah is already in Meeting with the designated clinical officer (Wed 30 Dec, 10:00 to 11:00) at that time"
    ]
    # Back to back is allowed, and a cancelled activity no longer books anyone.
    plan(inspection, lead_inspector, attendees=[cqc_inspector], starts_at=time(11, 0), ends_at=time(12, 0))


def test_a_cancelled_activity_frees_its_attendees(inspection, lead_inspector):
    first = plan(inspection, lead_inspector)
    services.cancel_activity(activity=first, by=lead_inspector, version=1, reason="School closed for heating repairs")
    plan(inspection, lead_inspector)
    assert Activity.objects.current().count() == 1


def test_moving_needs_a_reason_and_keeps_who_when_and_what_it_was(inspection, lead_inspector, team_inspector):
    activity = plan(inspection, lead_inspector)
    with pytest.raises(ValidationError) as refused:
        services.change_activity(
            activity=activity, by=team_inspector, version=1, details=details_of(activity, day=WD12)
        )
    assert messages(refused.value) == {"reason": ["Enter why the activity is moving"]}
    moved = services.change_activity(
        activity=activity,
        by=team_inspector,
        version=1,
        details=details_of(activity, day=WD12, starts_at=time(13, 0), ends_at=time(14, 0)),
        reason="The headteacher is at a governors' meeting",
    )
    assert (moved.day, moved.version, moved.updated_by) == (WD12, 2, team_inspector)
    change = moved.changes.first()
    assert (change.action, change.by, change.reason) == (
        "moved",
        team_inspector,
        "The headteacher is at a governors' meeting",
    )
    assert change.before == {"day": WD11.isoformat(), "starts_at": "10:00:00", "ends_at": "11:00:00"}


def test_a_change_other_than_the_time_needs_no_reason(inspection, lead_inspector, cqc_inspector):
    activity = plan(inspection, lead_inspector)
    changed = services.change_activity(
        activity=activity,
        by=lead_inspector,
        version=1,
        details=details_of(activity, attendees=[lead_inspector, cqc_inspector], notes="Bring the AP list"),
    )
    assert changed.version == 2
    assert changed.changes.first().action == "changed"
    assert changed.changes.first().before["attendees"] == [lead_inspector.pk]


def test_the_second_of_two_overlapping_edits_is_refused_with_both_versions(inspection, lead_inspector, team_inspector):
    activity = plan(inspection, lead_inspector)
    services.change_activity(
        activity=activity, by=team_inspector, version=1, details=details_of(activity, notes="Tom's notes")
    )
    with pytest.raises(EditConflict) as refused:
        services.change_activity(
            activity=activity, by=lead_inspector, version=1, details=details_of(activity, notes="Helen's notes")
        )
    assert refused.value.saved_by == "Tom Barnes" and refused.value.current_version == 2
    assert [(f.name, f.yours, f.theirs) for f in refused.value.fields if f.differs] == [
        ("notes", "Helen's notes", "Tom's notes")
    ]
    activity.refresh_from_db()
    assert activity.notes == "Tom's notes"


def test_a_move_made_meanwhile_is_shown_in_words_and_the_same_change_is_not_a_conflict(
    inspection, lead_inspector, team_inspector
):
    activity = plan(inspection, lead_inspector)
    services.change_activity(
        activity=activity,
        by=team_inspector,
        version=1,
        details=details_of(activity, starts_at=time(14), ends_at=time(15)),
        reason="Head is away in the morning",
    )
    with pytest.raises(EditConflict) as refused:
        services.change_activity(
            activity=activity, by=lead_inspector, version=1, details=details_of(activity, notes="Park at the back")
        )
    [when] = [f for f in refused.value.fields if f.differs and not f.editable]
    assert when.name == "when" and "14:00 to 15:00" in when.theirs and "10:00 to 11:00" in when.yours
    activity.refresh_from_db()
    same = services.change_activity(activity=activity, by=lead_inspector, version=1, details=details_of(activity))
    assert same.version == 2


def test_cancelling_needs_a_reason_and_keeps_the_activity_on_record(inspection, lead_inspector):
    activity = plan(inspection, lead_inspector)
    with pytest.raises(ValidationError):
        services.cancel_activity(activity=activity, by=lead_inspector, version=1, reason=" ")
    services.cancel_activity(activity=activity, by=lead_inspector, version=1, reason="Setting closed")
    activity.refresh_from_db()
    assert activity.is_cancelled and activity.cancelled_by == lead_inspector
    assert [c.action for c in ActivityChange.objects.filter(activity=activity)] == ["cancelled", "planned"]
    with pytest.raises(ValidationError):
        services.cancel_activity(activity=activity, by=lead_inspector, version=2, reason="Again")


def test_only_the_team_can_plan(inspection, lead_inspector, unassigned_inspector, local_area_lead):
    for outsider in (unassigned_inspector, local_area_lead):
        with pytest.raises(ValidationError):
            services.plan_activity(inspection=inspection, by=outsider, details=details(attendees=[lead_inspector]))


def test_tracking_meetings_cannot_be_planned_here(inspection, lead_inspector):
    with pytest.raises(ValidationError) as refused:
        plan(inspection, lead_inspector, kind="tracking_meeting")
    assert "tracking meetings are arranged in tracking" in messages(refused.value)["kind"][0]


def test_a_title_or_invitation_naming_a_child_reference_is_refused(inspection, lead_inspector):
    from tracking.tests.factories import make_case_list

    make_case_list(inspection)
    ref = inspection.case_lists.get().cases.first().child_ref
    with pytest.raises(ValidationError) as refused:
        plan(inspection, lead_inspector, invite=f"Practitioners who know {ref}")
    assert messages(refused.value)["invite"] == [f"Name roles only: this mentions a child's reference ({ref})"]
    plan(inspection, lead_inspector, invite="Practitioners who know the tracked child")
