"""A parent's whole survey journey under gunicorn, beside a bare multi-page Django form journey.

Every request a browser makes, from the start page to the confirmation: the start page, each
question page (GET, then the POST that moves on), the check-your-answers page and its final POST,
then the confirmation. 16 clients, each a process of its own with its own cookies (session and
CSRF) and one kept-alive connection, as browsers are, run journeys until the total is done. The figure is completed responses per second, with the p95 of every
single request, beside a baseline in the same server: the same number of pages, each a one-field
Django form kept in the session, and a final POST that stores one row.

Goal: at least 0.6x the baseline's completed journeys per second, p95 per request under 200 ms on
a quiet machine.

This module is also the gunicorn application (``bench.bench_journey:application``): the project's
URLs plus the baseline pages.
"""

from __future__ import annotations

import http.client
import json
import multiprocessing
import os
import re
import time
import urllib.parse
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from functools import partial

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


class _Browser:
    """One client, as a browser is: its own cookies and one kept-alive connection. It follows
    redirects itself so that each request is timed, and keeps only what it needs of the HTTP
    machinery so that the clients' own work weighs as little as possible on the machine."""

    def __init__(self, base: str):
        url = urllib.parse.urlsplit(base)
        self.base, self.host, self.port = base, url.hostname, url.port
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        self.cookies: dict[str, str] = {}
        self.times: list[float] = []

    def _send(self, method: str, path: str, body: str | None, headers: dict) -> http.client.HTTPResponse:
        try:
            self.connection.request(method, path, body, headers)
            return self.connection.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # The server closed an idle kept-alive connection: a browser opens another.
            self.connection.close()
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
            self.connection.request(method, path, body, headers)
            return self.connection.getresponse()

    def request(self, path: str, fields: dict | None = None) -> tuple[int, str, str]:
        headers = {"Referer": self.base + path}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        response = self._send("POST" if body is not None else "GET", path, body, headers)
        text = response.read().decode(errors="replace")
        self.times.append(time.perf_counter() - start)
        for header in response.headers.get_all("Set-Cookie") or []:
            pair, _, attributes = header.partition(";")
            name, _, value = pair.strip().partition("=")
            if "max-age=0" in attributes.lower().replace(" ", ""):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        if response.will_close:
            self.connection.close()
        return response.status, text, urllib.parse.urlsplit(response.headers.get("Location", "")).path

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


def _client(base: str, journey, count: int) -> tuple[float, float, list[float]]:
    """One client process: `count` journeys; (start, end, seconds per request)."""
    browser = _Browser(base)
    start = time.perf_counter()
    for _ in range(count):
        journey(browser)
    return start, time.perf_counter(), browser.times


def _run(base: str, journey) -> tuple[float, float]:
    """Completed journeys per second and p95 ms per request, CLIENTS at a time.

    Each client is a process of its own (as browsers are), so no client waits on another's
    interpreter lock and every time measured is the server's answer.
    """
    per_client = JOURNEYS // CLIENTS
    spawn = multiprocessing.get_context("spawn")  # never fork the bench's database connection
    with ProcessPoolExecutor(max_workers=CLIENTS, mp_context=spawn) as pool:
        list(pool.map(time.sleep, [0.5] * CLIENTS))  # every process started before the clock runs
        runs = list(pool.map(_client, [base] * CLIENTS, [journey] * CLIENTS, [per_client] * CLIENTS))
    elapsed = max(end for _, end, _ in runs) - min(start for start, _, _ in runs)
    times = sorted(t for _, _, ts in runs for t in ts)
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
        baseline = partial(_baseline_journey, pages=pages)
        parent = partial(_survey_journey, token=survey.token, answers=answers)
        _run(base, baseline)  # warm every worker up
        _run(base, parent)
        before = Response.objects.filter(survey=survey).count()
        base_rate, base_p95 = _run(base, baseline)
        rate, p95 = _run(base, parent)
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
