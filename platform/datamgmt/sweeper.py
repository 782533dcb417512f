"""The dataset-job sweeper: a job whose worker died (SIGKILL, a lost machine) or whose message was lost
would otherwise show "Running" or "Waiting for a worker" for ever. Run by beat every minute.

A RUNNING job whose heartbeat is stale (jobs.heartbeat beats every few seconds while an attempt lives) is
queued again, or failed once it has used MAX_ATTEMPTS. A QUEUED job older than DATASET_QUEUE_DEADLINE_S is
queued again (claim() ignores a duplicate message while an attempt lives, so an extra one is harmless).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from datamgmt.jobs import MAX_ATTEMPTS, alive_since
from datamgmt.models import DatasetJob

log = logging.getLogger(__name__)
Status = DatasetJob.Status


@dataclass
class SweepReport:
    requeued: int = 0
    failed: int = 0


def overdue(now=None):
    now = now or timezone.now()
    return DatasetJob.objects.filter(
        Q(status=Status.QUEUED, created_at__lt=now - timedelta(seconds=settings.DATASET_QUEUE_DEADLINE_S))
        | (Q(status=Status.RUNNING) & ~Q(heartbeat_at__gte=alive_since(now)))  # a stale or missing heartbeat
    )


def sweep(now=None) -> SweepReport:
    """Queue overdue jobs again; fail those whose attempts are used up."""
    from datamgmt.tasks import run_dataset_job

    report = SweepReport()
    for job in overdue(now):
        if job.status == Status.RUNNING and job.attempt >= MAX_ATTEMPTS:
            failed = DatasetJob.objects.filter(pk=job.pk, status=Status.RUNNING, attempt=job.attempt).update(
                status=Status.FAILED, finished_at=timezone.now(),
                message=f"Gave up after {job.attempt} attempts (the worker stopped each time); the live data "
                        "was not changed.")
            report.failed += failed
            log.error("dataset job %s: no result after %s attempts", job.pk, job.attempt)
            continue
        try:
            run_dataset_job.delay(job.pk)
        except Exception as exc:  # the broker is down: the next sweep tries again
            log.error("dataset job %s overdue but not queued (%s: %s)", job.pk, type(exc).__name__, exc)
            break
        report.requeued += 1
        log.warning("dataset job %s overdue (%s, attempt %s): queued again", job.pk, job.status, job.attempt)
    return report
