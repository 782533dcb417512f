"""Finds submissions that should have a verdict by now and gets them one.

A message can be lost (the embedded broker has no redelivery; a Redis restart without persistence) and a
worker can die mid-grade. Every submission must still end DONE: past its deadline, a QUEUED or RUNNING
submission is queued again, or after GRADING_MAX_ATTEMPTS claims it gets a final INTERNAL_ERROR.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from submissions.grading import claim, finish, internal_error
from submissions.models import Submission

log = logging.getLogger(__name__)


@dataclass
class SweepReport:
    requeued: int = 0
    failed: int = 0


def overdue(now=None):
    """QUEUED longer than the queue deadline, or RUNNING longer than a grade may take."""
    now = now or timezone.now()
    queued_before = now - timedelta(seconds=settings.GRADING_QUEUE_DEADLINE_S)
    running_before = now - timedelta(seconds=settings.GRADING_TIME_LIMIT_S + 30)
    return Submission.objects.filter(
        Q(status=Submission.Status.QUEUED, created_at__lt=queued_before)
        | Q(status=Submission.Status.RUNNING, started_at__lt=running_before)
    )


def sweep(now=None) -> SweepReport:
    """Re-queue overdue submissions; give up with a final verdict on those claimed too often."""
    from submissions.actions import queue

    report = SweepReport()
    for pk, attempt, language in overdue(now).values_list("pk", "attempt", "language"):
        if attempt >= settings.GRADING_MAX_ATTEMPTS:
            mine = claim(pk, fair=False)
            if mine is not None and finish(pk, mine, internal_error(
                    "Grading did not finish after several tries; this does not count against you.")):
                report.failed += 1
                log.error("submission %s: no verdict after %s attempts", pk, attempt)
            continue
        if not queue(pk, language):
            break  # the broker is down (queue() logged it): the next sweep tries again
        report.requeued += 1
        log.warning("submission %s overdue (attempt %s): queued again", pk, attempt)
    return report
