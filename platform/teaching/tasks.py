"""Celery tasks of the teaching app: thin, id-only wrappers."""

from celery import shared_task
from django.conf import settings

from teaching.regrade import regrade_one


@shared_task(name="teaching.regrade_submission", acks_late=True, reject_on_worker_lost=True,
             priority=settings.TASK_PRIORITY["regrade"])
def regrade_submission(job_id: int, submission_id: int) -> bool:
    """Regrade one submission for a regrade job (idempotent per job and submission)."""
    return regrade_one(job_id, submission_id)
