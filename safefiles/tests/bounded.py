"""Running a check in a child process with a memory ceiling, and measuring its time and peak memory."""

from __future__ import annotations

import multiprocessing
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class Outcome:
    result: str
    seconds: float
    peak_extra_mb: float


def _status(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise LookupError(field)


def _child(check: Callable[[], str], limit_bytes: int, conn) -> None:
    start_rss = _status("VmRSS")
    # The ceiling is on address space above what the process already uses: going over it is a MemoryError.
    ceiling = _status("VmSize") + limit_bytes
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")  # reset the peak resident size to the current one
    started = time.perf_counter()
    try:
        result = check()
    except MemoryError:
        result = "MemoryError"
    seconds = time.perf_counter() - started
    conn.send(Outcome(result, seconds, (_status("VmHWM") - start_rss) / MB))
    conn.close()


def run_bounded(check: Callable[[], str], *, limit_mb: int = 300, timeout: float = 60) -> Outcome:
    """Run ``check`` in a forked child under ``limit_mb`` of extra memory; return what it said."""
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(check, limit_mb * MB, child))
    process.start()
    child.close()
    if not parent.poll(timeout):
        process.kill()
        process.join()
        return Outcome("timed out", timeout, 0.0)
    outcome = parent.recv()
    process.join()
    return outcome
