"""Surveys: submissions under gunicorn, and results for 100,000 responses.

1. The final POST that stores a response, under gunicorn with 16 concurrent clients: requests/s
   and p95 latency, beside a baseline view in the same server that validates a 20-field Django
   form and inserts one row. Goal: at least 0.5x the baseline's requests/s, p95 under 150 ms.
   The same run sends 500 submissions at once and one submission twice, and checks that exactly
   500 + 1 responses were stored.
2. The results page and the CSV export of a survey with 100,000 responses: server time and
   query count, beside one hand-written SQL GROUP BY over the same answers stored as JSON, one
   row per response. Goal: at most 0.5x that baseline, under 250 ms, queries not growing.

This module is also the gunicorn application for part 1 (``bench.bench_surveys:application``):
the project's URLs plus the baseline view.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE_TABLE = "bench_survey_baseline_form"
JSON_TABLE = "bench_survey_answers_json"
CLIENTS = 16
REQUESTS = 1200
RESPONSES = 100_000
GUNICORN_THREADS = 4


# --- The gunicorn application: project URLs plus the baseline view ---------------------------------

_FORM = None


def _baseline_form():
    """A plain Django form with 20 required text fields."""
    global _FORM
    if _FORM is None:
        from django import forms

        _FORM = type("BaselineForm", (forms.Form,), {f"f{i}": forms.CharField(max_length=100) for i in range(20)})
    return _FORM


def _baseline_view(request):
    from django.db import connection
    from django.http import HttpResponseBadRequest, HttpResponseRedirect

    form = _baseline_form()(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("invalid")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {BASELINE_TABLE} ({', '.join(f'f{i}' for i in range(20))}) VALUES ({', '.join(['%s'] * 20)})",
            [form.cleaned_data[f"f{i}"] for i in range(20)],
        )
    return HttpResponseRedirect("/bench/survey-baseline/done/")


def __getattr__(name: str):
    """`urlpatterns`, built lazily so that gunicorn can import this module before Django is set up."""
    if name == "urlpatterns":
        from django.urls import path
        from django.views.decorators.http import require_POST

        from config.urls import urlpatterns as project

        return [path("bench/survey-baseline/", require_POST(_baseline_view)), *project]
    raise AttributeError(name)


def application(environ, start_response):
    return _wsgi()(environ, start_response)


_APP = None


def _wsgi():
    global _APP
    if _APP is None:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
        import django
        from django.conf import settings

        django.setup()
        settings.ROOT_URLCONF = "bench.bench_surveys"
        from django.core.wsgi import get_wsgi_application

        _APP = get_wsgi_application()
    return _APP


# --- Load generation ------------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _post(url: str, fields: dict, cookie: str) -> tuple[int, float]:
    data = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(url, data=data, headers={"Cookie": cookie})
    start = time.perf_counter()
    try:
        with _OPENER.open(request, timeout=60) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        status = e.code
    return status, time.perf_counter() - start


def _load(url: str, bodies: list[dict], cookie: str, clients: int) -> tuple[float, float, list[int]]:
    """Send every body with `clients` concurrent clients: (requests/s, p95 ms, statuses)."""
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        out = list(pool.map(lambda b: _post(url, b, cookie), bodies))
    elapsed = time.perf_counter() - start
    latencies = sorted(t for _, t in out)
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)] * 1000
    return len(bodies) / elapsed, p95, [s for s, _ in out]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_gunicorn(db_name: str, app: str = "bench.bench_surveys:application") -> tuple[subprocess.Popen, str]:
    """Serve `app` (a module of bench/ with the project's URLs and its baseline views) under gunicorn."""
    from django.conf import settings

    port = _free_port()
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DEBUG": "",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db_name}",
        "LOG_LEVEL": "WARNING",
        # Every benchmark client comes from 127.0.0.1: the per-client survey limit would stop them.
        "RATE_LIMIT_SURVEY_WRITE_CLIENT": "100000000/600",
    }
    workers = 2 * (os.cpu_count() or 1) + 1
    # Threads let a worker take another request while one waits on PostgreSQL; both views get
    # the same server.
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            app,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(GUNICORN_THREADS),
            "--log-level",
            "warning",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(f"{base}/sign-in/", timeout=2).read()
            return proc, base
        except OSError:  # not listening yet
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("gunicorn did not start")


def _csrf(base: str, token: str) -> tuple[str, str]:
    with urllib.request.urlopen(f"{base}/s/{token}/resume/") as r:
        cookie = next(h.split(";")[0] for h in r.headers.get_all("Set-Cookie") if h.startswith("csrftoken="))
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', r.read().decode()).group(1)
    return cookie, csrf


def _open_survey(name: str):
    from accounts.tests.factories import InspectorFactory
    from inspections.demo import working_monday_on_or_before
    from inspections.tests.factories import PartnershipFactory, make_inspection
    from surveys import services

    today = date.today()
    inspection = make_inspection(
        partnership=PartnershipFactory(name=name),
        notified_on=working_monday_on_or_before(today),
        lead=InspectorFactory(),
    )
    surveys = services.ensure_surveys(inspection=inspection)
    for s in surveys:
        s.closes_on_extended = today + timedelta(days=2)
        s.save()
    return inspection, surveys[0]


def submission_results() -> list:
    from django.db import connection

    from bench.harness import Result
    from surveys.models import Response
    from surveys.tests.factories import answers_for
    from surveys.views import signed_submission

    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {BASELINE_TABLE} (id bigserial PRIMARY KEY, "
            + ", ".join(f"f{i} varchar(100) NOT NULL" for i in range(20))
            + ")"
        )
    _, survey = _open_survey("Bench surveys submission")
    proc, base = _start_gunicorn(connection.settings_dict["NAME"])
    try:
        cookie, csrf = _csrf(base, survey.token)
        rng = random.Random(1)

        def submission(i: int) -> dict:
            return {
                "csrfmiddlewaretoken": csrf,
                "payload": signed_submission(
                    survey,
                    version=1,
                    answers=answers_for(survey.questions, pick=rng.randrange(5), text="Fine" if i % 4 else ""),
                    token=str(uuid.uuid4()),
                ),
            }

        baseline_body = {"csrfmiddlewaretoken": csrf, **{f"f{i}": f"value {i}" for i in range(20)}}
        submit_url = f"{base}/s/{survey.token}/check/"
        baseline_url = f"{base}/bench/survey-baseline/"
        # Warm every worker up.
        _load(baseline_url, [baseline_body] * 50, cookie, CLIENTS)
        _load(submit_url, [submission(i) for i in range(50)], cookie, CLIENTS)
        before = Response.objects.filter(survey=survey).count()
        base_rps, base_p95, base_status = _load(baseline_url, [baseline_body] * REQUESTS, cookie, CLIENTS)
        bodies = [submission(i) for i in range(REQUESTS)]
        rps, p95, statuses = _load(submit_url, bodies, cookie, CLIENTS)
        assert set(base_status) == {302} and set(statuses) == {302}, (set(base_status), set(statuses))
        stored = Response.objects.filter(survey=survey).count() - before
        assert stored == REQUESTS, stored
        # Reliability: 500 at once store exactly 500; the same final POST twice stores one.
        before = Response.objects.filter(survey=survey).count()
        burst = [submission(i) for i in range(500)]
        _, _, burst_status = _load(submit_url, burst, cookie, 64)
        twice = submission(0)
        barrier = threading.Barrier(2)

        def again(_):
            barrier.wait()
            return _post(submit_url, twice, cookie)[0]

        with ThreadPoolExecutor(max_workers=2) as pool:
            twice_status = list(pool.map(again, range(2)))
        stored_burst = Response.objects.filter(survey=survey).count() - before
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return [
        Result(
            f"survey submission under gunicorn, {CLIENTS} clients",
            rps,
            "req/s",
            "20-field form + one INSERT",
            base_rps,
            goal=">= 0.5x baseline",
        ),
        Result(f"baseline form view p95, {CLIENTS} clients", base_p95, "ms"),
        Result(f"survey submission p95, {CLIENTS} clients", p95, "ms", goal="< 150 ms"),
        Result(
            "500 concurrent submissions + one sent twice: responses stored",
            stored_burst,
            "rows",
            goal=f"exactly 501 (statuses {sorted(set(burst_status + twice_status))})",
        ),
    ]


# --- Results for 100,000 responses -------------------------------------------------------------------


def _bulk_responses(survey, count: int) -> None:
    """Store `count` responses quickly (COPY), with their counters and a JSON copy for the baseline."""
    from django.db import connection

    from surveys.models import Answer, Response, Tally
    from surveys.services import _tally_rows
    from surveys.tests.factories import answers_for

    qs = survey.questions
    rng = random.Random(7)
    opens = date.today() - timedelta(days=4)
    tallies: Counter = Counter()
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {JSON_TABLE} (id bigserial PRIMARY KEY, survey_id bigint NOT NULL, "
            f"answers jsonb NOT NULL)"
        )
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {JSON_TABLE}_survey ON {JSON_TABLE} (survey_id)")
        cursor.execute("SELECT coalesce(max(id), 0) FROM surveys_response")
        first_id = cursor.fetchone()[0] + 1
        responses, answers, documents = io.StringIO(), io.StringIO(), io.StringIO()
        for n in range(count):
            rid = first_id + n
            given = answers_for(qs, pick=rng.randrange(5), text="It was fine" if rng.random() < 0.2 else "")
            for q in qs.questions:
                if q.kind == "single" and rng.random() < 0.5:
                    given[q.key] = rng.choice(q.options).value
            day = opens + timedelta(days=rng.randrange(5))
            at = datetime.combine(day, dtime(12, 0)).isoformat() + "+00:00"
            responses.write(f"{rid}\t{survey.pk}\t1\t{uuid.UUID(int=rng.getrandbits(128))}\t{at}\t{day}\ten-gb\n")
            for q in qs.questions:
                value = given[q.key]
                if q.kind == "single":
                    answers.write(f"{rid}\t{survey.pk}\t{q.key}\t{value}\t\n")
                elif q.kind == "multiple":
                    for v in value:
                        answers.write(f"{rid}\t{survey.pk}\t{q.key}\t{v}\t\n")
                elif value:
                    answers.write(f"{rid}\t{survey.pk}\t{q.key}\t\t{value}\n")
            documents.write(f"{survey.pk}\t{json.dumps(given)}\n")
            tallies.update(_tally_rows(qs, given, day))
        with cursor.copy(
            f"COPY {Response._meta.db_table} (id, survey_id, question_set_version, submission_token, "
            "submitted_at, submitted_on, language) FROM STDIN"
        ) as copy:
            copy.write(responses.getvalue())
        with cursor.copy(
            f"COPY {Answer._meta.db_table} (response_id, survey_id, question_key, value, text) FROM STDIN"
        ) as copy:
            copy.write(answers.getvalue())
        with cursor.copy(f"COPY {JSON_TABLE} (survey_id, answers) FROM STDIN") as copy:
            copy.write(documents.getvalue())
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{Response._meta.db_table}', 'id'), "
            f"(SELECT max(id) FROM {Response._meta.db_table}))"
        )
        cursor.execute(f"ANALYZE {Response._meta.db_table}; ANALYZE {Answer._meta.db_table}; ANALYZE {JSON_TABLE}")
    Tally.objects.filter(survey=survey).delete()
    Tally.objects.bulk_create(
        [
            Tally(survey=survey, question_key=k, value=v, breakdown_key=bk, breakdown_value=bv, count=c)
            for (k, v, bk, bv), c in tallies.items()
        ],
        batch_size=5000,
    )


def results_page_results() -> list:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.harness import Result, median_seconds

    inspection, survey = _open_survey("Bench surveys results")
    lead = inspection.lead_inspector
    client = Client()
    client.force_login(lead, backend="django.contrib.auth.backends.ModelBackend")
    page = f"/inspections/{inspection.pk}/surveys/results/{survey.audience}/?by=age_group"
    export = f"/inspections/{inspection.pk}/surveys/results.csv"

    def get_page():
        response = client.get(page)
        assert response.status_code == 200
        return response

    def get_export():
        response = client.get(export)
        assert response.status_code == 200
        return b"".join(response.streaming_content)

    with CaptureQueriesContext(connection) as small:
        get_page()
    _bulk_responses(survey, RESPONSES)

    def baseline_query():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.key, e.value, count(*) FROM {JSON_TABLE} j, jsonb_each_text(j.answers) e "
                "WHERE j.survey_id = %s GROUP BY e.key, e.value",
                [survey.pk],
            )
            return cursor.fetchall()

    baseline = median_seconds(baseline_query, repeat=5, warmup=1) * 1000
    page_ms = median_seconds(get_page, repeat=10) * 1000
    export_ms = median_seconds(get_export, repeat=10) * 1000
    with CaptureQueriesContext(connection) as large:
        get_page()
    with CaptureQueriesContext(connection) as export_queries:
        get_export()
    name = "SQL GROUP BY over JSON answers"
    return [
        Result(f"JSON GROUP BY baseline, {RESPONSES:,} responses", baseline, "ms"),
        Result(
            f"survey results page, {RESPONSES:,} responses",
            page_ms,
            "ms",
            name,
            baseline,
            goal="<= 0.5x baseline and < 250 ms",
        ),
        Result(
            f"survey results CSV export, {RESPONSES:,} responses",
            export_ms,
            "ms",
            name,
            baseline,
            goal="<= 0.5x baseline and < 250 ms",
        ),
        Result(
            f"survey results page queries, 0 -> {RESPONSES:,} responses",
            len(large.captured_queries),
            "queries",
            goal=f"same as with no responses ({len(small.captured_queries)})",
        ),
        Result(
            f"survey results CSV export queries, {RESPONSES:,} responses",
            len(export_queries.captured_queries),
            "queries",
            goal="fixed",
        ),
    ]


def run() -> list:
    return submission_results() + results_page_results()
