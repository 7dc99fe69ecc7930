"""Web workers: resident memory of an idle gunicorn worker of the project.

Runs the Procfile's ``web`` command (its environment, ``config.wsgi:application`` and the
project's gunicorn settings) with one worker on a free port, sends one request to the sign-in page
and reads the worker's VmRSS from /proc. Goal: at most 60 MB. Heavy libraries (WeasyPrint,
openpyxl, libmagic, pypdf, Pillow, icalendar) load only in the workers that use them, so they do
not count here; web workers run with ``PYTHONOPTIMIZE=2`` (docs/adr/0125).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
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


def procfile_web_command(port: int) -> tuple[dict[str, str], list[str]]:
    """The Procfile's ``web`` line as (environment assignments, argv), bound to `port` with one worker."""
    line = next(
        line.removeprefix("web:").strip()
        for line in (ROOT / "Procfile").read_text().splitlines()
        if line.startswith("web:")
    )
    words = shlex.split(line)
    env = {}
    while words and re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", words[0]):
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    argv, skip = [], False
    for word in words:
        if skip:
            skip = False
        elif word in ("--bind", "--workers", "--access-logfile"):
            skip = True
        else:
            argv.append(str(ROOT / word) if word.startswith(".venv/") else word)
    return env, [*argv, "--bind", f"127.0.0.1:{port}", "--workers", "1"]


def idle_worker_rss() -> float:
    """MB resident in the worker after one request."""
    from django.conf import settings

    from bench.bench_surveys import _free_port

    db = settings.DATABASES["default"]
    port = _free_port()
    procfile_env, argv = procfile_web_command(port)
    env = {
        **os.environ,
        **procfile_env,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DEBUG": "",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "LOG_LEVEL": "WARNING",
    }
    proc = subprocess.Popen([*argv, "--log-level", "warning"], cwd=ROOT, env=env)
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
