"""Faults: a worker killed with SIGKILL in the middle of a grade; the submission still gets its verdict."""

from __future__ import annotations

import os
import signal

import pytest

from catalog.models import Problem
from submissions import actions
from submissions.models import Submission
from tests.factories import make_user, sync_catalog
from tests.reliability.services import celery_worker, wait_for_row
from unwind.celery import app

pytestmark = [pytest.mark.services, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# A short hard limit keeps the broker's visibility timeout (3 x the limit) short enough for a test.
TIME_LIMIT_S = 10


def test_a_worker_killed_mid_grade_does_not_lose_the_submission(data_settings, settings):
    settings.GRADING_TIME_LIMIT_S = TIME_LIMIT_S
    app.control.purge()
    sync_catalog()
    problem = Problem.objects.get(pk=3)
    # Busy for a couple of seconds inside the sandbox, then right: long enough to be killed mid-grade.
    code = "spin = sum(range(150_000_000))\n" + problem.solution_py
    env = {"GRADING_TIME_LIMIT_S": str(TIME_LIMIT_S)}
    with celery_worker(os.environ["REDIS_URL"], data_settings.DATA_DIR, **env) as first:
        submission = actions.submit(make_user("ada"), problem, code, "python")
        wait_for_row(Submission, submission.pk, lambda s: s.status == "RUNNING", timeout=60)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    assert Submission.objects.get(pk=submission.pk).status == "RUNNING"  # killed before its verdict
    with celery_worker(os.environ["REDIS_URL"], data_settings.DATA_DIR, **env):
        done = wait_for_row(Submission, submission.pk, lambda s: s.status == "DONE", timeout=TIME_LIMIT_S * 3 + 60)
    assert done.verdict == "ACCEPTED"
    assert done.attempt >= 2
