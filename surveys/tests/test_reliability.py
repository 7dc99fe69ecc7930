"""Submissions against a real threaded server and PostgreSQL: concurrency and repeats."""

import re
import threading
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import time_machine

from surveys.models import Response, Tally
from surveys.views import signed_submission

from .factories import DURING_SURVEYS, answers_for, survey_for

pytestmark = pytest.mark.django_db(transaction=True)
#: Requests in flight at once: PostgreSQL allows 100 connections, shared with other work.
IN_FLIGHT = 32


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def csrf_for(base: str, survey) -> tuple[str, str]:
    """A CSRF cookie and form token, from any public page with a form."""
    with urllib.request.urlopen(f"{base}/s/{survey.token}/resume/") as r:
        cookie = next(h.split(";")[0] for h in r.headers.get_all("Set-Cookie") if h.startswith("csrftoken="))
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', r.read().decode()).group(1)
    return cookie, token


def post_submission(base: str, survey, cookie: str, csrf: str, payload: str) -> int:
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf, "payload": payload}).encode()
    request = urllib.request.Request(f"{base}/s/{survey.token}/check/", data=data, headers={"Cookie": cookie})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=60) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


@pytest.fixture
def during():
    with time_machine.travel(DURING_SURVEYS, tick=True):
        yield


def test_500_concurrent_submissions_store_exactly_500(live_server, inspection, during, settings):
    # 500 respondents, here all from one address: the per-client limit is raised to let them in.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "survey_write_client": "1000/600"}
    survey = survey_for(inspection)
    cookie, csrf = csrf_for(live_server.url, survey)
    payloads = [
        signed_submission(survey, version=1, answers=answers_for(survey.questions, pick=i), token=str(uuid.uuid4()))
        for i in range(500)
    ]
    with ThreadPoolExecutor(max_workers=IN_FLIGHT) as pool:
        statuses = list(pool.map(lambda p: post_submission(live_server.url, survey, cookie, csrf, p), payloads))
    assert statuses.count(302) == 500, {s: statuses.count(s) for s in set(statuses)}
    assert Response.objects.filter(survey=survey).count() == 500
    assert sum(Tally.objects.filter(survey=survey, question_key="_day").values_list("count", flat=True)) == 500
    assert (
        sum(
            Tally.objects.filter(survey=survey, question_key="identified", breakdown_key="").values_list(
                "count", flat=True
            )
        )
        == 500
    )


def test_the_same_final_post_sent_twice_at_once_stores_one(live_server, inspection, during):
    survey = survey_for(inspection)
    cookie, csrf = csrf_for(live_server.url, survey)
    payload = signed_submission(survey, version=1, answers=answers_for(survey.questions), token=str(uuid.uuid4()))
    start = threading.Barrier(4)

    def send(_):
        start.wait()
        return post_submission(live_server.url, survey, cookie, csrf, payload)

    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(send, range(4)))
    assert statuses == [302] * 4
    assert Response.objects.filter(survey=survey).count() == 1
    assert Tally.objects.get(survey=survey, question_key="_day").count == 1
