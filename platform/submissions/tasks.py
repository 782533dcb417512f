"""Celery tasks: thin, id-only wrappers over submissions.grading."""

from celery import shared_task
from django.conf import settings

from submissions.grading import grade_stored


@shared_task(name="submissions.sweep")
def sweep_submissions() -> dict[str, int]:
    """Periodic (beat): get overdue submissions a verdict."""
    from submissions.ratelimit import forget_old_windows
    from submissions.sweeper import sweep

    report = sweep()
    forget_old_windows()
    return {"requeued": report.requeued, "failed": report.failed}


@shared_task(name="submissions.grade_submission", acks_late=True, reject_on_worker_lost=True)
def grade_submission(submission_id: int) -> str | None:
    """Grade the stored submission `submission_id` (idempotent: a redelivery writes no second verdict)."""
    return grade_stored(submission_id)


@shared_task(name="submissions.run_code", acks_late=False, time_limit=settings.RUN_TIME_LIMIT_S,
             soft_time_limit=settings.RUN_TIME_LIMIT_S - 5)
def run_code(run_id: int) -> str | None:
    """Execute the stored Run `run_id` on the visible data (queue "runs"; a lost one is not redelivered)."""
    from submissions.runs import execute

    return execute(run_id)
