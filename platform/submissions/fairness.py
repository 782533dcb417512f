"""How much of the grading workers one learner may hold, so that one account cannot slow everyone.

Three rules, all counted in the database that every web process and worker shares:
- in flight: at most IN_FLIGHT_LIMITS["submit"] submissions without a verdict and
  IN_FLIGHT_LIMITS["run"] Runs without a result per learner; beyond that the request is refused
  (429) before anything is stored;
- running: a worker runs at most one job (grade or Run) of a learner at a time. A job whose learner
  already has one running goes back to the queue for FAIR_DEFER_S, so with W workers one learner
  holds at most one of them and everyone else's work goes through the rest;
- lane: a learner whose jobs took more than SLOW_LANE_BUDGET_S of worker time in the last
  SLOW_LANE_WINDOW_S has their next jobs sent to the slow lane (queue "slow"), which its own worker
  serves. So a learner who keeps the workers busy with heavy code holds the slow lane's process, not one
  of the processes everyone else's grades need. The sweeper re-queues on the normal queue, so a job
  never waits on a slow lane that no worker serves.
The in-flight and running checks lock the learner's user row, so parallel requests or workers cannot all pass at once.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

# A Run RUNNING this long has lost its worker (its task's hard limit is RUN_TIME_LIMIT_S).
RUN_ABANDONED_S = settings.RUN_TIME_LIMIT_S + 10


class TooManyInFlight(Exception):
    """The learner has as many jobs waiting as they may; the message says so, for the learner."""


def lock_learner(learner_id: int) -> None:
    """Serialise the fairness checks of one learner (inside the caller's transaction)."""
    list(get_user_model().objects.select_for_update().filter(pk=learner_id).values_list("pk", flat=True))


def check_in_flight(learner_id: int, action: str) -> None:
    """Raise TooManyInFlight if the learner already has their allowance of `action` ("run", "submit")
    waiting. Call inside a transaction after lock_learner."""
    from submissions.models import Run, Submission

    limit = settings.IN_FLIGHT_LIMITS[action]
    now = timezone.now()
    if action == "submit":
        waiting = Submission.objects.filter(learner_id=learner_id).exclude(status=Submission.Status.DONE)
        noun = "submissions waiting for a verdict"
    else:
        # A Run past its deadline no longer counts: its poll ends it as "try again".
        fresh = now - timedelta(seconds=settings.RUN_QUEUE_DEADLINE_S + settings.RUN_TIME_LIMIT_S)
        waiting = Run.objects.filter(learner_id=learner_id, created_at__gte=fresh).exclude(status=Run.Status.DONE)
        noun = "Runs still running"
    if waiting.count() >= limit:
        raise TooManyInFlight(f"You already have {limit} {noun}. Wait for one to finish, then try again; "
                              "nothing was lost.")


def learner_busy(learner_id: int, *, run_id: int | None = None, submission_id: int | None = None) -> bool:
    """True if a worker is already running another job of this learner (one started recently enough
    to be alive; an abandoned one is the sweeper's, not a reason to wait)."""
    from submissions.models import Run, Submission

    now = timezone.now()
    grading = Submission.objects.filter(
        learner_id=learner_id, status=Submission.Status.RUNNING,
        started_at__gte=now - timedelta(seconds=settings.GRADING_TIME_LIMIT_S)).exclude(pk=submission_id)
    running = Run.objects.filter(
        learner_id=learner_id, status=Run.Status.RUNNING,
        started_at__gte=now - timedelta(seconds=RUN_ABANDONED_S)).exclude(pk=run_id)
    return grading.exists() or running.exists()


def worker_seconds(learner_id: int, now=None) -> float:
    """Worker time the learner's grades and Runs took within the last SLOW_LANE_WINDOW_S: finished jobs
    by their start and finish, running ones so far."""
    from submissions.models import Run, Submission

    now = now or timezone.now()
    since = now - timedelta(seconds=settings.SLOW_LANE_WINDOW_S)
    total = 0.0
    for model in (Submission, Run):
        recent = model.objects.filter(learner_id=learner_id, started_at__isnull=False).exclude(
            finished_at__lt=since).values_list("started_at", "finished_at")
        for started, finished in recent:
            total += ((finished or now) - max(started, since)).total_seconds()
    return total


def lane(learner_id: int) -> str | None:
    """The queue for the learner's next job: "slow" once their recent worker time is over budget, else
    None (the task's own queue)."""
    return "slow" if worker_seconds(learner_id) > settings.SLOW_LANE_BUDGET_S else None


def queue_place(submission) -> int:
    """How many submissions (anyone's) are waiting ahead of this queued one."""
    from submissions.models import Submission

    return Submission.objects.filter(status=Submission.Status.QUEUED, created_at__lt=submission.created_at).count()
