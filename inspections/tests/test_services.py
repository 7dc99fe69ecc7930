from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from inspections.models import Milestone
from inspections.services import announce_inspection, move_milestone


@pytest.mark.django_db
def test_announcing_stores_every_milestone_and_the_team(
    admin_user, partnership, lead_inspector, team_inspector, cqc_inspector
):
    inspection = announce_inspection(
        partnership=partnership,
        notified_on=date(2026, 12, 14),
        by=admin_user,
        today=date(2026, 12, 7),
        lead_inspector=lead_inspector,
        team=[team_inspector, cqc_inspector, lead_inspector],
    )
    assert inspection.milestones.count() == 14
    assert inspection.milestone_dates("on_site") == (date(2026, 12, 30), date(2027, 1, 6))
    assert inspection.team.count() == 3
    assert inspection.lead_inspector == lead_inspector


@pytest.mark.django_db
def test_a_tuesday_is_refused_without_an_override(admin_user, partnership, lead_inspector):
    with pytest.raises(ValidationError) as exc:
        announce_inspection(
            partnership=partnership,
            notified_on=date(2026, 12, 15),
            by=admin_user,
            today=date(2026, 12, 7),
            lead_inspector=lead_inspector,
        )
    assert "not a Monday" in str(exc.value)
    assert not partnership.inspections.exists()


@pytest.mark.django_db
def test_an_override_keeps_its_reason(admin_user, partnership, lead_inspector):
    inspection = announce_inspection(
        partnership=partnership,
        notified_on=date(2026, 5, 25),
        by=admin_user,
        today=date(2026, 12, 7),
        lead_inspector=lead_inspector,
        override_reason="Agreed with the partnership after a postponement",
    )
    assert inspection.override_reason == "Agreed with the partnership after a postponement"
    assert inspection.milestone_dates("notification")[0] == date(2026, 5, 26)


@pytest.mark.django_db
def test_a_local_area_lead_cannot_lead_an_inspection(admin_user, partnership, lana, lead_inspector):
    with pytest.raises(ValidationError):
        announce_inspection(
            partnership=partnership,
            notified_on=date(2026, 12, 14),
            by=admin_user,
            today=date(2026, 12, 7),
            lead_inspector=lana,
        )


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["team_inspector", "cqc_inspector"])
def test_only_an_ofsted_hmi_may_lead(request, partnership, admin_user, who):
    with pytest.raises(ValidationError) as exc:
        announce_inspection(
            partnership=partnership,
            notified_on=date(2026, 12, 14),
            by=admin_user,
            today=date(2026, 12, 7),
            lead_inspector=request.getfixturevalue(who),
        )
    assert "His Majesty's Inspectors from Ofsted" in str(exc.value)
    assert not partnership.inspections.exists()


@pytest.mark.django_db
def test_the_cqc_lead_must_come_from_cqc(partnership, admin_user, lead_inspector, team_inspector, cqc_inspector):
    with pytest.raises(ValidationError) as exc:
        announce_inspection(
            partnership=partnership,
            notified_on=date(2026, 12, 14),
            by=admin_user,
            today=date(2026, 12, 7),
            lead_inspector=lead_inspector,
            cqc_lead=team_inspector,
        )
    assert "inspector from CQC" in str(exc.value)
    inspection = announce_inspection(
        partnership=partnership,
        notified_on=date(2026, 12, 14),
        by=admin_user,
        today=date(2026, 12, 7),
        lead_inspector=lead_inspector,
        team=[cqc_inspector],
        cqc_lead=cqc_inspector,
    )
    assert list(inspection.team.filter(is_cqc_lead=True).values_list("user", flat=True)) == [cqc_inspector.pk]
    assert inspection.team.count() == 2


@pytest.mark.django_db
def test_a_partnership_has_one_local_authority_and_any_number_of_icbs(partnership):
    from django.db import IntegrityError, transaction

    from inspections.models import PartnershipBody

    PartnershipBody.objects.create(partnership=partnership, kind="icb", name="NHS Second Integrated Care Board")
    assert [b.kind for b in partnership.bodies.all()] == ["local_authority", "icb", "icb"]
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnershipBody.objects.create(partnership=partnership, kind="local_authority", name="Another Council")


@pytest.mark.django_db
def test_moving_a_milestone_keeps_its_length_and_history(inspection, lead_inspector):
    milestone = inspection.milestones.get(key="pcf_second_meeting")
    moved = move_milestone(
        milestone=milestone, starts_on=date(2026, 12, 22), reason="Forum chair unavailable", by=lead_inspector
    )
    assert (moved.starts_on, moved.ends_on) == (date(2026, 12, 22), date(2026, 12, 30))
    assert (moved.start_wd, moved.end_wd) == (7, 11)
    change = Milestone.history.filter(id=milestone.pk).order_by("-history_date").first()
    assert change.history_change_reason == "Forum chair unavailable"
    assert change.history_user == lead_inspector
    previous = change.prev_record
    assert previous.starts_on == date(2026, 12, 21)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "day, reason, message",
    [
        (date(2026, 12, 25), "x", "not a working day"),
        (date(2026, 12, 22), "  ", "Enter why"),
        (date(2026, 12, 7), "too early", "before the notification"),
    ],
)
def test_bad_moves_are_refused(inspection, lead_inspector, day, reason, message):
    milestone = inspection.milestones.get(key="setup_meeting")
    with pytest.raises(ValidationError) as exc:
        move_milestone(milestone=milestone, starts_on=day, reason=reason, by=lead_inspector)
    assert message in str(exc.value)
    milestone.refresh_from_db()
    assert milestone.starts_on == date(2026, 12, 15)


@pytest.mark.django_db
def test_a_cqc_inspector_cannot_lead(partnership, admin_user, cqc_inspector):
    with pytest.raises(ValidationError, match="His Majesty.s Inspectors from Ofsted"):
        announce_inspection(
            partnership=partnership,
            notified_on=date(2026, 12, 14),
            by=admin_user,
            today=date(2026, 12, 7),
            lead_inspector=cqc_inspector,
        )


# --- Who may announce, overlaps and past dates ------------------------------------------------------

TODAY = date(2026, 12, 7)


@pytest.mark.django_db
def test_only_an_administrator_announces(partnership, lead_inspector, lana):
    for announcer in (lead_inspector, lana):
        with pytest.raises(PermissionDenied):
            announce_inspection(
                partnership=partnership,
                notified_on=date(2026, 12, 14),
                by=announcer,
                lead_inspector=lead_inspector,
                today=TODAY,
            )
    assert not partnership.inspections.exists()


@pytest.mark.django_db
def test_an_inspection_overlapping_one_still_running_is_refused(admin_user, partnership, lead_inspector):
    first = announce_inspection(
        partnership=partnership,
        notified_on=date(2026, 12, 14),
        by=admin_user,
        lead_inspector=lead_inspector,
        today=TODAY,
    )
    final_day = first.milestone_dates("final_feedback")[1]
    with pytest.raises(ValidationError) as exc:
        announce_inspection(
            partnership=partnership,
            notified_on=date(2027, 1, 4),
            by=admin_user,
            lead_inspector=lead_inspector,
            today=TODAY,
        )
    assert "has not ended by then" in str(exc.value)
    # A later Monday, after the first inspection's final feedback, is fine.
    later = final_day + timedelta(days=7 - final_day.weekday())
    announce_inspection(
        partnership=partnership, notified_on=later, by=admin_user, lead_inspector=lead_inspector, today=TODAY
    )
    assert partnership.inspections.count() == 2


@pytest.mark.django_db
def test_an_earlier_inspection_overlapping_a_later_one_is_refused(admin_user, partnership, lead_inspector):
    announce_inspection(
        partnership=partnership,
        notified_on=date(2027, 1, 4),
        by=admin_user,
        lead_inspector=lead_inspector,
        today=TODAY,
    )
    with pytest.raises(ValidationError):
        announce_inspection(
            partnership=partnership,
            notified_on=date(2026, 12, 14),
            by=admin_user,
            lead_inspector=lead_inspector,
            today=TODAY,
        )


@pytest.mark.django_db
def test_a_past_notification_date_needs_a_recorded_reason(admin_user, partnership, lead_inspector):
    with pytest.raises(ValidationError) as exc:
        announce_inspection(
            partnership=partnership,
            notified_on=date(2026, 11, 9),
            by=admin_user,
            lead_inspector=lead_inspector,
            today=TODAY,
        )
    assert "in the past (today is 7 December 2026)" in str(exc.value)
    inspection = announce_inspection(
        partnership=partnership,
        notified_on=date(2026, 11, 9),
        by=admin_user,
        lead_inspector=lead_inspector,
        override_reason="Recording an inspection run on paper",
        today=TODAY,
    )
    assert inspection.override_reason == "Recording an inspection run on paper"
    assert inspection.announced_by == admin_user


@pytest.mark.django_db
def test_the_planned_publication_date_follows_its_setting(settings, partnership, admin_user, lead_inspector):
    settings.REPORT_PUBLICATION_TARGET_WORKING_DAYS = 10
    inspection = announce_inspection(
        partnership=partnership,
        notified_on=date(2026, 12, 14),
        by=admin_user,
        today=date(2026, 12, 7),
        lead_inspector=lead_inspector,
    )
    milestone = inspection.milestones.get(key="report_published")
    assert milestone.name == "Report published (planned)"
    assert milestone.start_wd == 25  # final feedback on WD15, then 10 working days
    assert milestone.starts_on == date(2027, 1, 20)
