"""Run: the learner's code on the visible data, executed on a worker (queue "runs"), polled by the page.

A Run used to execute inside the web process, so ten heavy Runs held every gunicorn thread and other
learners' pages waited. Now the web stores the Run and sends its id; a worker claims it (one job per
learner at a time, fairness.py) and writes the result; the page polls `runs/<id>`. A Run matters less
than a submission: its message is not redelivered (no acks_late) and one not started within
RUN_QUEUE_DEADLINE_S ends as "the server is busy, try again" rather than running late.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

import grader
from catalog.data import DataNotBuilt, process_grader, visible_file
from catalog.models import Problem
from grader.sql_runner import DatasetUnavailable
from submissions import actions, fairness
from submissions.models import Run

log = logging.getLogger(__name__)

BUSY_MESSAGE = "The server is busy and could not start this Run in time; nothing was lost. Press Run again."


def start(learner, problem: Problem, code: str, language: str, explain: bool) -> Run:
    """Validate, store and send a Run. Raises actions.SubmissionRefused or fairness.TooManyInFlight."""
    actions.validate_code(code, language, problem)
    with transaction.atomic():
        fairness.lock_learner(learner.pk)
        fairness.check_in_flight(learner.pk, "run")
        run = Run.objects.create(learner=learner, problem=problem, code=code, language=language, explain=explain)
    send(run.pk, lane=fairness.lane(learner.pk))
    run.refresh_from_db()  # a worker may already have finished it (always the case when tasks run inline)
    return run


def send(run_id: int, countdown: float | None = None, lane: str | None = None) -> None:
    """Queue the Run (on the queue `lane` names, else "runs"); if the broker cannot take it, end it now
    with a message (nothing to redeliver)."""
    from submissions.tasks import run_code

    try:
        run_code.apply_async((run_id,), countdown=countdown, expires=settings.RUN_QUEUE_DEADLINE_S, queue=lane)
    except Exception as exc:  # kombu's OperationalError, a refused connection: the learner can press Run again
        log.error("run %s not queued (%s: %s)", run_id, type(exc).__name__, exc)
        _finish(run_id, {"status": "INTERNAL_ERROR", "error": BUSY_MESSAGE})


def execute(run_id: int) -> str | None:
    """The worker's part: claim the Run, run it on the visible data, store the result. Returns the
    result's status, "deferred" when sent back to the queue, or None if there was nothing to do."""
    claimed = _claim(run_id)
    if claimed is None:
        return None
    if claimed == "busy":
        learner_id = Run.objects.filter(pk=run_id).values_list("learner_id", flat=True).get()
        send(run_id, countdown=settings.FAIR_DEFER_S, lane=fairness.lane(learner_id))
        return "deferred"
    result = _run(claimed)
    _finish(run_id, result)
    return result["status"]


def _claim(run_id: int) -> Run | str | None:
    run = Run.objects.select_related("problem").filter(pk=run_id).first()
    if run is None:
        return None
    with transaction.atomic():
        fairness.lock_learner(run.learner_id)
        if Run.objects.filter(pk=run_id, status=Run.Status.QUEUED).count() == 0:
            return None  # finished, expired or claimed by a duplicate
        if _past_deadline(run):
            _finish(run_id, {"status": "INTERNAL_ERROR", "error": BUSY_MESSAGE})
            return None
        if fairness.learner_busy(run.learner_id, run_id=run_id):
            return "busy"
        Run.objects.filter(pk=run_id).update(status=Run.Status.RUNNING, started_at=timezone.now())
    return run


def _run(run: Run) -> dict:
    code = "EXPLAIN " + run.code.strip().rstrip(";") if run.explain else run.code
    try:
        return process_grader().run(code, run.language, visible_file(run.problem.dataset_id)).to_jsonable(
            display_rows=grader.DEFAULT_LIMITS.display_rows)
    except DataNotBuilt:
        return {"status": "INTERNAL_ERROR", "error": "This dataset is not built on the server yet."}
    except DatasetUnavailable as exc:  # a damaged file on the server: ours to fix, said plainly
        log.error("run %s on problem %s: %s", run.pk, run.problem_id, exc)
        return {"status": "INTERNAL_ERROR", "error": "This dataset cannot be read on the server right now; "
                "the team has been told."}
    except Exception:
        log.exception("run %s: the runner failed", run.pk)
        return {"status": "INTERNAL_ERROR", "error": "The runner failed on this code; the team has been told."}


def _finish(run_id: int, result: dict) -> None:
    Run.objects.filter(pk=run_id).exclude(status=Run.Status.DONE).update(
        status=Run.Status.DONE, result=result, finished_at=timezone.now())


def _past_deadline(run: Run) -> bool:
    return run.created_at < timezone.now() - timedelta(seconds=settings.RUN_QUEUE_DEADLINE_S)


def current(run: Run) -> Run:
    """The Run as the page should see it: one that waited past its deadline (its message expired or was
    lost) or whose worker died is ended here, so a poll never spins forever."""
    if run.is_final:
        return run
    if (run.status == Run.Status.QUEUED and _past_deadline(run)) or (
            run.status == Run.Status.RUNNING and run.started_at
            and run.started_at < timezone.now() - timedelta(seconds=fairness.RUN_ABANDONED_S)):
        _finish(run.pk, {"status": "INTERNAL_ERROR", "error": BUSY_MESSAGE})
        run.refresh_from_db()
    return run


def queue_place(run: Run) -> int:
    """How many Runs (anyone's) are waiting ahead of this queued one."""
    return Run.objects.filter(status=Run.Status.QUEUED, created_at__lt=run.created_at,
                              created_at__gte=timezone.now() - timedelta(seconds=settings.RUN_QUEUE_DEADLINE_S)
                              ).count()
