"""End to end through a real Celery worker: Redis and PostgreSQL (CI), and the embedded default."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection

from problems import load_all
from submissions import actions
from submissions.models import Submission
from tests.factories import make_user, sync_catalog
from unwind.celery import app

REPO = Path(__file__).resolve().parents[2]


def wait_final(pk: int, timeout: float = 60) -> Submission:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        submission = Submission.objects.get(pk=pk)
        if submission.is_final:
            return submission
        time.sleep(0.05)
    raise AssertionError(f"submission {pk} not final after {timeout}s: {submission.status}")


@pytest.fixture
def redis_worker(transactional_db, data_settings, settings):
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "integration tests run on the real Redis"
    app.control.purge()
    with start_worker(app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=30) as worker:
        yield worker


@pytest.mark.services
def test_the_reference_and_a_wrong_query_get_their_verdicts_through_redis_and_postgres(redis_worker):
    assert connection.vendor == "postgresql"
    sync_catalog()
    learner = make_user("ada")
    spec = next(s for s in load_all() if s.id == 3)
    from catalog.models import Problem

    problem = Problem.objects.get(pk=3)
    right = actions.submit(learner, problem, spec.solutions["sql"], "sql")
    wrong = actions.submit(learner, problem, "SELECT 1 AS x", "sql")
    right, wrong = wait_final(right.pk), wait_final(wrong.pk)
    assert (right.verdict, right.attempt) == ("ACCEPTED", 1)
    assert right.dataset_hashes
    assert right.grader_version
    assert right.problem_version == problem.version
    assert wrong.verdict == "WRONG_ANSWER"
    assert wrong.diff["kind"] == "columns"


@pytest.mark.services
def test_queued_sql_grades_are_served_before_python_grades_sent_earlier(transactional_db, data_settings, settings):
    """Priorities on the real broker: with no worker running, two Python answers are queued, then two SQL
    answers; one worker then starts the SQL ones first."""
    sync_catalog()
    from catalog.models import Problem

    problem = Problem.objects.get(pk=3)
    app.control.purge()
    python = [actions.submit(make_user(f"py{i}"), problem, "result = 1", "python").pk for i in range(2)]
    sql = [actions.submit(make_user(f"sql{i}"), problem, "SELECT 1 AS x", "sql").pk for i in range(2)]
    with start_worker(app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=30):
        graded = [wait_final(pk) for pk in python + sql]
    by_start = [s.pk for s in sorted(graded, key=lambda s: s.started_at)]
    assert set(by_start[:2]) == set(sql), by_start


@pytest.mark.slow
def test_the_embedded_default_grades_through_a_real_worker_without_redis(tmp_path, lite_data):
    """No DATABASE_URL, no REDIS_URL: SQLite and the file-system transport, as on a newcomer's machine."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(UNWIND_VAR_DIR=str(tmp_path / "var"), UNWIND_DATA_DIR=str(lite_data), UNWIND_DATA_PROFILE="lite",
               PYTHONPATH=f"{REPO / 'platform'}:{REPO}")
    manage = [sys.executable, str(REPO / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True, cwd=REPO)
    subprocess.run([*manage, "sync_problems"], env=env, check=True, cwd=REPO, capture_output=True)
    submit = (
        "from accounts.models import User; from catalog.models import Problem; from submissions import actions;"
        "u = User.objects.create_user('ada', password='x');"
        "print(actions.submit(u, Problem.objects.get(pk=3), Problem.objects.get(pk=3).solution_sql, 'sql').pk)"
    )
    pk = int(subprocess.run([*manage, "shell", "-c", submit], env=env, check=True, cwd=REPO,
                            capture_output=True, text=True).stdout.strip().splitlines()[-1])
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "unwind", "worker", "--pool", "solo", "--loglevel", "WARNING"],
        env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        row, deadline = None, time.monotonic() + 60
        with sqlite3.connect(tmp_path / "var" / "unwind.sqlite3") as db:
            while time.monotonic() < deadline:
                row = db.execute("SELECT status, verdict FROM submissions_submission WHERE id = ?", (pk,)).fetchone()
                if row[0] == "DONE":
                    break
                time.sleep(0.1)
        assert row == ("DONE", "ACCEPTED")
    finally:
        worker.terminate()
        worker.wait(timeout=30)


@pytest.mark.services
def test_a_run_is_executed_by_a_worker_through_redis(redis_worker):
    from catalog.models import Problem
    from submissions import runs

    sync_catalog()
    run = runs.start(make_user("ada"), Problem.objects.get(pk=3), "SELECT 41 + 1 AS answer", "sql", explain=False)
    deadline = time.monotonic() + 30
    while not run.is_final and time.monotonic() < deadline:
        time.sleep(0.05)
        run.refresh_from_db()
    assert (run.status, run.result["rows"]) == ("DONE", [[42]])
