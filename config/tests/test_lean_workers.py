"""A web worker starts without the heavy libraries, Celery or a holiday calendar.

Only some requests, or the Celery worker, need them (docs/adr/0121, 0122).
"""

import subprocess
import sys
from pathlib import Path

HEAVY = ("weasyprint", "openpyxl", "magic", "pypdf", "PIL", "fontTools", "icalendar", "celery", "kombu", "holidays")

SCRIPT = """
import sys
from config.wsgi import application
from django.urls import get_resolver
get_resolver().url_patterns
print(" ".join(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


def test_a_web_worker_starts_without_the_heavy_libraries():
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(heavy=HEAVY)],
        cwd=Path(__file__).resolve().parents[2],
        env={"DJANGO_SETTINGS_MODULE": "config.settings_test", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.split() == []
