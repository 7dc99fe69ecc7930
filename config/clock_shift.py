"""Run the whole test suite as if today were N days from now (`pytest --clock-shift-days=N`).

Tests must pass on any date; moving the clock far ahead shows the ones that do not. The shift is
passed on in the environment (TEST_CLOCK_SHIFT_DAYS) so that a Celery worker started by a test,
which reads the test settings, runs on the same shifted clock. Tests that pin their own date with
time-machine are unaffected.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

ENV_VAR = "TEST_CLOCK_SHIFT_DAYS"
_started = False


def start(days: int) -> None:
    """Move this process's clock `days` ahead (it keeps ticking); once per process."""
    global _started
    if _started or not days:
        return
    import time_machine  # a test dependency only

    os.environ[ENV_VAR] = str(days)
    time_machine.travel(datetime.now(tz=UTC) + timedelta(days=days), tick=True).start()
    _started = True


def start_from_environment() -> None:
    start(int(os.environ.get(ENV_VAR) or 0))
