"""PostgreSQL drops the worker's connection while it grades: the worker survives and the submission
still reaches its verdict, without waiting for the sweeper."""

from __future__ import annotations

import pytest
from django.db import connection

from catalog.models import Problem
from submissions import actions
from submissions.models import Submission
from tests.factories import make_user, sync_catalog
from tests.reliability.services import PrivateRedis, celery_worker, publishing_to, wait_final, wait_until

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

SPIN = "spin = sum(range(60_000_000))\n"  # a few seconds inside the sandbox: time to cut the connection


def drop_other_connections() -> int:
    """pg_terminate_backend every other session on the test database (the worker's, mid-grade)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_a_worker_whose_database_connection_is_cut_mid_grade_still_writes_the_verdict(data_settings, tmp_path):
    assert connection.vendor == "postgresql"
    sync_catalog()
    problem = Problem.objects.get(pk=3)
    learner = make_user("ada")
    redis = PrivateRedis(tmp_path)
    redis.start()
    try:
        with publishing_to(redis.url), celery_worker(redis.url, data_settings.DATA_DIR) as worker:
            first = actions.submit(learner, problem, SPIN + problem.solution_py, "python")
            wait_until(lambda: Submission.objects.get(pk=first.pk).status == "RUNNING", 60, "the grade started")
            assert drop_other_connections() >= 1
            done = wait_final(first.pk, 60)
            assert (done.verdict, worker.poll()) == ("ACCEPTED", None)  # the worker is still up
            # ...and grades the next submission on fresh connections.
            second = actions.submit(learner, problem, problem.solution_sql, "sql")
            assert wait_final(second.pk, 30).verdict == "ACCEPTED"
    finally:
        redis.stop()
