"""Celery tasks: thin, id-only wrappers over submissions.grading."""

from celery import shared_task

from submissions.grading import grade_stored


@shared_task(name="submissions.sweep")
def sweep_submissions() -> dict[str, int]:
    """Periodic (beat): get overdue submissions a verdict."""
    from submissions.sweeper import sweep

    report = sweep()
    return {"requeued": report.requeued, "failed": report.failed}


@shared_task(name="submissions.grade_submission", acks_late=True, reject_on_worker_lost=True)
def grade_submission(submission_id: int) -> str | None:
    """Grade the stored submission `submission_id` (idempotent: a redelivery writes no second verdict)."""
    return grade_stored(submission_id)
