"""Storing the case list, choosing the cohort, the consent workflow, replacements and sampling."""

from __future__ import annotations

from datetime import date, time

import pytest
import time_machine
from django.core.exceptions import ValidationError

from inspections.concurrency import EditConflict
from tracking import selectors, services
from tracking.models import Case, CaseList, SampledCase, TrackedChild
from tracking.selection import Theme
from tracking.tests.factories import case_row, make_case_list, rows_to_csv, varied_rows

pytestmark = pytest.mark.django_db

SELECTION_DAY = date(2026, 12, 17)  # Thursday of week 1 (WD4)


def test_import_stores_every_row_and_reports_status(inspection, lana):
    assert selectors.case_list_status(inspection) == "not started"
    case_list = services.import_case_list(
        inspection=inspection, data=rows_to_csv(varied_rows()), file_name="list.csv", by=lana
    )
    assert case_list.row_count == 27 and case_list.cases.count() == 27
    assert selectors.case_list_status(inspection) == "uploaded"
    assert "C-11-15" in selectors.child_refs(inspection)
    stored = Case.objects.get(case_list=case_list, child_ref="C-11-15")
    assert stored.services == {"education", "social_care"} and stored.in_alternative_provision
    assert stored.social_care_status == "child_in_need" and stored.age == 13


def test_a_bad_row_stores_nothing_and_keeps_the_previous_list(inspection, lana):
    first = make_case_list(inspection)
    with pytest.raises(services.CaseListRejected) as caught:
        services.import_case_list(
            inspection=inspection,
            data=rows_to_csv(varied_rows(), bad={"support": "PLAN"}),
            file_name="bad.csv",
            by=lana,
        )
    (error,) = caught.value.result.errors
    assert (error.row, error.column, error.value) == (2, "support", "PLAN")
    assert "Nothing was saved" in caught.value.messages[0]
    assert CaseList.objects.filter(inspection=inspection).count() == 1
    assert selectors.current_case_list(inspection) == first


def test_a_new_import_replaces_the_list_and_keeps_the_old_one_in_history(inspection):
    old = make_case_list(inspection)
    new = make_case_list(inspection, rows=[case_row(child_ref="ONLY-ONE")])
    old.refresh_from_db()
    assert old.replaced_at is not None and new.is_current
    assert selectors.child_refs(inspection) == {"ONLY-ONE"}
    assert services.purge_replaced_case_lists(inspection=inspection) == 1
    assert not CaseList.objects.filter(pk=old.pk).exists()


def test_other_inspections_lists_are_separate(inspection, other_partnership):
    from inspections.tests.factories import make_inspection

    other = make_inspection(partnership=other_partnership)
    make_case_list(other, rows=[case_row(child_ref="ELSEWHERE")])
    assert selectors.child_refs(inspection) == set()
    assert selectors.case_list_status(inspection) == "not started"


def test_propose_needs_a_case_list(inspection, lead_inspector):
    with pytest.raises(ValidationError, match="not uploaded the case list"):
        services.propose_cohort(inspection=inspection, by=lead_inspector)


def test_propose_stores_seed_reasons_and_documents_due_two_working_days_later(inspection, lead_inspector):
    make_case_list(inspection)
    selection = services.propose_cohort(inspection=inspection, by=lead_inspector, seed=11, today=SELECTION_DAY)
    children = list(selection.children.all())
    assert len(children) == 6 and selection.seed == 11
    assert "OPTED-OUT" not in {c.child_ref for c in children}
    assert all(c.reasons for c in children)
    # Thursday 17 December + 2 working days = Monday 21 December.
    assert {c.documents_due_on for c in children} == {date(2026, 12, 21)}
    assert selection.result["coverage"] and selection.result["seed"] == 11
    again = services.propose_cohort(inspection=inspection, by=lead_inspector, seed=11, today=SELECTION_DAY)
    assert [c.child_ref for c in again.children.all()] == [c.child_ref for c in children]


def test_documents_due_skips_christmas_bank_holidays(inspection, lead_inspector):
    make_case_list(inspection)
    selection = services.propose_cohort(inspection=inspection, by=lead_inspector, seed=1, today=date(2026, 12, 24))
    assert selection.children.first().documents_due_on == date(2026, 12, 30)


def test_cohort_size_comes_from_settings(inspection, lead_inspector, settings):
    settings.TRACKING_COHORT_SIZE = 3
    make_case_list(inspection)
    selection = services.propose_cohort(inspection=inspection, by=lead_inspector, seed=1)
    assert selection.children.count() == 3


def _chosen(inspection, lead_inspector, seed=5) -> list[TrackedChild]:
    make_case_list(inspection)
    selection = services.propose_cohort(inspection=inspection, by=lead_inspector, seed=seed, today=SELECTION_DAY)
    return list(selection.children.all())


def test_full_workflow_to_a_held_meeting(inspection, lead_inspector, lana):
    child = _chosen(inspection, lead_inspector)[0]
    child = services.record_consent(child=child, agreed=True, by=lana)
    assert child.status == "agreed"
    child = services.record_documents_received(child=child, received_on=date(2026, 12, 18), by=lana)
    assert child.status == "documents_received"
    child = services.schedule_meeting(
        child=child,
        meeting_on=date(2026, 12, 31),
        meeting_time=time(10, 30),
        attendees=["family", "child", "nobody"],
        by=lana,
    )
    assert child.status == "meeting_scheduled" and child.attendees == ["child", "family"]
    child = services.record_meeting_held(
        child=child, held_on=date(2026, 12, 31), notes="Clear plan.", by=lead_inspector
    )
    assert child.status == "held" and child.notes == "Clear plan."
    assert child.history.count() >= 5


def test_steps_out_of_order_are_refused(inspection, lead_inspector, lana):
    child = _chosen(inspection, lead_inspector)[0]
    with pytest.raises(ValidationError, match="cannot be recorded"):
        services.record_meeting_held(child=child, held_on=date(2026, 12, 31), notes="x", by=lana)
    with pytest.raises(ValidationError):
        services.record_documents_received(child=child, received_on=date(2026, 12, 18), by=lana)


def test_decline_needs_a_reason_and_asks_for_a_replacement(inspection, lead_inspector, lana):
    child = _chosen(inspection, lead_inspector)[0]
    with pytest.raises(ValidationError):
        services.record_consent(child=child, agreed=False, reason=" ", by=lana)
    child = services.record_consent(child=child, agreed=False, reason="Family moving house", by=lana)
    assert child.needs_replacement


def test_replacement_keeps_the_coverage_and_records_why(inspection, lead_inspector, lana):
    children = _chosen(inspection, lead_inspector)
    ap_child = next(c for c in children if c.child_ref in {"C-11-15", "F-11-15"})
    other_ap = "F-11-15" if ap_child.child_ref == "C-11-15" else "C-11-15"
    services.record_consent(child=ap_child, agreed=False, reason="Family moving house", by=lana)
    ap_child.refresh_from_db()
    suggestion = selectors.replacement_suggestion(ap_child)
    assert suggestion is not None and suggestion.ref == other_ap
    new = services.replace_child(
        child=ap_child,
        child_ref=suggestion.ref,
        reason="",
        by=lead_inspector,
        reasons=suggestion.reasons,
        today=SELECTION_DAY,
    )
    ap_child.refresh_from_db()
    assert not ap_child.active and ap_child.replaced_by == new
    assert ap_child.replacement_reason == "Family moving house"
    assert new.status == "awaiting_approach" and "In alternative provision" in new.reasons
    coverage = {r.key: r for r in selectors.cohort_coverage(new.selection)}
    assert coverage["ap"].met and coverage["age:11-15"].met


def test_swap_by_reference_refuses_opted_out_unknown_and_already_chosen(inspection, lead_inspector):
    children = _chosen(inspection, lead_inspector)
    child = children[0]
    for ref, message in [
        ("OPTED-OUT", "asked not to be chosen"),
        ("NOPE", "no child with the reference"),
        (children[1].child_ref, "already been chosen"),
    ]:
        with pytest.raises(ValidationError, match=message):
            services.replace_child(child=child, child_ref=ref, reason="Better fit", by=lead_inspector)
    with pytest.raises(ValidationError, match="why"):
        services.replace_child(child=child, child_ref="Z-05", reason="", by=lead_inspector)
    spare = next(r for r in (f"Z-{n:02d}" for n in range(20)) if r not in {c.child_ref for c in children})
    new = services.replace_child(child=child, child_ref=spare.lower(), reason="Better fit", by=lead_inspector)
    assert new.child_ref == spare


def test_cannot_propose_again_once_a_family_was_approached(inspection, lead_inspector, lana):
    child = _chosen(inspection, lead_inspector)[0]
    services.record_consent(child=child, agreed=True, by=lana)
    with pytest.raises(ValidationError, match="already been approached"):
        services.propose_cohort(inspection=inspection, by=lead_inspector)


def test_overdue_flags_appear_after_the_due_date(inspection, lead_inspector):
    _chosen(inspection, lead_inspector)
    selection = selectors.selection_for(inspection)
    on_time = selectors.tracking_rows(selection, date(2026, 12, 21))
    late = selectors.tracking_rows(selection, date(2026, 12, 22))
    assert all(not r["overdue"] for r in on_time)
    assert all("Consent overdue (due 21 December)" in r["overdue"] for r in late)


@pytest.mark.parametrize("language", ["en-gb", "cy"])
def test_tracking_rows_write_dates_as_the_date_filter_does(inspection, lead_inspector, language):
    from django.template.defaultfilters import date as date_filter
    from django.utils import translation

    children = _chosen(inspection, lead_inspector)
    TrackedChild.objects.filter(pk=children[0].pk).update(documents_received_on=date(2027, 1, 4))
    TrackedChild.objects.filter(pk=children[1].pk).update(meeting_on=date(2027, 2, 9), meeting_time=time(10, 30))
    with translation.override(language):
        rows = selectors.tracking_rows(selectors.selection_for(inspection), date(2026, 12, 21))
        for row in rows:
            c = row["child"]
            if c.documents_received_on:
                assert row["documents"] == f"Received {date_filter(c.documents_received_on, 'j M')}"
            else:
                assert row["documents"] == date_filter(c.documents_due_on, "j M Y")
            assert row["meeting_on"] == (date_filter(c.meeting_on, "j M Y") if c.meeting_on else "")
    assert any(r["documents"].startswith("Received") for r in rows) and any(r["meeting_on"] for r in rows)


def test_coverage_from_the_rows_children_is_the_coverage_read_afresh(inspection, lead_inspector):
    _chosen(inspection, lead_inspector)
    selection = selectors.selection_for(inspection)
    rows = selectors.tracking_rows(selection, date(2026, 12, 21))
    active = [r["child"] for r in rows if r["child"].active]
    assert selectors.cohort_coverage(selection, active) == selectors.cohort_coverage(selection)


def test_case_sample_uses_theme_seed_and_skips_tracked_and_opted_out(inspection, lead_inspector, settings):
    children = _chosen(inspection, lead_inspector)
    sample = services.draw_cases(inspection=inspection, by=lead_inspector, theme=Theme(support="EHCP"), seed=3)
    refs = set(sample.cases.values_list("child_ref", flat=True))
    ehcp = {"A-0-4", "C-11-15", "D-16-18", "E-19-25", "F-11-15"}
    assert refs == ehcp - {c.child_ref for c in children}
    assert sample.theme_label == "EHC plan" and sample.seed == 3
    settings.CASE_SAMPLE_SIZE = len(refs) + 4
    second = services.draw_cases(inspection=inspection, by=lead_inspector, seed=1)
    assert second.cases.count() == 4
    assert not set(second.cases.values_list("child_ref", flat=True)) & refs
    assert "OPTED-OUT" not in set(SampledCase.objects.values_list("child_ref", flat=True))


def test_case_sample_holds_at_most_the_sample_size_for_the_whole_inspection(inspection, lead_inspector, settings):
    make_case_list(inspection)
    settings.CASE_SAMPLE_SIZE = 12
    first = services.draw_cases(inspection=inspection, by=lead_inspector, size=40, seed=1)
    assert first.cases.count() == 12  # asked for 40
    with pytest.raises(ValidationError, match="already holds 12 cases"):
        services.draw_cases(inspection=inspection, by=lead_inspector, size=1, seed=2)
    assert SampledCase.objects.filter(sample__inspection=inspection).count() == 12


def test_lead_withdraws_an_unreviewed_case_with_a_reason_and_may_draw_another(
    inspection, lead_inspector, team_inspector, settings
):
    make_case_list(inspection)
    settings.CASE_SAMPLE_SIZE = 3
    cases = list(services.draw_cases(inspection=inspection, by=lead_inspector, seed=1).cases.all())
    with pytest.raises(ValidationError, match="Enter why"):
        services.withdraw_sampled_case(sampled_case=cases[0], reason="  ", by=lead_inspector)
    withdrawn = services.withdraw_sampled_case(
        sampled_case=cases[0], reason="Practitioner on long-term leave", by=lead_inspector
    )
    assert withdrawn.is_withdrawn and withdrawn.withdrawal_reason == "Practitioner on long-term leave"
    assert selectors.sampled_case_count(inspection) == 2
    again = services.draw_cases(inspection=inspection, by=lead_inspector, seed=1)
    assert again.cases.count() == 1
    assert again.cases.get().child_ref != withdrawn.child_ref  # a withdrawn child is not drawn again
    with pytest.raises(ValidationError, match="cannot be reviewed"):
        services.record_case_review(
            sampled_case=withdrawn, record_reviewed=True, practitioners_spoken_to="", notes="", by=team_inspector
        )
    services.record_case_review(
        sampled_case=cases[1], record_reviewed=True, practitioners_spoken_to="", notes="", by=team_inspector
    )
    with pytest.raises(ValidationError, match="has been reviewed"):
        services.withdraw_sampled_case(sampled_case=cases[1], reason="Changed my mind", by=lead_inspector)


def test_case_sample_with_no_match_is_refused(inspection, lead_inspector):
    make_case_list(inspection)
    with pytest.raises(ValidationError, match="No cases"):
        services.draw_cases(inspection=inspection, by=lead_inspector, theme=Theme(need="VI"))


def test_case_review_is_recorded(inspection, lead_inspector, team_inspector):
    make_case_list(inspection)
    sample = services.draw_cases(inspection=inspection, by=lead_inspector, seed=2)
    case = sample.cases.first()
    with pytest.raises(ValidationError):
        services.record_case_review(
            sampled_case=case, record_reviewed=False, practitioners_spoken_to="", notes="", by=team_inspector
        )
    with time_machine.travel("2026-12-31 10:00Z"):
        reviewed = services.record_case_review(
            sampled_case=case,
            record_reviewed=True,
            practitioners_spoken_to="SENCo",
            notes="Plan out of date",
            by=team_inspector,
        )
    assert reviewed.is_reviewed and reviewed.reviewed_by == team_inspector


def test_str_names_the_reference_and_what_it_is(inspection, lead_inspector):
    child = _chosen(inspection, lead_inspector)[0]
    assert str(child) == f"{child.child_ref} (tracked child)"
    sample = services.draw_cases(inspection=inspection, by=lead_inspector, seed=2)
    case = sample.cases.first()
    assert str(case) == f"{case.child_ref} (sampled case)"


def _ready_to_schedule(inspection, lead_inspector, lana) -> TrackedChild:
    child = _chosen(inspection, lead_inspector)[0]
    return services.record_consent(child=child, agreed=True, by=lana)


@pytest.mark.parametrize(
    ("meeting_on", "message"),
    [
        (date(2026, 12, 19), "Saturday 19 December 2026 is not a working day"),
        (date(2026, 12, 28), "Monday 28 December 2026 is not a working day"),  # Boxing Day, moved
        (date(2027, 1, 7), "must be by 6 January 2027, the final feedback meeting"),
        (date(2026, 12, 16), "must be on or after 17 December 2026"),
    ],
)
def test_tracking_meetings_fall_on_working_days_within_fieldwork(inspection, lead_inspector, lana, meeting_on, message):
    child = _ready_to_schedule(inspection, lead_inspector, lana)
    with pytest.raises(ValidationError, match=message):
        services.schedule_meeting(
            child=child, meeting_on=meeting_on, meeting_time=time(10), attendees=["family"], by=lana
        )
    child.refresh_from_db()
    assert child.status == "agreed" and child.meeting_on is None


def test_last_day_of_fieldwork_is_accepted(inspection, lead_inspector, lana):
    child = _ready_to_schedule(inspection, lead_inspector, lana)
    child = services.schedule_meeting(
        child=child, meeting_on=date(2027, 1, 6), meeting_time=time(10), attendees=["family"], by=lana
    )
    assert child.meeting_on == date(2027, 1, 6)


def test_a_meeting_cannot_be_held_before_its_scheduled_date(inspection, lead_inspector, lana):
    child = _ready_to_schedule(inspection, lead_inspector, lana)
    child = services.schedule_meeting(
        child=child, meeting_on=date(2026, 12, 31), meeting_time=time(10), attendees=["family"], by=lana
    )
    with pytest.raises(ValidationError, match="scheduled for 31 December 2026: it cannot have been held before then"):
        services.record_meeting_held(child=child, held_on=date(2026, 12, 30), notes="x", by=lead_inspector)
    child.refresh_from_db()
    assert child.status == "meeting_scheduled"


def _reviewable(inspection, lead_inspector) -> SampledCase:
    make_case_list(inspection)
    return services.draw_cases(inspection=inspection, by=lead_inspector, seed=2).cases.first()


def test_two_reviews_from_the_same_version_the_second_is_refused_and_the_first_kept(
    inspection, lead_inspector, team_inspector
):
    case = _reviewable(inspection, lead_inspector)
    services.record_case_review(
        sampled_case=case,
        record_reviewed=True,
        practitioners_spoken_to="SENCo",
        notes="Plan out of date",
        by=team_inspector,
        loaded_version=0,
    )
    with pytest.raises(EditConflict) as refused:
        services.record_case_review(
            sampled_case=case,
            record_reviewed=True,
            practitioners_spoken_to="SENCo",
            notes="Therapy advice missing",
            by=lead_inspector,
            loaded_version=0,
        )
    assert refused.value.saved_by == team_inspector.display_name
    assert [(f.name, f.yours, f.theirs) for f in refused.value.fields if f.differs] == [
        ("notes", "Therapy advice missing", "Plan out of date")
    ]
    case.refresh_from_db()
    assert (case.notes, case.reviewed_by, case.version) == ("Plan out of date", team_inspector, 1)


def test_a_review_from_an_older_version_with_the_same_text_is_not_a_conflict(
    inspection, lead_inspector, team_inspector
):
    case = _reviewable(inspection, lead_inspector)
    for by in (team_inspector, lead_inspector):
        saved = services.record_case_review(
            sampled_case=case,
            record_reviewed=True,
            practitioners_spoken_to="SENCo",
            notes="Plan out of date",
            by=by,
            loaded_version=0,
        )
    assert (saved.version, saved.reviewed_by) == (2, lead_inspector)


def test_moving_a_meeting_someone_else_moved_since_the_page_loaded_is_refused(inspection, lead_inspector, lana):
    child = _ready_to_schedule(inspection, lead_inspector, lana)
    loaded = TrackedChild.objects.get(pk=child.pk).version
    services.schedule_meeting(
        child=child, meeting_on=date(2026, 12, 31), meeting_time=time(10), attendees=["family"], by=lana
    )
    services.schedule_meeting(
        child=child,
        meeting_on=date(2027, 1, 5),
        meeting_time=time(14),
        attendees=["family"],
        by=lead_inspector,
        loaded_version=loaded + 1,
    )
    with pytest.raises(EditConflict) as refused:
        services.schedule_meeting(
            child=child,
            meeting_on=date(2027, 1, 4),
            meeting_time=time(9),
            attendees=["family"],
            by=lana,
            loaded_version=loaded + 1,
        )
    [meeting] = refused.value.fields
    assert meeting.theirs == "Tuesday 5 January 2027 at 14:00. Attending: Family"
    assert meeting.yours == "Monday 4 January 2027 at 09:00. Attending: Family"
    assert not meeting.editable
    child.refresh_from_db()
    assert (child.meeting_on, child.meeting_time) == (date(2027, 1, 5), time(14))


def test_a_first_meeting_or_the_same_meeting_from_an_older_page_is_not_a_conflict(inspection, lead_inspector, lana):
    child = _ready_to_schedule(inspection, lead_inspector, lana)
    first = services.schedule_meeting(
        child=child,
        meeting_on=date(2026, 12, 31),
        meeting_time=time(10),
        attendees=["family"],
        by=lana,
        loaded_version=0,
    )
    again = services.schedule_meeting(
        child=child,
        meeting_on=date(2026, 12, 31),
        meeting_time=time(10),
        attendees=["family"],
        by=lead_inspector,
        loaded_version=0,
    )
    assert again.version == first.version + 1 and again.meeting_on == date(2026, 12, 31)
