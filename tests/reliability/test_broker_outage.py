"""Redis down or restarted: a submission is always stored and answered, never a 500, and every one of
them reaches a verdict once the broker is back (the sweeper queues what the broker lost)."""

from __future__ import annotations

import logging
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from catalog.models import Problem
from submissions import actions, sweeper, tasks
from submissions.models import Submission
from tests.factories import make_user, sync_catalog
from tests.reliability.services import PrivateRedis, celery_worker, publishing_to, wait_final, wait_until

# A port nothing listens on: a cache or broker there is "down".
DEAD_REDIS = "redis://127.0.0.1:9/0"


@pytest.fixture
def ada(client, data_settings, db):
    sync_catalog()
    user = make_user("ada")
    client.force_login(user)
    return user


@pytest.fixture
def broker_down(monkeypatch):
    """Every publish fails as kombu fails when Redis refuses connections; the calls are recorded."""
    calls = []

    def refuse(args, **options):
        calls.append(args[0])
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.grade_submission, "apply_async", refuse)
    return calls


def later(seconds: float):
    return timezone.now() + timedelta(seconds=seconds)


def submit(client, code="SELECT 1 AS x"):
    return client.post(reverse("submissions:submit", args=[3]), {"code": code, "language": "sql"})


def test_a_submission_made_while_the_broker_is_down_is_stored_and_answered(
        client, ada, broker_down, caplog, django_capture_on_commit_callbacks):
    with caplog.at_level(logging.ERROR, "submissions.actions"), \
            django_capture_on_commit_callbacks(execute=True):
        response = submit(client)
    stored = Submission.objects.get(learner=ada)
    assert response.status_code == 200
    assert b"hx-get" in response.content  # the learner polls it like any other
    assert (stored.status, broker_down) == ("QUEUED", [stored.pk])
    assert "the sweeper will queue it" in caplog.text


def test_the_sweeper_queues_a_submission_the_broker_refused_once_it_is_back(
        client, ada, broker_down, monkeypatch, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(client)
    sent = []
    monkeypatch.setattr(tasks.grade_submission, "apply_async", lambda args, **options: sent.append(args[0]))
    report = sweeper.sweep(later(settings.GRADING_QUEUE_DEADLINE_S + 5))
    assert report.requeued == 1
    assert sent == [Submission.objects.get(learner=ada).pk]


def test_a_sweep_while_the_broker_is_still_down_stops_and_leaves_the_rows_for_the_next(
        client, ada, broker_down, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(client)
        submit(client, "SELECT 2 AS x")
    broker_down.clear()
    report = sweeper.sweep(later(settings.GRADING_QUEUE_DEADLINE_S + 5))
    assert (report.requeued, len(broker_down)) == (0, 1)  # one refusal is enough to stop trying
    assert set(Submission.objects.values_list("status", flat=True)) == {"QUEUED"}


def test_a_submission_is_taken_when_the_rate_limit_cache_is_down(
        client, ada, broker_down, settings, django_capture_on_commit_callbacks):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": DEAD_REDIS}}
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client)
    assert response.status_code == 200
    assert Submission.objects.filter(learner=ada, status="QUEUED").count() == 1


SPIN = "spin = sum(range(60_000_000))\n"  # keeps the only worker busy for a few seconds


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_redis_restarted_mid_stream_loses_no_submission(client, data_settings, settings, tmp_path):
    """A worker is busy, one submission waits in Redis, Redis dies (losing it) and one more comes in
    while it is down; once Redis is back every one of them gets its own verdict, exactly once."""
    sync_catalog()
    problem = Problem.objects.get(pk=3)
    learner = make_user("ada")
    client.force_login(learner)
    redis = PrivateRedis(tmp_path)
    redis.start()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": redis.url}}
    try:
        with publishing_to(redis.url), celery_worker(redis.url, data_settings.DATA_DIR):
            busy = actions.submit(learner, problem, SPIN + problem.solution_py, "python")
            wait_until(lambda: Submission.objects.get(pk=busy.pk).status == "RUNNING", 60, "the busy grade started")
            waiting = actions.submit(learner, problem, problem.solution_sql, "sql")  # sits in Redis
            redis.stop()
            t0 = time.monotonic()
            response = submit(client, "SELECT 1 AS x")
            answered_s = time.monotonic() - t0
            assert response.status_code == 200, response.content[:500]
            during = Submission.objects.filter(learner=learner).order_by("-id").first()
            assert during.status == "QUEUED"
            redis.start()  # empty: the waiting message is gone
            assert wait_final(busy.pk, 90).verdict == "ACCEPTED"
            report = sweeper.sweep(later(settings.GRADING_QUEUE_DEADLINE_S + 5))
            assert report.requeued == 2
            assert wait_final(waiting.pk, 60).verdict == "ACCEPTED"
            assert wait_final(during.pk, 60).verdict == "WRONG_ANSWER"
    finally:
        redis.stop()
    assert answered_s < 5, f"the submit view took {answered_s:.1f} s to answer while Redis was down"
    assert Submission.objects.filter(learner=learner).count() == 3
    assert not Submission.objects.exclude(status="DONE").exists()
