"""Celery tasks of dataset management: thin, id-only wrappers over datamgmt.jobs."""

from celery import shared_task
from django.conf import settings

from datamgmt.jobs import run_job


@shared_task(name="datamgmt.run_dataset_job", acks_late=True, reject_on_worker_lost=True,
             priority=settings.TASK_PRIORITY["dataset_job"],
             time_limit=settings.DATASET_JOB_TIME_LIMIT_S + 50, soft_time_limit=settings.DATASET_JOB_TIME_LIMIT_S + 40)
def run_dataset_job(job_id: int) -> str | None:
    """Run the stored dataset job `job_id` (a redelivery of a finished job does nothing)."""
    return run_job(job_id)


@shared_task(name="datamgmt.sweep")
def sweep_dataset_jobs() -> dict[str, int]:
    """Periodic (beat): queue again, or fail, dataset jobs whose worker died or whose message was lost."""
    from datamgmt.sweeper import sweep

    report = sweep()
    return {"requeued": report.requeued, "failed": report.failed}
