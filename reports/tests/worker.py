"""A real Celery worker, in its own process, consuming from Redis and writing to the test database."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    """The URL of the database this process is using (the test database under pytest)."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def new_queue_name() -> str:
    return f"reports-test-{uuid.uuid4().hex[:10]}"


@contextlib.contextmanager
def worker_process(
    *,
    database_url: str,
    media_root: str,
    log_path: Path,
    queue: str,
    pool: str = "solo",
    broker_url: str | None = None,
    beat: bool = False,
    managed: bool = False,
) -> Iterator[subprocess.Popen]:
    """Run `celery worker` in a child process until the block ends (one task at a time).

    It consumes only `queue`, a name of its own, so it never takes (or purges) anyone else's tasks
    on the same Redis; point `settings.REPORT_PDF_QUEUE` at it. With `broker_url` it uses that
    Redis as its broker; with `beat` it also runs the periodic jobs (the PDF sweep among them);
    `managed` runs it under `scripts/keep_running.sh`, as `make run` does (the process is then the manager).
    """
    name = f"{queue}@%h"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": media_root,
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "DB_CONN_MAX_AGE": "0",
        "REPORT_PDF_QUEUE": queue,
    }
    if broker_url:
        env["TEST_BROKER_URL"] = broker_url
    extra = ["--beat", "--schedule", str(log_path.with_suffix(".beat"))] if beat else []
    with open(log_path, "wb") as log:
        manager = [str(ROOT / "scripts" / "keep_running.sh")] if managed else []
        process = subprocess.Popen(
            [
                *manager,
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                f"--pool={pool}",
                "--concurrency=1",
                "-Q",
                queue,
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
                "-n",
                name,
                *extra,
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while b" ready." not in log_path.read_bytes():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("The Celery worker did not start:\n" + log_path.read_text(errors="replace"))
        time.sleep(0.2)
    process.log_path = log_path
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def celery_worker_process(transactional_db, settings, tmp_path):
    """A worker against the test database and this test's media folder, stopped after the test."""
    settings.REPORT_PDF_QUEUE = queue = new_queue_name()
    with worker_process(
        database_url=database_url(), media_root=str(settings.MEDIA_ROOT), log_path=tmp_path / "worker.log", queue=queue
    ) as process:
        yield process
    connection.close()


@pytest.fixture
def prefork_worker_process(transactional_db, settings, tmp_path):
    """As `celery_worker_process`, with the prefork pool: tasks run in a child process."""
    settings.REPORT_PDF_QUEUE = queue = new_queue_name()
    with worker_process(
        database_url=database_url(),
        media_root=str(settings.MEDIA_ROOT),
        log_path=tmp_path / "worker.log",
        queue=queue,
        pool="prefork",
    ) as process:
        yield process
    connection.close()


def child_pids(pid: int) -> list[int]:
    """The pool processes of a worker (Linux)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def wait_for(predicate, *, timeout: float = 60, interval: float = 0.1):
    """Poll until `predicate()` is true; fail with a clear message after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout} s waiting for {predicate}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A Redis of the test's own, on a free port, that the test can stop and start again."""

    def __init__(self, log_path: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--daemonize", "no"],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_for(self._answers, timeout=20, interval=0.05)

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)
        self.process = None


@pytest.fixture
def redis_server(tmp_path):
    """A running Redis of this test's own (stopped, and started again, by the test as it needs)."""
    server = RedisServer(tmp_path / "redis.log")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def broker(url: str) -> Iterator[None]:
    """Send this process's tasks to the Redis at `url` for the length of the block."""
    from kombu import pools

    from config.celery import app

    def forget_connections() -> None:
        pools.reset()  # closes and forgets every pooled connection and producer
        app._pool = None
        app.amqp._producer_pool = None

    before = (app.conf.broker_url, app.conf.broker_write_url, app.conf.broker_read_url)
    forget_connections()
    app.conf.broker_url = app.conf.broker_write_url = app.conf.broker_read_url = url
    try:
        yield
    finally:
        forget_connections()
        app.conf.broker_url, app.conf.broker_write_url, app.conf.broker_read_url = before
