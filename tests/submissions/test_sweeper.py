"""The sweeper: overdue submissions are queued again, or finished after too many attempts; others are left."""

from datetime import timedelta

import pytest
from django.utils import timezone

from submissions import sweeper
from submissions.models import Submission
from tests.factories import make_problem, make_user

pytestmark = pytest.mark.django_db


def submission(**fields):
    s = Submission.objects.create(learner=make_user(f"l{Submission.objects.count()}"), problem=make_problem(),
                                  language="sql", code="SELECT 1")
    Submission.objects.filter(pk=s.pk).update(**fields)
    return Submission.objects.get(pk=s.pk)


def later(seconds):
    return timezone.now() + timedelta(seconds=seconds)


def test_a_fresh_queued_submission_is_left_alone(queued, settings):
    submission()
    assert sweeper.sweep(later(settings.GRADING_QUEUE_DEADLINE_S - 5)).requeued == 0
    assert queued == []


def test_a_queued_submission_past_its_deadline_is_queued_again(queued, settings):
    s = submission()
    report = sweeper.sweep(later(settings.GRADING_QUEUE_DEADLINE_S + 5))
    assert report.requeued == 1
    assert queued == [s.pk]


def test_a_running_submission_whose_worker_died_is_queued_again(queued, settings):
    s = submission(status="RUNNING", attempt=1, started_at=timezone.now())
    sweeper.sweep(later(settings.GRADING_TIME_LIMIT_S + 60))
    assert queued == [s.pk]


def test_a_running_submission_still_within_its_time_is_left_alone(queued, settings):
    submission(status="RUNNING", attempt=1, started_at=timezone.now())
    sweeper.sweep(later(settings.GRADING_TIME_LIMIT_S - 5))
    assert queued == []


def test_after_too_many_attempts_it_gets_a_final_internal_error(queued, settings):
    s = submission(status="RUNNING", attempt=settings.GRADING_MAX_ATTEMPTS, started_at=timezone.now())
    report = sweeper.sweep(later(settings.GRADING_TIME_LIMIT_S + 60))
    s.refresh_from_db()
    assert report.failed == 1
    assert (s.status, s.verdict) == ("DONE", "INTERNAL_ERROR")
    assert queued == []


def test_a_final_submission_is_never_touched(queued, settings):
    s = submission(status="DONE", verdict="ACCEPTED", attempt=1, started_at=timezone.now())
    sweeper.sweep(later(10 * settings.GRADING_TIME_LIMIT_S))
    s.refresh_from_db()
    assert s.verdict == "ACCEPTED"
    assert queued == []
