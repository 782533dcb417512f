"""Celery tasks of the LTI app: thin, id-only wrappers."""

import logging

import requests
from celery import shared_task
from pylti1p3.exception import LtiException, LtiServiceException

from lti import grades

log = logging.getLogger(__name__)

# A platform that is down or busy is tried again, later and later (30 s, 1 min, 2 min, ... up to 30 min).
MAX_RETRIES = 6


def transient(exc: Exception) -> bool:
    """Worth retrying: the network failed, or the platform answered 429 or 5xx (not a refusal like 400/401)."""
    if isinstance(exc, requests.RequestException):
        return True
    status = getattr(getattr(exc, "response", None), "status_code", 0)
    return isinstance(exc, LtiServiceException) and (status == 429 or status >= 500)


@shared_task(bind=True, name="lti.send_score", acks_late=True, max_retries=MAX_RETRIES)
def send_score(self, learner_id: int, assignment_id: int) -> dict[str, int]:
    """Post the learner's score for the assignment to their LMS (idempotent; retried when the LMS fails).

    A refusal is not retried: it is written on the outcome (admin, LTI outcomes) and the next final verdict
    tries again.
    """
    try:
        return grades.send_score(learner_id, assignment_id)
    except (requests.RequestException, LtiException) as exc:
        if transient(exc) and self.request.retries < MAX_RETRIES:
            raise self.retry(exc=exc, countdown=min(1800, 30 * 2**self.request.retries)) from exc
        log.warning("LTI score for learner %s, assignment %s not sent: %s", learner_id, assignment_id, exc)
        return {"failed": 1}
