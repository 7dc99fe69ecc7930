"""Web workers: resident memory of an idle gunicorn worker of the project.

Starts gunicorn as the Procfile does (``config.wsgi:application``, the project's gunicorn
settings), one sync worker, sends one request to the sign-in page and reads the worker's VmRSS
from /proc. Goal: at most 60 MB. Heavy libraries (WeasyPrint, openpyxl, libmagic, pypdf, Pillow,
icalendar) load only in the workers that use them, so they do not count here.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def idle_worker_rss() -> float:
    """MB resident in the worker after one request."""
    from django.conf import settings

    from bench.bench_surveys import _free_port

    db = settings.DATABASES["default"]
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DEBUG": "",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "LOG_LEVEL": "WARNING",
    }
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "python:config.gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/sign-in/", timeout=5).read()
                break
            except OSError:  # not listening yet
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        time.sleep(0.5)
        (worker,) = _children(proc.pid)
        return _rss_mb(worker)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def run() -> list:
    from bench.harness import Result

    return [Result("idle gunicorn worker after one request, RSS", idle_worker_rss(), "MB", goal="<= 60 MB")]
