"""Grade passback is triggered when a grading task has written a final verdict.

Verdicts are written with queryset updates (submissions.grading.finish, teaching.regrade.regrade_one), which
send no post_save; the end of the task that wrote them is the one place every final verdict passes, so the
hook listens there and leaves the submissions code untouched.
"""

from __future__ import annotations

import logging

from celery.signals import task_postrun

log = logging.getLogger(__name__)

# Task name -> position of the submission id in its arguments. Both return a falsy value when they wrote
# nothing (a redelivery, a lost claim), and then no score can have changed.
VERDICT_TASKS = {"submissions.grade_submission": 0, "teaching.regrade_submission": 1}


@task_postrun.connect(dispatch_uid="lti.queue_scores_after_grading")
def queue_scores_after_grading(sender=None, task=None, args=None, retval=None, state=None, **kwargs) -> None:
    position = VERDICT_TASKS.get(getattr(task, "name", None))
    if position is None or state != "SUCCESS" or not retval or not args or len(args) <= position:
        return
    queue_scores(args[position])


def queue_scores(submission_id: int) -> int:
    """Queue lti.send_score for each LTI assignment the submission counts in; returns how many."""
    from lti import grades, tasks

    try:
        pairs = grades.assignments_to_update(submission_id)
        for learner_id, assignment_id in pairs:
            tasks.send_score.delay(learner_id, assignment_id)
        return len(pairs)
    except Exception:  # the verdict is written; a failed passback hook must not fail the grading task
        log.exception("LTI: could not queue the score passback for submission %s", submission_id)
        return 0
