"""Run every benchmark module (bench/bench_*.py) and print each figure beside its baseline.

Runs against a throw-away PostgreSQL database, ``bench_`` + the configured name (or
``BENCH_DB_NAME``), and Redis database 14 (or ``BENCH_REDIS_DB``), so the benchmarks never touch
real data nor a test run's ``test_*`` database, which the bench would otherwise drop and re-create
under it. Results are also written to bench/results.json.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Read by config.settings_test; gunicorn and Celery processes the benchmarks start inherit it.
os.environ["TEST_REDIS_DB"] = os.environ.get("BENCH_REDIS_DB", "14")


def bench_db_name(configured: str) -> str:
    """The throw-away database: never a ``test_*`` name, which a test run may be using."""
    name = os.environ.get("BENCH_DB_NAME") or f"bench_{configured}"
    if not name.startswith("bench_"):
        raise SystemExit(f"BENCH_DB_NAME must start with bench_ (got {name!r}).")
    return name


def main(argv: list[str]) -> int:
    import django

    django.setup()
    from django.db import connection
    from django.template import Template
    from django.test.utils import setup_test_environment, teardown_test_environment

    import bench

    wanted = set(argv)
    modules = sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if m.name.startswith("bench_"))
    if wanted:
        modules = [m for m in modules if m in wanted or m.removeprefix("bench_") in wanted]
    render = Template._render
    setup_test_environment()
    # Pages are timed as a server renders them: without the test runner's hook on every template
    # render (a signal and a copy of the context each time, for assertions no benchmark makes).
    Template._render = render
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = bench_db_name(old_name)
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False, serialize=False)
    results = []
    try:
        for name in modules:
            print(f"== {name}", flush=True)
            module = importlib.import_module(f"bench.{name}")
            for result in module.run():
                results.append(result)
                print_row(result)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    print()
    print(f"{'benchmark':<58} {'value':>12} {'unit':<8} {'baseline':>12} {'ratio':>7}  goal")
    for r in results:
        print_row(r)
    (ROOT / "bench" / "results.json").write_text(json.dumps([r.as_dict() for r in results], indent=2))
    print(f"\nWritten {ROOT / 'bench' / 'results.json'}")
    return 0


def print_row(r) -> None:
    base = f"{r.baseline_value:>12.4g}" if r.baseline_value is not None else f"{'':>12}"
    ratio = f"{r.ratio:>7.2f}" if r.ratio is not None else f"{'':>7}"
    print(
        f"{r.name:<58} {r.value:>12.4g} {r.unit:<8} {base} {ratio}  {r.goal}"
        + (f"  (baseline: {r.baseline_name})" if r.baseline_name else ""),
        flush=True,
    )


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
