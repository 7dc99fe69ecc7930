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


def run() -> list[Result]:
    inspection = make_inspection(
        partnership=PartnershipFactory(name="Bench tracking partnership"), notified_on=NOTIFIED
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
    return [
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
