"""Anonymous writes are limited per client (and resume codes per survey too), in the cache only."""

import re
import time

import pytest
import time_machine
from django.urls import reverse

from surveys.models import Response, SurveyDraft

from .factories import DURING_SURVEYS, survey_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def during():
    with time_machine.travel(DURING_SURVEYS, tick=False):
        yield


def url(name, survey, **kw):
    return reverse(f"surveys:{name}", kwargs={"token": survey.token, **kw})


def saved_code(client, survey) -> str:
    client.post(url("question", survey, key="age_group"), {"answer": "5-10", "action": "save"})
    return re.search(r'id="resume-code">([A-Z0-9-]+)<', client.get(url("saved", survey)).content.decode()).group(1)


def test_wrong_resume_codes_are_stopped_and_then_even_the_right_one_waits(client, inspection, during, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "resume_client": "5/900"}
    survey = survey_for(inspection)
    code = saved_code(client, survey)
    client.cookies.clear()
    for _ in range(5):
        assert client.post(url("resume", survey), {"code": "ZZZZ-ZZZZ"}).status_code == 200
    refused = client.post(url("resume", survey), {"code": code})
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Sorry, there have been too many attempts" in page and "Wait 15 minutes, then try again" in page
    assert refused["Retry-After"] == "900"
    assert "govuk-template" in page


def test_the_resume_limit_opens_again_when_its_window_ends(client, inspection, during, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "resume_client": "2/1"}
    survey = survey_for(inspection)
    code = saved_code(client, survey)
    client.cookies.clear()
    for _ in range(2):
        client.post(url("resume", survey), {"code": "ZZZZ-ZZZZ"})
    assert client.post(url("resume", survey), {"code": code}).status_code == 429
    assert client.post(url("resume", survey), {"code": code}, REMOTE_ADDR="10.0.0.9").status_code == 302
    time.sleep(1.2)  # the counter expires in the cache
    assert client.post(url("resume", survey), {"code": code}).status_code == 302


def test_resume_attempts_on_one_survey_are_limited_across_addresses(client, inspection, during, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "resume_survey": "3/900"}
    survey = survey_for(inspection)
    statuses = [
        client.post(url("resume", survey), {"code": "ZZZZ-ZZZZ"}, REMOTE_ADDR=f"10.0.0.{n}").status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_saves_and_submissions_are_limited_per_client(client, inspection, during, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "survey_write_client": "3/600"}
    survey = survey_for(inspection)
    for _ in range(3):
        client.post(url("question", survey, key="age_group"), {"answer": "5-10", "action": "save"})
    assert client.post(url("question", survey, key="age_group"), {"answer": "5-10"}).status_code == 429
    assert client.post(url("check", survey), {"payload": "x"}).status_code == 429
    assert SurveyDraft.objects.count() == 1 and Response.objects.count() == 0
    # Reading pages is not limited.
    assert client.get(url("start", survey)).status_code == 200


def test_the_forwarded_address_is_trusted_only_behind_a_proxy(client, inspection, during, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "resume_client": "1/900"}
    survey = survey_for(inspection)

    def post(forwarded: str) -> int:
        return client.post(url("resume", survey), {"code": "ZZZZ-ZZZZ"}, HTTP_X_FORWARDED_FOR=forwarded).status_code

    settings.BEHIND_PROXY = False
    assert [post("10.1.1.1"), post("10.1.1.2")] == [200, 429]  # one address: a header is not believed
    settings.BEHIND_PROXY = True
    assert [post("1.2.3.4, 10.2.2.2"), post("1.2.3.4, 10.2.2.3")] == [200, 200]  # the proxy's last entry


def test_nothing_about_the_client_is_stored_with_a_saved_draft(client, inspection, during):
    survey = survey_for(inspection)
    saved_code(client, survey)
    stored = SurveyDraft.objects.values().get()
    assert "127.0.0.1" not in repr(stored)
