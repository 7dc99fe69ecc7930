"""Engagement meetings: planned dates, rescheduling, recording, and who sees the notes."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from followups import meetings, selectors, services
from followups.models import EngagementMeeting
from inspections.concurrency import EditConflict

from .conftest import PUBLISHED_ON

pytestmark = pytest.mark.django_db

#: Outcome 3 published Monday 1 March 2027: every 6 months up to the next full inspection (1 March 2030);
#: 1 September 2029 is a Saturday, so the meeting moves to Monday 3 September.
OUTCOME_3_MEETINGS = [date(2027, 9, 1), date(2028, 3, 1), date(2028, 9, 1), date(2029, 3, 1), date(2029, 9, 3)]
NEXT_FULL_DUE = date(2030, 3, 1)
TODAY = date(2027, 6, 1)


def url(name, inspection, *args):
    return reverse(f"followups:{name}", args=[inspection.pk, *args])


def record(inspection, by, **overrides):
    values = {
        "number": 1,
        "held_on": date(2027, 9, 1),
        "attendee_roles": ["dcs", "pcf"],
        "notes": "Waiting times for assessment still rising.",
        "shared_summary": "We discussed progress on assessment waiting times.",
        "themes": ["criterion:1"],
        "concern": meetings.SERIOUS,
        "concern_reason": "Waiting times rising again",
    }
    values.update(overrides)
    return services.record_meeting(inspection=inspection, by=by, today=date(2027, 9, 2), **values)


class TestRules:
    def test_a_date_on_publication_day_or_after_the_next_inspection_is_outside_the_cycle(self):
        assert meetings.cycle_problem(PUBLISHED_ON, published_on=PUBLISHED_ON, next_full_due_by=NEXT_FULL_DUE)
        assert meetings.cycle_problem(date(2030, 3, 2), published_on=PUBLISHED_ON, next_full_due_by=NEXT_FULL_DUE)
        assert meetings.cycle_problem(NEXT_FULL_DUE, published_on=PUBLISHED_ON, next_full_due_by=NEXT_FULL_DUE) is None

    def test_planning_in_the_past_is_refused_but_today_is_allowed(self):
        kwargs = {"today": TODAY, "published_on": PUBLISHED_ON, "next_full_due_by": NEXT_FULL_DUE}
        assert "past" in meetings.planning_problem(date(2027, 5, 31), **kwargs)
        assert meetings.planning_problem(TODAY, **kwargs) is None

    def test_recording_a_future_meeting_is_refused(self):
        kwargs = {"today": TODAY, "published_on": PUBLISHED_ON, "next_full_due_by": NEXT_FULL_DUE}
        assert "future" in meetings.recording_problem(date(2027, 6, 2), **kwargs)


class TestPlanned:
    def test_outcome_3_plans_a_meeting_every_six_months(self, publish):
        inspection = publish(3)
        assert [r.planned_on for r in selectors.engagement_meetings(inspection)] == OUTCOME_3_MEETINGS

    def test_outcome_1_plans_a_meeting_every_year(self, publish):
        inspection = publish(1)
        assert [r.planned_on for r in selectors.engagement_meetings(inspection)] == [
            date(2028, 3, 1),
            date(2029, 3, 1),
            date(2030, 3, 1),
            date(2031, 3, 3),  # 1 March 2031 is a Saturday
        ]

    def test_none_before_publication(self, inspection):
        assert selectors.engagement_meetings(inspection) == []


class TestReschedule:
    def test_administrators_move_a_meeting(self, publish, admin_user):
        inspection = publish(3)
        services.reschedule_meeting(
            inspection=inspection, number=2, new_date=date(2028, 2, 15), by=admin_user, today=TODAY
        )
        row = selectors.engagement_meetings(inspection)[1]
        assert (row.planned_on, row.rescheduled) == (date(2028, 2, 15), True)

    @pytest.mark.parametrize(
        "new_date,reason",
        [(date(2027, 5, 31), "past"), (date(2030, 3, 2), "next full inspection"), (date(2027, 2, 1), "past")],
    )
    def test_bad_dates_are_refused_with_a_reason(self, publish, admin_user, new_date, reason):
        inspection = publish(3)
        with pytest.raises(ValidationError, match=reason):
            services.reschedule_meeting(inspection=inspection, number=1, new_date=new_date, by=admin_user, today=TODAY)
        assert not EngagementMeeting.objects.exists()

    def test_only_administrators_reschedule(self, publish, lead_inspector):
        inspection = publish(3)
        with pytest.raises(ValidationError, match="administrators"):
            services.reschedule_meeting(
                inspection=inspection, number=1, new_date=date(2027, 9, 8), by=lead_inspector, today=TODAY
            )

    def test_a_meeting_outside_the_plan_does_not_exist(self, publish, admin_user):
        inspection = publish(3)
        with pytest.raises(ValidationError, match="no such"):
            services.reschedule_meeting(
                inspection=inspection, number=6, new_date=date(2027, 9, 8), by=admin_user, today=TODAY
            )


class TestRecord:
    def test_an_inspector_records_a_held_meeting(self, publish, team_inspector):
        inspection = publish(3)
        row = record(inspection, team_inspector)
        assert row.concern == "serious" and row.attendee_roles == ["dcs", "pcf"]

    def test_a_serious_concern_needs_a_reason(self, publish, team_inspector):
        inspection = publish(3)
        with pytest.raises(ValidationError, match="reason"):
            record(inspection, team_inspector, concern_reason="")

    def test_a_future_date_is_refused(self, publish, team_inspector):
        inspection = publish(3)
        with pytest.raises(ValidationError, match="future"):
            record(inspection, team_inspector, held_on=date(2027, 9, 3))

    def test_leads_and_unassigned_inspectors_cannot_record(self, publish, local_area_lead, unassigned_inspector):
        inspection = publish(3)
        for person in (local_area_lead, unassigned_inspector):
            with pytest.raises(ValidationError, match="inspector of the team"):
                record(inspection, person)


class TestTwoInspectorsRecordTheSameMeeting:
    def test_the_second_record_from_the_same_version_is_refused_and_the_first_kept(
        self, publish, team_inspector, lead_inspector
    ):
        inspection = publish(3)
        record(inspection, team_inspector, loaded_version=0)
        with pytest.raises(EditConflict) as refused:
            record(inspection, lead_inspector, notes="Assessment waits are falling.", loaded_version=0)
        assert refused.value.saved_by == team_inspector.display_name
        assert [(f.name, f.theirs) for f in refused.value.fields if f.differs] == [
            ("notes", "Waiting times for assessment still rising.")
        ]
        row = EngagementMeeting.objects.get()
        assert (row.notes, row.recorded_by, row.version) == (
            "Waiting times for assessment still rising.",
            team_inspector,
            1,
        )

    def test_the_same_texts_from_an_older_page_are_not_a_conflict(self, publish, team_inspector, lead_inspector):
        inspection = publish(3)
        record(inspection, team_inspector, loaded_version=0)
        row = record(inspection, lead_inspector, attendee_roles=["dcs"], loaded_version=0)
        assert (row.attendee_roles, row.version) == (["dcs"], 2)

    def test_moving_the_meeting_does_not_make_its_record_a_conflict(self, publish, admin_user, team_inspector):
        inspection = publish(3)
        services.reschedule_meeting(
            inspection=inspection, number=1, new_date=date(2027, 8, 31), by=admin_user, today=TODAY
        )
        assert record(inspection, team_inspector, loaded_version=0).version == 1

    def test_the_conflict_page_shows_both_records_and_saving_from_it_succeeds(
        self, client_for, publish, team_inspector, lead_inspector
    ):
        inspection = publish(3)
        record(inspection, team_inspector, loaded_version=0)
        sent = {
            "held_on_0": "1",
            "held_on_1": "9",
            "held_on_2": "2027",
            "attendee_roles": ["dcs", "pcf"],
            "themes": ["criterion:1"],
            "concern": "serious",
            "concern_reason": "Waiting times rising again",
            "notes": "Helen's own notes",
            "shared_summary": "We discussed progress on assessment waiting times.",
            "version": "0",
        }
        with time_machine.travel(date(2027, 9, 2), tick=False):
            client = client_for(lead_inspector)
            page = client.get(url("record_meeting", inspection, 1)).content.decode()
            assert "Waiting times for assessment still rising." in page and 'name="version" value="1"' in page
            response = client.post(url("record_meeting", inspection, 1), sent)
            html = response.content.decode()
            assert response.status_code == 409
            assert "Waiting times for assessment still rising." in html and ">Helen&#x27;s own notes</textarea>" in html
            assert 'name="attendee_roles" value="pcf"' in html
            assert EngagementMeeting.objects.get().recorded_by == team_inspector
            saved = client.post(url("record_meeting", inspection, 1), {**sent, "notes": "Both notes", "version": "1"})
        assert saved.status_code == 302
        row = EngagementMeeting.objects.get()
        assert (row.notes, row.recorded_by, row.version) == ("Both notes", lead_inspector, 2)


class TestPages:
    def test_leads_see_the_date_and_summary_but_never_the_notes(
        self, client_for, publish, team_inspector, local_area_lead
    ):
        inspection = publish(3)
        record(inspection, team_inspector)
        lead_page = client_for(local_area_lead).get(url("meetings", inspection)).content.decode()
        assert "1 September 2027" in lead_page and "We discussed progress" in lead_page
        for hidden in ("Waiting times for assessment", "Serious concern", "Waiting times rising again", "Director of"):
            assert hidden not in lead_page
        team_page = client_for(team_inspector).get(url("meetings", inspection)).content.decode()
        assert "Waiting times for assessment still rising." in team_page and "Serious concern" in team_page
        assert "Criterion 1: Identification and assessment" in team_page

    def test_another_partnerships_lead_cannot_tell_they_exist(self, client_for, publish, other_partnership_lead):
        inspection = publish(3)
        assert client_for(other_partnership_lead).get(url("meetings", inspection)).status_code == 404

    def test_recording_from_the_page(self, client_for, publish, lead_inspector):
        inspection = publish(3)
        with time_machine.travel(date(2027, 9, 2), tick=False):
            client = client_for(lead_inspector)
            bad = client.post(url("record_meeting", inspection, 1), {"concern": "serious"})
            assert bad.status_code == 400 and "govuk-error-summary" in bad.content.decode()
            good = client.post(
                url("record_meeting", inspection, 1),
                {
                    "held_on_0": "1",
                    "held_on_1": "9",
                    "held_on_2": "2027",
                    "attendee_roles": ["dcs", "icb"],
                    "themes": ["criterion:3"],
                    "concern": "some",
                    "notes": "Private note",
                    "shared_summary": "Shared words",
                    "version": "0",
                },
            )
        assert good.status_code == 302
        assert EngagementMeeting.objects.get().concern == "some"

    def test_rescheduling_from_the_page_refuses_a_past_date(self, client_for, publish, admin_user, lead_inspector):
        inspection = publish(3)
        with time_machine.travel(TODAY, tick=False):
            client = client_for(admin_user)
            page = client.post(
                url("reschedule_meeting", inspection, 1), {"new_date_0": "1", "new_date_1": "5", "new_date_2": "2027"}
            )
            assert page.status_code == 400 and "in the past" in page.content.decode()
            assert (
                client.post(
                    url("reschedule_meeting", inspection, 1),
                    {"new_date_0": "8", "new_date_1": "9", "new_date_2": "2027"},
                ).status_code
                == 302
            )
        assert client_for(lead_inspector).get(url("reschedule_meeting", inspection, 1)).status_code == 403
