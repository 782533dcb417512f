"""Writes that span models, as verbs. Views validate input and call one of these."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction

from catalog.models import Problem
from grader import DEFAULT_LIMITS, LANGUAGES
from submissions import fairness
from submissions.models import Submission

log = logging.getLogger(__name__)


class SubmissionRefused(ValueError):
    """The submission cannot be accepted as given; the message says why, for the learner."""


def validate_code(code: str, language: str, problem: Problem) -> None:
    """Refuse what can never be graded, before anything is stored."""
    if language not in LANGUAGES:
        raise SubmissionRefused(f"Unknown language {language!r}.")
    if language not in problem.languages:
        raise SubmissionRefused(f"This problem takes {' or '.join(problem.languages).upper()} answers.")
    if not code.strip():
        raise SubmissionRefused("The code is empty.")
    if len(code.encode("utf-8", "surrogatepass")) > DEFAULT_LIMITS.max_code_bytes:
        raise SubmissionRefused(f"The code is larger than {DEFAULT_LIMITS.max_code_bytes // 1024} KB.")
    if "\x00" in code:
        raise SubmissionRefused("The code contains a NUL byte; submit plain text.")


def submit(learner, problem: Problem, code: str, language: str) -> Submission:
    """Store the submission, then queue its grading once the row is committed.

    The task carries only the id: a worker reloads the row, so a redelivery grades the same code.
    """
    validate_code(code, language, problem)
    with transaction.atomic():
        fairness.lock_learner(learner.pk)
        fairness.check_in_flight(learner.pk, "submit")
        submission = Submission.objects.create(learner=learner, problem=problem, code=code, language=language)
        lane = fairness.lane(learner.pk)
        transaction.on_commit(lambda: queue(submission.pk, language, lane=lane))
    return submission


def queue(submission_id: int, language: str, countdown: float | None = None, lane: str | None = None) -> bool:
    """Send the grading task (to the queue `lane` names, else the task's own); False if the broker cannot
    take it now.

    The row is already stored as QUEUED, so a broker outage must not fail the learner's request: the
    sweeper queues the submission again once it is past GRADING_QUEUE_DEADLINE_S.
    """
    from submissions.tasks import grade_submission

    try:
        grade_submission.apply_async((submission_id,), priority=settings.TASK_PRIORITY[f"grade_{language}"],
                                     countdown=countdown, queue=lane)
    except Exception as exc:  # kombu's OperationalError, a refused connection, a timeout: all the same here
        log.error("submission %s stored but not queued (%s: %s); the sweeper will queue it",
                  submission_id, type(exc).__name__, exc)
        return False
    return True
