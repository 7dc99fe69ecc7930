import contextlib
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from surveys import services
from surveys.models import Answer, Response, SurveyDraft

from .factories import AFTER_SURVEYS, BEFORE_SURVEYS, DURING_SURVEYS, answers_for, survey_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def during():
    with time_machine.travel(DURING_SURVEYS, tick=False):
        yield


def url(name, survey, **kw):
    return reverse(f"surveys:{name}", kwargs={"token": survey.token, **kw})


def answer_all(client, survey, *, stop_at=None):
    """Walk through every question page with the first option; return the last response."""
    qs = survey.questions
    for key, value in answers_for(qs, text="The school listened to us.").items():
        if key == stop_at:
            return None
        r = client.post(url("question", survey, key=key), {"answer": value, "action": "continue"})
        assert r.status_code == 302, (key, r.content[:3000])
    return r


def test_start_page_explains_the_survey(client, inspection, during):
    survey = survey_for(inspection)
    page = client.get(url("start", survey)).content.decode()
    assert "Survey for parents and carers" in page and "anonymous" in page
    assert "about 10 minutes" in page and "Friday 18 December 2026" in page
    assert 'lang="en-gb"' in page
    assert "Sign out" not in page  # no service navigation on public pages


def test_not_open_yet_and_closed_pages_give_the_dates(client, inspection):
    survey = survey_for(inspection)
    with time_machine.travel(BEFORE_SURVEYS, tick=False):
        page = client.get(url("start", survey)).content.decode()
        assert "not open yet" in page and "Monday 14 December 2026" in page
        assert client.get(url("question", survey, key="age_group")).content.decode().count("not open yet") >= 1
    with time_machine.travel(AFTER_SURVEYS, tick=False):
        page = client.get(url("start", survey)).content.decode()
        assert "This survey has closed" in page and "Friday 18 December 2026" in page


@pytest.mark.parametrize("when", [BEFORE_SURVEYS, AFTER_SURVEYS])
def test_closed_and_not_yet_open_pages_keep_the_local_contact(client, inspection, when):
    survey = survey_for(inspection)
    with time_machine.travel(when, tick=False):
        page = client.get(url("start", survey)).content.decode()
    assert "Northshire children&#x27;s services" in page
    assert '<a class="govuk-link" href="tel:+443001234567">0300 123 4567</a>' in page
    assert '<a class="govuk-link" href="tel:+448088005000">0808 800 5000</a>' in page


def test_free_text_for_parents_and_practitioners_names_the_adult_safeguarding_route(client, inspection, during):
    for audience, key in (("parents", "went_well"), ("practitioners", "tell_us")):
        survey = survey_for(inspection, audience)
        key = key if survey.questions.has(key) else next(q.key for q in survey.questions.questions if q.kind == "text")
        page = client.get(url("question", survey, key=key)).content.decode()
        assert "aged 18 to 25" in page and "adult safeguarding" in page
        assert "Childline" not in page


def test_children_and_young_people_get_their_own_words_and_childline(client, inspection, during):
    survey = survey_for(inspection, "young_people")
    key = next(q.key for q in survey.questions.questions if q.kind == "text")
    page = client.get(url("question", survey, key=key)).content.decode()
    assert "If you are not safe, or you are worried about someone" in page
    assert 'Childline on <a class="govuk-link" href="tel:+448001111">0800 1111</a>' in page
    assert 'href="tel:+448088005000"' in page  # the NSPCC beside it
    done = client.get(url("done", survey)).content.decode()
    assert "Thank you for telling us what you think" in done and "Childline" in done
    assert "Thank you for taking part" not in done


def test_phone_numbers_on_open_pages_are_links_to_call(client, inspection, during):
    page = client.get(url("question", survey_for(inspection), key="went_well")).content.decode()
    assert 'href="tel:+443001234567"' in page and 'href="tel:+448088005000"' in page and 'href="tel:999"' in page


@pytest.mark.parametrize(
    "name,kw", [("start", {}), ("question", {"key": "age_group"}), ("check", {}), ("saved", {}), ("resume", {})]
)
def test_every_answering_page_is_closed_after_the_window(client, inspection, name, kw):
    survey = survey_for(inspection)
    with time_machine.travel(AFTER_SURVEYS, tick=False):
        assert "This survey has closed" in client.get(url(name, survey, **kw)).content.decode()
        posted = client.post(url(name, survey, **kw), {"answer": "x", "code": "ABCD-EFGH", "payload": "x"})
        assert "This survey has closed" in posted.content.decode()
    assert not Response.objects.exists() and not SurveyDraft.objects.exists()


def test_unknown_link_is_not_found(client, inspection, during):
    assert client.get(reverse("surveys:start", kwargs={"token": "nope"})).status_code == 404


def test_complete_journey_stores_one_anonymous_response(client, inspection, during):
    survey = survey_for(inspection)
    last = answer_all(client, survey)
    assert last.url == url("check", survey)
    check = client.get(url("check", survey)).content.decode()
    assert "Check your answers" in check and "The school listened to us." in check
    payload = re.search(r'name="payload" value="([^"]+)"', check).group(1)
    done = client.post(
        url("check", survey), {"payload": payload}, REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="SecretBrowser/1.0"
    )
    assert done.status_code == 302 and done.url == url("done", survey)
    assert "Your answers have been sent" in client.get(done.url).content.decode()
    # A double click or a retry sends the same form again: still one response.
    again = client.post(url("check", survey), {"payload": payload})
    assert again.status_code == 302
    assert Response.objects.count() == 1
    # Nothing about the device is stored with the answers.
    stored = " ".join(str(v) for r in Response.objects.values() for v in r.values())
    stored += " ".join(str(v) for r in Answer.objects.values() for v in r.values())
    assert "203.0.113.9" not in stored and "SecretBrowser" not in stored
    assert not {f.name for f in Response._meta.get_fields()} & {"user", "ip_address", "user_agent"}


def test_missing_answer_shows_the_error_summary(client, inspection, during):
    survey = survey_for(inspection)
    page = client.post(url("question", survey, key="age_group"), {"action": "continue"}).content.decode()
    assert "There is a problem" in page and 'href="#answer"' in page and "Select an answer" in page
    assert "<title>Error:" in page


def test_free_text_pages_say_what_to_do_if_a_child_is_at_risk(client, inspection, during):
    survey = survey_for(inspection)
    page = client.get(url("question", survey, key="went_well")).content.decode()
    assert "0300 123 4567" in page and "Northshire children&#x27;s services" in page
    assert "0808 800 5000" in page and "cannot look into individual complaints" in page
    young = survey_for(inspection, "young_people")
    assert "0808 800 5000" in client.get(url("question", young, key="tell_us")).content.decode()


def test_duplicate_guard_asks_but_never_blocks(client, inspection, during):
    survey = survey_for(inspection)
    assert "already answered" not in client.get(url("start", survey)).content.decode()
    answer_all(client, survey)
    check = client.get(url("check", survey)).content.decode()
    client.post(url("check", survey), {"payload": re.search(r'name="payload" value="([^"]+)"', check).group(1)})
    page = client.get(url("start", survey)).content.decode()
    assert "already answered this survey" in page and "Answer again" in page
    # Answering again works and stores a second response.
    answer_all(client, survey)
    check = client.get(url("check", survey)).content.decode()
    client.post(url("check", survey), {"payload": re.search(r'name="payload" value="([^"]+)"', check).group(1)})
    assert Response.objects.count() == 2
    # A forged cookie is ignored.
    client.cookies[f"survey_answered_{survey.pk}"] = "1"
    assert "already answered" not in client.get(url("start", survey)).content.decode()


def test_save_and_return_with_a_resume_code(client, inspection, during, django_user_model):
    survey = survey_for(inspection)
    client.post(url("question", survey, key="age_group"), {"answer": "5-10", "action": "continue"})
    saved = client.post(url("question", survey, key="support_level"), {"answer": "ehc_plan", "action": "save"})
    assert saved.url == url("saved", survey)
    page = client.get(saved.url).content.decode()
    code = re.search(r'id="resume-code">([A-Z0-9-]+)<', page).group(1)
    assert SurveyDraft.objects.count() == 1
    # Another day, another device.
    client.cookies.clear()
    wrong = client.post(url("resume", survey), {"code": "ZZZZ-ZZZZ"}).content.decode()
    assert "could not find answers" in wrong
    back = client.post(url("resume", survey), {"code": code.lower()})
    assert back.url == url("question", survey, key="identified")
    page = client.get(url("question", survey, key="support_level")).content.decode()
    assert 'value="ehc_plan" checked' in page
    answer_all(client, survey)
    check = client.get(url("check", survey)).content.decode()
    client.post(url("check", survey), {"payload": re.search(r'name="payload" value="([^"]+)"', check).group(1)})
    assert Response.objects.count() == 1 and SurveyDraft.objects.count() == 0


def test_the_resume_code_page_gives_the_link_to_keep(client, inspection, during):
    survey = survey_for(inspection)
    client.post(url("question", survey, key="age_group"), {"answer": "5-10", "action": "save"})
    page = client.get(url("saved", survey)).content.decode()
    assert "The link to this survey" in page
    assert f'id="survey-link" href="http://testserver/s/{survey.token}/">http://testserver/s/{survey.token}/<' in page


def test_answers_given_after_resuming_are_kept_under_the_code_as_they_go(client, inspection, during):
    survey = survey_for(inspection)
    client.post(url("question", survey, key="age_group"), {"answer": "5-10", "action": "save"})
    code = re.search(r'id="resume-code">([A-Z0-9-]+)<', client.get(url("saved", survey)).content.decode()).group(1)
    client.cookies.clear()  # another device
    client.post(url("resume", survey), {"code": code})
    client.post(url("question", survey, key="support_level"), {"answer": "ehc_plan", "action": "continue"})
    # The browser closes without saving; on a third device the code brings back both answers.
    client.cookies.clear()
    back = client.post(url("resume", survey), {"code": code})
    assert back.url == url("question", survey, key="identified")
    assert SurveyDraft.objects.get().answers == {"age_group": "5-10", "support_level": "ehc_plan"}
    assert SurveyDraft.objects.count() == 1


def test_answers_without_a_code_are_not_stored(client, inspection, during):
    survey = survey_for(inspection)
    client.post(url("question", survey, key="age_group"), {"answer": "5-10", "action": "continue"})
    assert SurveyDraft.objects.count() == 0


def test_resume_code_stops_working_after_the_window(client, inspection):
    survey = survey_for(inspection)
    with time_machine.travel(DURING_SURVEYS, tick=False):
        _, code = services.save_draft(survey=survey, version=1, answers={"age_group": "5-10"})
    with time_machine.travel(AFTER_SURVEYS, tick=False):
        page = client.post(url("resume", survey), {"code": code}).content.decode()
        assert "This survey has closed" in page


def test_database_error_shows_a_try_again_page_and_stores_nothing(client, inspection, during, monkeypatch):
    survey = survey_for(inspection)
    answer_all(client, survey)
    check = client.get(url("check", survey)).content.decode()
    payload = re.search(r'name="payload" value="([^"]+)"', check).group(1)

    def too_long(qs, cleaned, day):
        # A counter value longer than its column: PostgreSQL refuses the statement part-way.
        return [("_day", "x" * 50, "", "")]

    with monkeypatch.context() as m:
        m.setattr(services, "_tally_rows", too_long)
        failed = client.post(url("check", survey), {"payload": payload})
    assert failed.status_code == 503
    page = failed.content.decode()
    assert "Your answers have not been saved" in page and "Try again" in page and payload in page
    assert Response.objects.count() == 0 and Answer.objects.count() == 0
    retried = client.post(url("check", survey), {"payload": payload})
    assert retried.url == url("done", survey) and Response.objects.count() == 1


def test_tampered_payload_is_refused(client, inspection, during):
    survey = survey_for(inspection)
    r = client.post(url("check", survey), {"payload": "not-signed"})
    assert r.status_code == 302 and Response.objects.count() == 0


def test_young_peoples_survey_is_easy_read(client, inspection, during):
    survey = survey_for(inspection, "young_people")
    page = client.get(url("start", survey)).content.decode()
    assert "An adult can help you answer." in page
    assert "Did someone help you answer?" in client.get(url("question", survey, key="helped")).content.decode()


@contextlib.contextmanager
def database_down():
    """The database stops answering: every new connection is refused until the block ends."""
    from django.db import connection

    from reports.tests.worker import free_port

    connection.close()
    port = connection.settings_dict["PORT"]
    connection.settings_dict["PORT"] = str(free_port())
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port


@pytest.mark.django_db(transaction=True)
def test_database_down_shows_the_try_again_page_and_trying_again_stores_one_response(client, inspection, during):
    survey = survey_for(inspection)
    answer_all(client, survey)
    payload = re.search(r'name="payload" value="([^"]+)"', client.get(url("check", survey)).content.decode()).group(1)
    with database_down():
        failed = client.post(url("check", survey), {"payload": payload})
    assert failed.status_code == 503
    page = failed.content.decode()
    assert "Your answers have not been saved" in page and "Try again" in page and payload in page
    assert escape(str(survey.questions.title)) in page  # the page is the survey's own, made from the signed answers
    assert Response.objects.count() == 0

    retried = client.post(url("check", survey), {"payload": payload})
    assert retried.url == url("done", survey) and Response.objects.count() == 1


def test_back_after_sending_or_sending_again_shows_the_confirmation_and_stores_nothing_more(client, inspection, during):
    survey = survey_for(inspection)
    answer_all(client, survey)
    payload = re.search(r'name="payload" value="([^"]+)"', client.get(url("check", survey)).content.decode()).group(1)
    assert client.post(url("check", survey), {"payload": payload}).url == url("done", survey)
    assert "Your answers have been sent" in client.get(url("done", survey)).content.decode()  # reloading it

    back = client.get(url("check", survey), follow=True)
    assert back.redirect_chain[-1][0] == url("done", survey)
    assert "Your answers have been sent" in back.content.decode()
    again = client.post(url("check", survey), {"payload": payload}, follow=True)
    assert "Your answers have been sent" in again.content.decode()
    assert Response.objects.count() == 1


def test_a_question_page_reads_the_survey_window_and_local_contacts_in_one_query(
    client, inspection, during, django_assert_num_queries
):
    survey = survey_for(inspection)
    client.get(url("start", survey))
    partnership = inspection.partnership
    with django_assert_num_queries(1):  # no session yet: the survey, its window and the partnership
        page = client.get(url("question", survey, key="went_well")).content.decode()
    assert partnership.local_authority in client.get(url("start", survey)).content.decode()
    assert escape(partnership.childrens_social_care_name) in page
