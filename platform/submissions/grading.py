"""Grades one stored submission: claim it, build the grader's Job, write the verdict once.

At-least-once delivery means this may run more than once for the same submission (a redelivery after
a lost worker, or a duplicate); the claim and the attempt check make the verdict exactly-once.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone

import grader
from catalog.data import DataNotBuilt, dataset_variants, process_grader
from submissions import fairness
from submissions.models import Submission

log = logging.getLogger(__name__)

# Pauses before each new try of a database step whose connection was lost (about 7 s in all): long
# enough to ride out a PostgreSQL restart or failover; a longer outage is left to the sweeper.
DB_RETRY_DELAYS_S = (0.2, 0.5, 1.0, 2.0, 4.0)


def with_db_retry(step, *args):
    """Run a short database step; if the connection was cut (PostgreSQL restarted, the backend was
    terminated, an idle connection dropped) run it again on a fresh one. A grade can take seconds: the
    connection it started with may be gone when the verdict is written."""
    for delay in (*DB_RETRY_DELAYS_S, None):
        try:
            return step(*args)
        except (OperationalError, InterfaceError) as exc:
            if delay is None or connection.in_atomic_block:
                raise
            log.warning("database connection lost in %s (%s); retrying in %s s", step.__name__, exc, delay)
            connection.close()
            time.sleep(delay)
    raise AssertionError("unreachable")


BUSY = -1  # claim()'s answer when the learner already has a job running (fairness.py): try again soon


def claim(submission_id: int, *, fair: bool = True) -> int | None:
    """Move the submission to RUNNING and return this attempt's number; None if it is already final;
    BUSY (with `fair`) if a worker is already running another job of the same learner."""
    learner_id = Submission.objects.filter(pk=submission_id).values_list("learner_id", flat=True).first()
    if learner_id is None:
        return None
    with transaction.atomic():
        if fair:
            fairness.lock_learner(learner_id)
        row = (
            Submission.objects.select_for_update()
            .filter(pk=submission_id)
            .values("status", "attempt")
            .first()
        )
        if row is None or row["status"] == Submission.Status.DONE:
            return None
        if fair and fairness.learner_busy(learner_id, submission_id=submission_id):
            return BUSY
        attempt = row["attempt"] + 1
        Submission.objects.filter(pk=submission_id).update(
            status=Submission.Status.RUNNING, attempt=attempt, started_at=timezone.now()
        )
        return attempt


def finish(submission_id: int, attempt: int, result: grader.Result) -> bool:
    """Write the verdict if `attempt` still owns the row; False means another attempt got there first."""
    written = Submission.objects.filter(
        pk=submission_id, status=Submission.Status.RUNNING, attempt=attempt
    ).update(
        status=Submission.Status.DONE,
        verdict=result.verdict.value,
        message=result.message,
        diff=result.diff,
        elapsed_ms=result.elapsed_ms,
        timings=result.timings,
        problem_version=result.provenance.get("problem_version", ""),
        dataset_hashes=result.provenance.get("datasets", {}),
        grader_version=result.provenance.get("grader_version", ""),
        finished_at=timezone.now(),
    )
    return written == 1


def load(submission_id: int) -> Submission:
    return Submission.objects.select_related("problem").get(pk=submission_id)


def build_job(submission: Submission) -> grader.Job:
    problem = submission.problem
    return grader.Job(
        code=submission.code,
        language=submission.language,
        reference=problem.reference,
        reference_language=problem.reference_language,
        variants=dataset_variants(problem.dataset_id),
        options=grader.CompareOptions.from_mapping(problem.grading),
        problem_version=problem.version,
        mistakes=tuple(grader.KnownMistake(**m) for m in problem.mistakes),
    )


def internal_error(message: str) -> grader.Result:
    return grader.Result(
        verdict=grader.Verdict.INTERNAL_ERROR,
        message=message,
        provenance={"grader_version": grader.GRADER_VERSION},
    )


def grade_stored(submission_id: int) -> str | None:
    """Grade a stored submission; returns the verdict written, or None if nothing was written."""
    attempt = with_db_retry(claim, submission_id)
    if attempt is None:
        log.info("submission %s already final; redelivery ignored", submission_id)
        return None
    if attempt == BUSY:  # its learner has a job running: back of the queue, so others go first
        from submissions.actions import queue

        language, learner_id = Submission.objects.filter(pk=submission_id).values_list("language", "learner_id").get()
        queue(submission_id, language, countdown=settings.FAIR_DEFER_S, lane=fairness.lane(learner_id))
        return None
    if attempt > settings.GRADING_MAX_ATTEMPTS:
        # It was claimed this many times without a verdict: it likely takes the worker down.
        result = internal_error(
            f"Grading failed {attempt - 1} times; this does not count against you. The team has been told."
        )
        log.error("submission %s gave up after %s attempts", submission_id, attempt - 1)
        return result.verdict.value if with_db_retry(finish, submission_id, attempt, result) else None
    submission = with_db_retry(load, submission_id)
    try:
        result = process_grader().grade(build_job(submission))
    except DataNotBuilt as exc:
        log.error("submission %s: %s", submission_id, exc)
        result = internal_error("This problem's dataset is not available; this does not count against you.")
    except Exception:
        log.exception("submission %s: grader failed", submission_id)
        result = internal_error("The grader failed on this submission; this does not count against you.")
    if not with_db_retry(finish, submission_id, attempt, result):
        log.warning("submission %s attempt %s lost ownership; verdict discarded", submission_id, attempt)
        return None
    return result.verdict.value
