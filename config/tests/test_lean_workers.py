"""A web worker starts without the heavy libraries, Celery or a holiday calendar, and works as the
Procfile runs it (without docstrings or asserts, docs/adr/0125).

Only some requests, or the Celery worker, need the heavy libraries (docs/adr/0121, 0122).
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("weasyprint", "openpyxl", "magic", "pypdf", "PIL", "fontTools", "icalendar", "celery", "kombu", "holidays")

SCRIPT = """
import sys
from config.wsgi import application
from django.test import Client
from django.urls import get_resolver
get_resolver().url_patterns
loaded = [m for m in {heavy!r} if m in sys.modules]
page = Client().get("/sign-in/", HTTP_HOST="127.0.0.1")
print(sys.flags.optimize, page.status_code, "Sign in" in page.content.decode(), *sorted(loaded))
"""


def procfile_web_environment() -> dict[str, str]:
    """The variables the Procfile's web line sets before it starts gunicorn."""
    line = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:"))
    words = line.removeprefix("web:").split()
    return dict(word.split("=", 1) for word in words[: words.index(".venv/bin/gunicorn")])


def test_the_procfile_runs_web_workers_without_docstrings():
    assert procfile_web_environment()["PYTHONOPTIMIZE"] == "2"


def test_a_web_worker_starts_without_the_heavy_libraries_and_serves_pages_as_the_procfile_runs_it():
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(heavy=HEAVY)],
        cwd=ROOT,
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings_test",
            "PATH": "/usr/bin:/bin",
            "TEST_REDIS_DB": os.environ.get("TEST_REDIS_DB", "15"),
            **procfile_web_environment(),
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.split() == ["2", "200", "True"]
