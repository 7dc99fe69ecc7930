"""Exports: the lead inspector's per-response CSV (`answers.csv`) at 100,000 and 500,000 responses.

Each size is measured through the real view (Django test client, the response read chunk by chunk
as a browser would) beside a bare ``COPY (SELECT ...) TO STDOUT`` of the same answer rows, one
line per answer, read to the end. Also reported: time to the first response row, and how far the
process's peak memory rose during the export (the peak is reset first through
/proc/self/clear_refs). Goal: at most 2x the bare COPY, first byte in under 1 s, under 100 MB.

The machine may be busy with other work, so each size is warmed up (one export and one bare COPY),
then the export and the bare COPY are run in turns (``BENCH_EXPORT_REPEAT`` pairs, 5 by default),
so that both see the same load; the figures are the medians.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

#: ``BENCH_EXPORT_SIZES=100000`` measures one size only.
SIZES = tuple(int(n) for n in os.environ.get("BENCH_EXPORT_SIZES", "100000,500000").split(","))
REPEAT = int(os.environ.get("BENCH_EXPORT_REPEAT", "5"))


def _bulk_responses(survey, count: int) -> None:
    """Store `count` responses to `survey` in a few SQL statements: every single-choice question
    answered, two options of each multiple-choice question, and free text (some of it starting
    like a formula) in one response in five."""
    from django.db import connection

    from surveys.models import Answer, Response

    response_table, answer_table = Response._meta.db_table, Answer._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {response_table} (survey_id, question_set_version, submission_token, submitted_at, "
            "submitted_on, language) SELECT %s, %s, gen_random_uuid(), now() - (n %% 5) * interval '1 day', "
            "current_date - (n %% 5), 'en-gb' FROM generate_series(1, %s) AS n",
            [survey.pk, survey.question_set_version, count],
        )
        for q in survey.questions.questions:
            values = [o.value for o in q.options]
            if q.kind == "single":
                cursor.execute(
                    f"INSERT INTO {answer_table} (response_id, survey_id, question_key, value, text) "
                    f"SELECT id, survey_id, %s, (%s::text[])[1 + id %% %s], '' FROM {response_table} "
                    "WHERE survey_id = %s",
                    [q.key, values, len(values), survey.pk],
                )
            elif q.kind == "multiple":
                for offset in (0, 1):
                    cursor.execute(
                        f"INSERT INTO {answer_table} (response_id, survey_id, question_key, value, text) "
                        f"SELECT id, survey_id, %s, (%s::text[])[1 + (id + %s) %% %s], '' FROM {response_table} "
                        "WHERE survey_id = %s",
                        [q.key, values, offset, len(values), survey.pk],
                    )
            else:
                cursor.execute(
                    f"INSERT INTO {answer_table} (response_id, survey_id, question_key, value, text) "
                    f"SELECT id, survey_id, %s, '', CASE WHEN id %% 10 = 0 THEN '=1+1 said ' || id "
                    f"ELSE 'It was fine, mostly; we waited ' || id || ' days' END FROM {response_table} "
                    "WHERE survey_id = %s AND id %% 5 = 0",
                    [q.key, survey.pk],
                )
        cursor.execute(f"ANALYZE {response_table}; ANALYZE {answer_table}")


def _memory_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")


def _export(client, url: str) -> tuple[float, float, float, int]:
    """(seconds to the first response row, seconds in all, MB the peak memory rose, bytes).

    The header row is sent on its own before any query, so the first row is in the second chunk."""
    _reset_peak()
    before = _memory_kb("VmRSS")
    start = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200
    first = None
    size = 0
    for n, chunk in enumerate(response.streaming_content):
        if n == 1:
            first = time.perf_counter() - start
        size += len(chunk)
    total = time.perf_counter() - start
    return first or total, total, (_memory_kb("VmHWM") - before) / 1024, size


def _bare_copy(survey) -> tuple[float, int]:
    """Seconds to read every answer row of the survey with a bare COPY, and the bytes read."""
    from django.db import connection

    start = time.perf_counter()
    size = 0
    with (
        connection.cursor() as cursor,
        cursor.copy(
            "COPY (SELECT a.response_id, r.submitted_on, r.question_set_version, a.question_key, a.value, a.text "
            "FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id "
            f"WHERE a.survey_id = {int(survey.pk)} ORDER BY a.response_id, a.id) TO STDOUT WITH (FORMAT csv)"
        ) as copy,
    ):
        for row in copy:
            size += len(row)
    return time.perf_counter() - start, size


def run() -> list:
    from django.test import Client

    from bench.bench_surveys import _open_survey
    from bench.harness import Result

    results = []
    for count in SIZES:
        inspection, survey = _open_survey(f"Bench exports {count}")
        _bulk_responses(survey, count)
        client = Client()
        client.force_login(inspection.lead_inspector, backend="django.contrib.auth.backends.ModelBackend")
        url = f"/inspections/{inspection.pk}/surveys/answers.csv"
        _export(client, url)  # warm up: caches, plans, the table's pages
        _bare_copy(survey)
        runs, bares = [], []
        for _ in range(REPEAT):  # in turns, so both see the same load
            runs.append(_export(client, url))
            bares.append(_bare_copy(survey)[0])
        bare = statistics.median(bares)
        total = statistics.median(r[1] for r in runs)
        first = statistics.median(r[0] for r in runs)
        memory = max(r[2] for r in runs)
        size = runs[0][3]
        label = f"answers.csv, {count:,} responses"
        bare_name = "bare COPY of the same answer rows"
        results += [
            Result(f"bare COPY of the answer rows, {count:,} responses (median of {REPEAT})", bare, "s"),
            Result(f"{label} (median of {REPEAT})", total, "s", bare_name, bare, goal="<= 2x bare COPY"),
            Result(f"{label}: first response row", first, "s", goal="< 1 s"),
            Result(f"{label}: peak memory rise", memory, "MB", goal="< 100 MB"),
            Result(f"{label}: size", size / 1e6, "MB"),
        ]
    return results
