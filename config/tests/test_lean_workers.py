"""A web worker does not load the heavy libraries that only some requests or the PDF worker need."""

import subprocess
import sys
from pathlib import Path

HEAVY = ("weasyprint", "openpyxl", "magic", "pypdf", "PIL", "fontTools", "icalendar")

SCRIPT = """
import sys
import django
django.setup()
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver
get_wsgi_application()
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
