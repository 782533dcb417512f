"""A rebuild through a real Celery worker on Redis with PostgreSQL (CI runs it; skipped without the services)."""

from __future__ import annotations

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection, transaction

from accounts.models import User
from catalog.sync import sync_datasets
from datamgmt import jobs
from datamgmt.models import DatasetJob
from tests.factories import make_user
from unwind.celery import app


@pytest.fixture
def redis_worker(transactional_db, settings, tmp_path):
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "integration tests run on the real Redis"
    settings.DATA_DIR = tmp_path
    settings.DATA_PROFILE = "lite"
    app.control.purge()
    with start_worker(app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=30) as worker:
        yield worker


def wait_final(pk: int, timeout: float = 120) -> DatasetJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = DatasetJob.objects.get(pk=pk)
        if job.is_final:
            return job
        time.sleep(0.1)
    raise AssertionError(f"dataset job {pk} not final after {timeout}s: {job.status} {job.progress} %")


@pytest.mark.services
def test_a_rebuild_queued_from_the_page_runs_to_done_on_a_real_worker(redis_worker):
    assert connection.vendor == "postgresql"
    sync_datasets()
    with transaction.atomic():  # queued on commit, as the view does
        job = jobs.queue(DatasetJob.Kind.REBUILD, "R1", "lite", make_user("root", role=User.Role.ADMIN))
    job = wait_final(job.pk)
    assert (job.status, job.progress, job.attempt) == ("DONE", 100, 1), job.message
    assert job.result["built"] == ["D01", "D02", "R1"]


def test_dataset_jobs_have_their_own_queue_that_a_plain_worker_also_consumes():
    route = app.amqp.router.route
    assert route({}, "datamgmt.run_dataset_job")["queue"].name == "datasets"
    assert route({}, "submissions.grade_submission")["queue"].name == "celery"
    # A worker started without -Q (./dev worker, the tests) consumes every declared queue,
    # the slow lane's too, so one plain worker serves everything.
    assert set(app.amqp.queues) == {"celery", "runs", "datasets", "slow"}
