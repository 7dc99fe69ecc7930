"""The shared conflict rule and page: a save from an older form never replaces newer text unseen."""

import pytest
from django.test import RequestFactory

from accounts.tests.factories import UserFactory
from inspections.concurrency import ConflictField, EditConflict, conflict_response, refuse_if_changed

LABELS = {"effective": "What is effective", "better": "What needs to be better"}


def test_a_save_from_the_version_it_loaded_goes_ahead():
    refuse_if_changed(loaded=3, current=3, what="The summary", labels=LABELS, yours={"effective": "a"}, theirs={})


def test_a_save_from_an_older_version_is_refused_with_both_texts():
    with pytest.raises(EditConflict) as refused:
        refuse_if_changed(
            loaded=2,
            current=3,
            what="The summary",
            labels=LABELS,
            yours={"effective": "Mine", "better": "Same"},
            theirs={"effective": "Theirs", "better": "Same"},
            saved_by="Ann Inspector",
        )
    conflict = refused.value
    assert conflict.current_version == 3
    assert [(f.name, f.yours, f.theirs, f.differs) for f in conflict.fields] == [
        ("effective", "Mine", "Theirs", True),
        ("better", "Same", "Same", False),
    ]
    assert "Ann Inspector" in str(conflict)


def test_an_older_version_with_the_same_text_loses_nothing_and_is_not_a_conflict():
    refuse_if_changed(
        loaded=1,
        current=4,
        what="The summary",
        labels=LABELS,
        yours={"effective": "Same\r\n"},
        theirs={"effective": "Same"},
    )


def test_callers_without_a_form_are_not_checked():
    refuse_if_changed(
        loaded=None, current=9, what="x", labels=LABELS, yours={"effective": "a"}, theirs={"effective": "b"}
    )


@pytest.mark.django_db
def test_the_conflict_page_offers_the_users_text_at_the_newer_version_and_keeps_other_answers():
    request = RequestFactory().post(
        "/edit/", {"effective": "Mine", "criteria": ["1", "4"], "version": "2", "csrfmiddlewaretoken": "x"}
    )
    request.user = UserFactory()
    conflict = EditConflict(
        what="The summary",
        fields=[ConflictField(name="effective", label="What is effective", yours="Mine", theirs="Theirs")],
        current_version=3,
        saved_by="Ann Inspector",
    )
    response = conflict_response(request, conflict, action="/edit/", back_url="/back/")
    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else has changed this since you opened it" in page
    assert 'name="version" value="3"' in page
    assert ">Mine</textarea>" in page and "Theirs" in page
    assert page.count('name="criteria"') == 2
    assert 'href="/back/"' in page


@pytest.mark.django_db
def test_a_form_with_a_version_per_part_carries_each_at_its_newer_version_and_marks_what_changed():
    request = RequestFactory().post(
        "/edit/",
        {"effective": "Mine", "better": "Also mine", "version_effective": "1", "version_better": "4", "other": "x"},
    )
    request.user = UserFactory()
    conflict = EditConflict(
        what="The report",
        fields=[
            ConflictField(name="effective", label="Effective", yours="Mine", theirs="Theirs", saved_by="Ann"),
            ConflictField(name="better", label="Better", yours="Also mine", theirs="Old", conflicting=False),
        ],
        current_version=2,
        versions={"version_effective": 2, "version_better": 4},
    )
    page = conflict_response(request, conflict, action="/edit/", back_url="/back/").content.decode()
    assert 'name="version_effective" value="2"' in page and 'name="version_better" value="4"' in page
    assert 'name="version"' not in page and 'value="1"' not in page
    assert 'name="other" value="x"' in page
    assert "The version saved by Ann" in page
    assert page.count("Changed by someone else") == 1 and page.count("Nobody else has changed this") == 1


@pytest.mark.django_db
def test_a_field_shown_in_words_is_not_a_box_and_the_users_own_values_travel_with_a_prefixed_version():
    with pytest.raises(EditConflict) as refused:
        refuse_if_changed(
            loaded=1,
            current=2,
            what="The meeting",
            labels={"meeting": "The meeting"},
            yours={"meeting": "Monday at 09:30"},
            theirs={"meeting": "Tuesday at 11:00"},
            shown_only={"meeting"},
        )
    request = RequestFactory().post(
        "/edit/", {"action": "schedule", "schedule-time": "09:30", "schedule-version": "1", "meeting": "x"}
    )
    request.user = UserFactory()
    page = conflict_response(
        request, refused.value, action="/edit/", back_url="/back/", version_name="schedule-version"
    ).content.decode()
    assert "<textarea" not in page and "Monday at 09:30" in page and "Save my version" in page
    assert 'name="schedule-version" value="2"' in page and 'name="schedule-version" value="1"' not in page
    assert 'name="schedule-time" value="09:30"' in page and 'name="action" value="schedule"' in page
    assert 'name="meeting" value="x"' in page  # a value sent under a shown-only name still travels
