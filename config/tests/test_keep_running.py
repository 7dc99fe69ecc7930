"""The worker's process manager under `make run`: a command that exits is started again."""

import signal
import subprocess
import time
from pathlib import Path

from reports.tests.worker import wait_for

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "keep_running.sh"


def _start(tmp_path, command):
    return subprocess.Popen(
        [str(SCRIPT), "sh", "-c", command],
        env={"PATH": "/usr/bin:/bin", "RESTART_DELAY": "0.2", "RUNS": str(tmp_path / "runs")},
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def _runs(tmp_path):
    path = tmp_path / "runs"
    return path.read_text().count("run") if path.exists() else 0


def test_a_command_that_exits_is_started_again_until_told_to_stop(tmp_path):
    manager = _start(tmp_path, 'echo run >> "$RUNS"; exit 3')
    try:
        wait_for(lambda: _runs(tmp_path) >= 3, timeout=20)
        assert manager.poll() is None
    finally:
        manager.send_signal(signal.SIGTERM)
        manager.wait(timeout=10)
    assert b"exited with status 3; starting it again" in manager.stderr.read()


def test_stopping_the_manager_stops_the_command_and_starts_nothing_more(tmp_path):
    manager = _start(tmp_path, 'echo run >> "$RUNS"; exec sleep 300')
    wait_for(lambda: _runs(tmp_path) == 1, timeout=20)
    started = time.monotonic()
    manager.send_signal(signal.SIGTERM)
    assert manager.wait(timeout=10) is not None and time.monotonic() - started < 5
    time.sleep(0.5)
    assert _runs(tmp_path) == 1
    assert subprocess.run(["pgrep", "-s", str(manager.pid)], capture_output=True).stdout == b""  # no sleep left
