"""A parent's whole survey journey under gunicorn, beside a bare multi-page Django form journey.

Every request a browser makes, from the start page to the confirmation: the start page, each
question page (GET, then the POST that moves on), the check-your-answers page and its final POST,
then the confirmation. 16 clients, each with its own cookies (session and CSRF), run journeys
until the total is done. The figure is completed responses per second, with the p95 of every
single request, beside a baseline in the same server: the same number of pages, each a one-field
Django form kept in the session, and a final POST that stores one row.

Goal: at least 0.6x the baseline's completed journeys per second, p95 per request under 200 ms on
a quiet machine.

This module is also the gunicorn application (``bench.bench_journey:application``): the project's
URLs plus the baseline pages.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

CLIENTS = 16
JOURNEYS = 192
BASELINE_TABLE = "bench_journey_baseline"
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_PAYLOAD = re.compile(r'name="payload" value="([^"]+)"')


# --- The baseline: a bare multi-page form journey of the same length ---------------------------------

_PAGE = (
    '<!doctype html><title>Question {{ n }}</title><form method="post">{% csrf_token %}'
    "{{ form.as_div }}<button>Continue</button></form>"
)


def _baseline_page(request, n: int):
    from django import forms
    from django.db import connection
    from django.http import HttpResponse
    from django.shortcuts import redirect
    from django.template import engines

    pages = int(request.GET.get("pages") or request.session.get("pages") or 1)
    request.session["pages"] = pages
    form_class = type("Page", (forms.Form,), {"answer": forms.CharField(max_length=100)})
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            answers = request.session.get("answers", {})
            answers[str(n)] = form.cleaned_data["answer"]
            request.session["answers"] = answers
            if n < pages:
                return redirect(f"/bench/journey/{n + 1}/")
            with connection.cursor() as cursor:
                cursor.execute(f"INSERT INTO {BASELINE_TABLE} (answers) VALUES (%s)", [json.dumps(answers)])
            del request.session["answers"]
            return redirect("/bench/journey/done/")
    else:
        form = form_class()
    html = engines["django"].from_string(_PAGE).render({"form": form, "n": n}, request)
    return HttpResponse(html)


def _baseline_done(request):
    from django.http import HttpResponse

    return HttpResponse("<!doctype html><title>Done</title><p>Your answers were received.</p>")


def __getattr__(name: str):
    """`urlpatterns`, built lazily so that gunicorn can import this module before Django is set up."""
    if name == "urlpatterns":
        from django.urls import path

        from config.urls import urlpatterns as project

        return [
            path("bench/journey/done/", _baseline_done),
            path("bench/journey/<int:n>/", _baseline_page),
            *project,
        ]
    raise AttributeError(name)


_APP = None


def application(environ, start_response):
    global _APP
    if _APP is None:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
        import django
        from django.conf import settings

        django.setup()
        settings.ROOT_URLCONF = "bench.bench_journey"
        from django.core.wsgi import get_wsgi_application

        _APP = get_wsgi_application()
    return _APP(environ, start_response)


# --- Clients ----------------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class _Browser:
    """One client with its own cookies; it follows redirects itself so that each request is timed."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect
        )
        self.times: list[float] = []

    def request(self, path: str, fields: dict | None = None) -> tuple[int, str, str]:
        data = urllib.parse.urlencode(fields, doseq=True).encode() if fields is not None else None
        request = urllib.request.Request(self.base + path, data=data, headers={"Referer": self.base + path})
        start = time.perf_counter()
        try:
            with self.opener.open(request, timeout=60) as r:
                body, status, location = r.read().decode(), r.status, ""
        except urllib.error.HTTPError as e:
            body, status, location = e.read().decode(errors="replace"), e.code, e.headers.get("Location", "")
        self.times.append(time.perf_counter() - start)
        return status, body, urllib.parse.urlsplit(location).path

    def get(self, path: str) -> str:
        status, body, _ = self.request(path)
        assert status == 200, (path, status)
        return body

    def post(self, path: str, page: str, fields: dict) -> str:
        status, _, location = self.request(path, {"csrfmiddlewaretoken": _CSRF.search(page).group(1), **fields})
        assert status == 302, (path, status)
        return location


def _survey_journey(browser: _Browser, token: str, answers: list[tuple[str, object]]) -> None:
    browser.get(f"/s/{token}/")
    for key, value in answers:
        path = f"/s/{token}/questions/{key}/"
        page = browser.get(path)
        browser.post(path, page, {"answer": value})
    page = browser.get(f"/s/{token}/check/")
    done = browser.post(f"/s/{token}/check/", page, {"payload": _PAYLOAD.search(page).group(1)})
    browser.get(done)


def _baseline_journey(browser: _Browser, pages: int) -> None:
    browser.get("/bench/journey/1/?pages=" + str(pages))  # the start page
    for n in range(1, pages + 1):
        page = browser.get(f"/bench/journey/{n}/")
        browser.post(f"/bench/journey/{n}/", page, {"answer": f"answer {n}"})
    page = browser.get(f"/bench/journey/{pages}/")  # the check page
    done = browser.post(f"/bench/journey/{pages}/", page, {"answer": f"answer {pages}"})
    browser.get(done)


def _run(base: str, journey) -> tuple[float, float]:
    """Completed journeys per second and p95 ms per request, CLIENTS at a time."""
    per_client = JOURNEYS // CLIENTS

    def client(_):
        browser = _Browser(base)
        for _ in range(per_client):
            journey(browser)
        return browser.times

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        times = [t for ts in pool.map(client, range(CLIENTS)) for t in ts]
    elapsed = time.perf_counter() - start
    times.sort()
    return per_client * CLIENTS / elapsed, times[max(0, int(len(times) * 0.95) - 1)] * 1000


def run() -> list:
    from django.db import connection

    from bench.bench_surveys import _open_survey, _start_gunicorn
    from bench.harness import Result
    from surveys.models import Response
    from surveys.tests.factories import answers_for

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {BASELINE_TABLE} (id bigserial PRIMARY KEY, answers jsonb)")
    _, survey = _open_survey("Bench whole journey")
    qs = survey.questions
    chosen = answers_for(qs, pick=1, text="The school listens to us.")
    answers = [(q.key, chosen[q.key]) for q in qs.questions]
    pages = len(answers)
    proc, base = _start_gunicorn(connection.settings_dict["NAME"], app="bench.bench_journey:application")
    try:
        _run(base, lambda b: _baseline_journey(b, pages))  # warm every worker up
        _run(base, lambda b: _survey_journey(b, survey.token, answers))
        before = Response.objects.filter(survey=survey).count()
        base_rate, base_p95 = _run(base, lambda b: _baseline_journey(b, pages))
        rate, p95 = _run(base, lambda b: _survey_journey(b, survey.token, answers))
        stored = Response.objects.filter(survey=survey).count() - before
        assert stored == JOURNEYS // CLIENTS * CLIENTS, stored
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    requests = 2 * pages + 4
    return [
        Result(
            f"whole parent survey journey ({requests} requests), {CLIENTS} clients",
            rate,
            "resp/s",
            f"bare {pages}-page form journey storing one row",
            base_rate,
            goal=">= 0.6x baseline",
        ),
        Result(f"whole parent survey journey p95 per request, {CLIENTS} clients", p95, "ms", goal="< 200 ms"),
        Result(f"bare form journey p95 per request, {CLIENTS} clients", base_p95, "ms"),
    ]
