"""Faults: a worker killed with SIGKILL in the middle of a dataset rebuild; once its heartbeat has stopped the
sweeper queues it again and the job ends DONE on its second attempt with its files in place. (A duplicate
message while an attempt lives: tests/datamgmt/test_sweeper.py.)"""

from __future__ import annotations

import os
import signal
import time

import pytest

import datasets
from datamgmt import jobs, sweeper
from datamgmt.models import DatasetJob
from tests.reliability.services import celery_worker, wait_for_row
from unwind.celery import app

pytestmark = [pytest.mark.services, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

STALE_S = 3  # heartbeat silence that means the worker is gone (30 s in production)


def test_a_worker_killed_mid_rebuild_does_not_leave_the_job_running(settings, tmp_path):
    settings.DATA_DIR, settings.DATA_PROFILE = tmp_path, "lite"
    settings.DATASET_JOB_HEARTBEAT_STALE_S = STALE_S
    env = {"DATASET_JOB_HEARTBEAT_STALE_S": str(STALE_S)}
    app.control.purge()
    with celery_worker(os.environ["REDIS_URL"], tmp_path, **env) as first:
        job = jobs.queue(DatasetJob.Kind.REBUILD, "R1", "lite")
        wait_for_row(DatasetJob, job.pk, lambda j: j.status == "RUNNING", timeout=60)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    assert DatasetJob.objects.get(pk=job.pk).status == "RUNNING"  # killed before its end
    with celery_worker(os.environ["REDIS_URL"], tmp_path, **env):
        time.sleep(STALE_S + 1)  # its heartbeat has stopped
        assert sweeper.sweep().requeued == 1  # what beat does every minute
        done = wait_for_row(DatasetJob, job.pk, lambda j: j.status in ("DONE", "FAILED"), timeout=120)
    assert (done.status, done.attempt) == ("DONE", 2), done.message
    for variant in datasets.VARIANTS:
        assert datasets.dataset_file(tmp_path, "lite", "R1", variant).is_file()
