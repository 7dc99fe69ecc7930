"""Case list import of 50,000 rows beside a bare PostgreSQL COPY, and tracking selection over 50,000 cases.

Baseline for the import: COPY of the same CSV bytes into a bare table with the same columns and no
constraints (same run, same database). Goals: import under 10 s and within 5x the baseline;
selection under 1 s.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import date

from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import InspectorFactory
from bench.harness import Result, median_seconds
from inspections.framework import NEED_CODES
from inspections.tests.factories import PartnershipFactory, make_inspection
from tracking import selectors, services
from tracking.case_list import COLUMNS, parse_case_list
from tracking.selection import select_tracking_cohort

ROWS = 50_000
NOTIFIED = date(2026, 12, 14)


def case_list_csv(rows: int = ROWS, seed: int = 1) -> bytes:
    """A realistic, valid case list: mostly SEN support, a third with EHC plans, some AP and out of area."""
    rnd = random.Random(seed)
    needs = list(NEED_CODES)
    services_choices = [
        "education",
        "education;health",
        "education;social_care",
        "health",
        "education;health;social_care",
        "",
    ]
    statuses = ["", "none", "child_in_need", "child_protection", "looked_after", "care_leaver"]
    lines = [",".join(COLUMNS)]
    for n in range(rows):
        lines.append(
            ",".join(
                [
                    f"NS-{n:06d}",
                    str(NOTIFIED.year - rnd.randint(0, 25)),
                    rnd.choice(needs),
                    rnd.choices(["EHCP", "SEN_SUPPORT", "GRANT"], weights=[3, 6, 1])[0],
                    rnd.choice(services_choices),
                    "Y" if rnd.random() < 0.04 else "N",
                    "Y" if rnd.random() < 0.05 else "N",
                    rnd.choice(statuses),
                    "Y" if rnd.random() < 0.08 else "N",
                    f"practitioner{rnd.randint(1, 400)}@northshire.example",
                ]
            )
        )
    return ("\r\n".join(lines) + "\r\n").encode()


def _baseline_copy(data: bytes) -> float:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("""CREATE TABLE bench_case_copy (
            child_ref varchar(40), year_of_birth smallint, primary_need varchar(4), support varchar(12),
            services text, in_alternative_provision text, educated_out_of_area text, social_care_status text,
            opted_out text, practitioner_email varchar(254))""")
        start = time.perf_counter()
        with cursor.cursor.copy("COPY bench_case_copy FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
            copy.write(data)
        elapsed = time.perf_counter() - start
        cursor.execute("DROP TABLE bench_case_copy")
    return elapsed


@override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["*"])
def _tracking_page(inspection) -> list[Result]:
    """The tracking page of a chosen cohort on a 50,000-row case list: server time and queries,
    beside a minimal Django view through the same middleware and test client."""
    lead = inspection.lead_inspector
    services.propose_cohort(inspection=inspection, by=lead, seed=42)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client = Client()
    client.force_login(lead, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("tracking:overview", kwargs={"inspection_pk": inspection.pk})
    baseline = median_seconds(lambda: client.get("/bench/minimal/"), repeat=50) * 1000
    assert client.get(url).status_code == 200
    seconds = median_seconds(lambda: client.get(url), repeat=15)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return [
        Result("minimal Django view", baseline, "ms"),
        Result(
            "tracking page, cohort from 50,000 cases (lead inspector)",
            seconds * 1000,
            "ms",
            "minimal Django view",
            baseline,
            goal="< 30 ms",
        ),
        Result("tracking page queries", len(ctx.captured_queries), "queries", goal="fixed"),
    ]


def run() -> list[Result]:
    inspection = make_inspection(
        partnership=PartnershipFactory(name="Bench tracking partnership"), notified_on=NOTIFIED, lead=InspectorFactory()
    )
    data = case_list_csv()
    _baseline_copy(data)  # warm up
    baseline = median_seconds(lambda: _baseline_copy(data), repeat=5, warmup=0)

    def do_import():
        services.import_case_list(inspection=inspection, data=data, file_name="bench.csv")

    def tidy():
        services.purge_replaced_case_lists(inspection=inspection)

    do_import()
    times = []
    for _ in range(3):
        tidy()
        start = time.perf_counter()
        do_import()
        times.append(time.perf_counter() - start)
    import_seconds = statistics.median(times)

    check_seconds = median_seconds(lambda: parse_case_list(data, notified_on=NOTIFIED), repeat=3, warmup=0)
    case_list = selectors.current_case_list(inspection)
    candidates = selectors.candidates(case_list)
    assert len(candidates) == ROWS
    select_seconds = median_seconds(lambda: select_tracking_cohort(candidates, size=6, seed=42), repeat=5, warmup=0)
    load_and_select = median_seconds(
        lambda: select_tracking_cohort(selectors.candidates(case_list), size=6, seed=42), repeat=3, warmup=0
    )
    page = _tracking_page(inspection)
    return [
        *page,
        Result("PostgreSQL COPY of the 50,000-row CSV (bare table)", baseline, "s"),
        Result(
            "case list import, 50,000 rows (check + store)",
            import_seconds,
            "s",
            "PostgreSQL COPY of the 50,000-row CSV (bare table)",
            baseline,
            goal="< 10 s and within 5x baseline",
        ),
        Result("of which reading and checking (no database)", check_seconds, "s"),
        Result("tracking selection over 50,000 cases", select_seconds, "s", goal="< 1 s"),
        Result("tracking selection incl. loading 50,000 cases", load_and_select, "s", goal="< 1 s"),
    ]
