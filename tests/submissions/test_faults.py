"""Faults: a worker killed with SIGKILL in the middle of a grade; the submission still gets its verdict."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from catalog.models import Problem
from submissions import actions
from submissions.models import Submission
from tests.factories import make_user, sync_catalog
from unwind.celery import app

REPO = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.services, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# A short hard limit keeps the broker's visibility timeout (3 x the limit) short enough for a test.
TIME_LIMIT_S = 10


def start_worker(lite_data: Path) -> subprocess.Popen:
    db = django_settings.DATABASES["default"]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "UNWIND_DATA_DIR": str(lite_data),
        "UNWIND_DATA_PROFILE": "lite",
        "GRADING_TIME_LIMIT_S": str(TIME_LIMIT_S),
        "PYTHONPATH": f"{REPO / 'platform'}:{REPO}",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "unwind", "worker", "--concurrency", "1", "--loglevel", "WARNING",
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )


def wait_for(pk: int, predicate, timeout: float) -> Submission:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        submission = Submission.objects.get(pk=pk)
        if predicate(submission):
            return submission
        time.sleep(0.1)
    raise AssertionError(f"submission {pk} is {submission.status} after {timeout}s")


def test_a_worker_killed_mid_grade_does_not_lose_the_submission(data_settings, settings):
    settings.GRADING_TIME_LIMIT_S = TIME_LIMIT_S
    app.control.purge()
    sync_catalog()
    problem = Problem.objects.get(pk=3)
    # Busy for a couple of seconds inside the sandbox, then right: long enough to be killed mid-grade.
    code = "spin = sum(range(150_000_000))\n" + problem.solution_py
    first = start_worker(data_settings.DATA_DIR)
    try:
        submission = actions.submit(make_user("ada"), problem, code, "python")
        wait_for(submission.pk, lambda s: s.status == "RUNNING", timeout=60)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
        assert Submission.objects.get(pk=submission.pk).status == "RUNNING"  # killed before its verdict
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
            first.wait()
    second = start_worker(data_settings.DATA_DIR)
    try:
        done = wait_for(submission.pk, lambda s: s.status == "DONE", timeout=TIME_LIMIT_S * 3 + 60)
        assert done.verdict == "ACCEPTED"
        assert done.attempt >= 2
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(timeout=60)
