"""Helpers for the fault tests: a private Redis this test can stop and start, and a real Celery worker
pointed at it and at the test database (the shared Redis and PostgreSQL are never restarted)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateRedis:
    """A throw-away redis-server on its own port, without persistence: a restart empties it."""

    def __init__(self, folder: Path) -> None:
        if shutil.which("redis-server") is None:
            pytest.fail("redis-server is not installed (Debian: redis-server); the broker fault tests need it")
        self.port, self.folder, self.proc = free_port(), folder, None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        wait_until(self.answers, timeout=10, what=f"redis on port {self.port}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()  # as abrupt as a crash; nothing is saved either way
            self.proc.wait(timeout=10)
        self.proc = None

    def answers(self) -> bool:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
        return False


def wait_until(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what}: not true after {timeout} s")


def wait_for_row(model, pk: int, predicate, timeout: float):
    """The row once `predicate(row)` holds; fails with the row's status and message otherwise."""
    deadline = time.monotonic() + timeout
    while True:
        row = model.objects.get(pk=pk)
        if predicate(row):
            return row
        if time.monotonic() > deadline:
            raise AssertionError(f"{model.__name__} {pk} is {row.status} after {timeout} s: {row.message}")
        time.sleep(0.1)


def worker_database_url() -> str:
    """The URL of the database pytest-django created for this session (test_<name>)."""
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@contextlib.contextmanager
def celery_worker(broker_url: str, data_dir: Path, concurrency: int = 1, **env: str) -> Iterator[subprocess.Popen]:
    """A real `celery worker` subprocess on `broker_url` and the test database; stopped afterwards."""
    full_env = {
        **os.environ,
        "DATABASE_URL": worker_database_url(),
        "REDIS_URL": broker_url,
        "UNWIND_DATA_DIR": str(data_dir),
        "UNWIND_DATA_PROFILE": "lite",
        "PYTHONPATH": f"{REPO / 'platform'}:{REPO}",
        **env,
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "unwind", "worker", "--concurrency", str(concurrency),
         "--loglevel", "WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        env=full_env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


@contextlib.contextmanager
def publishing_to(broker_url: str) -> Iterator[None]:
    """Make this process's Celery app publish to `broker_url` (its pools are keyed by the old URL)."""
    from unwind.celery import app

    def reset() -> None:
        app._pool = None
        app.amqp._producer_pool = None

    before = app.conf.broker_url
    app.conf.broker_url = broker_url
    reset()
    try:
        yield
    finally:
        app.conf.broker_url = before
        reset()


def wait_final(pk: int, timeout: float):
    """The submission once it is DONE; fails naming its state after `timeout` seconds."""
    from submissions.models import Submission

    deadline = time.monotonic() + timeout
    while True:
        submission = Submission.objects.get(pk=pk)
        if submission.is_final:
            return submission
        if time.monotonic() > deadline:
            raise AssertionError(f"submission {pk} is {submission.status} (attempt {submission.attempt}) "
                                 f"after {timeout} s")
        time.sleep(0.1)
