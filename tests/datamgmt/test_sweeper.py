"""Dataset jobs always end: a job whose worker died is queued again (or failed after its last attempt), a
lost message is sent again, and a duplicate message never starts a second build while an attempt lives."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from datamgmt import jobs, sweeper, tasks
from datamgmt.models import DatasetJob

pytestmark = pytest.mark.django_db
STALE_S = django_settings.DATASET_JOB_HEARTBEAT_STALE_S


@pytest.fixture
def sent(monkeypatch):
    ids = []
    monkeypatch.setattr(tasks.run_dataset_job, "delay", ids.append)
    return ids


def job(status="RUNNING", attempt=1, beat_s_ago=None, created_s_ago=0, kind="validate"):
    now = timezone.now()
    row = DatasetJob.objects.create(kind=kind, dataset_id="D01", status=status, attempt=attempt,
                                    started_at=now if status == "RUNNING" else None)
    DatasetJob.objects.filter(pk=row.pk).update(
        created_at=now - timedelta(seconds=created_s_ago),
        heartbeat_at=None if beat_s_ago is None else now - timedelta(seconds=beat_s_ago))
    return row


def test_a_running_job_whose_heartbeat_stopped_is_queued_again(sent):
    dead = job(beat_s_ago=STALE_S + 5)
    assert sweeper.sweep().requeued == 1
    assert sent == [dead.pk]


def test_a_running_job_that_never_beat_is_queued_again(sent):
    legacy = job(beat_s_ago=None)  # running when the heartbeat column arrived
    assert sweeper.sweep().requeued == 1
    assert sent == [legacy.pk]


def test_a_running_job_that_beats_is_left_alone(sent):
    job(beat_s_ago=1)
    assert sweeper.sweep().requeued == 0
    assert sent == []


def test_a_job_that_died_on_its_last_attempt_fails_with_a_message(sent):
    dead = job(attempt=jobs.MAX_ATTEMPTS, beat_s_ago=STALE_S + 5)
    assert sweeper.sweep().failed == 1
    dead.refresh_from_db()
    assert dead.status == "FAILED"
    assert dead.finished_at
    assert "Gave up after 2 attempts" in dead.message
    assert sent == []


def test_a_job_waiting_past_the_queue_deadline_is_sent_again(sent, settings):
    lost = job(status="QUEUED", attempt=0, created_s_ago=settings.DATASET_QUEUE_DEADLINE_S + 5)
    job(status="QUEUED", attempt=0, created_s_ago=5)
    assert sweeper.sweep().requeued == 1
    assert sent == [lost.pk]


def test_a_duplicate_message_for_a_live_attempt_starts_nothing(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    live = job(beat_s_ago=1)
    assert tasks.run_dataset_job(live.pk) is None
    live.refresh_from_db()
    assert (live.status, live.attempt) == ("RUNNING", 1)


def test_the_next_delivery_takes_over_an_attempt_whose_heartbeat_stopped(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.DATA_PROFILE = "lite"
    (tmp_path / "lite").mkdir()
    dead = job(beat_s_ago=STALE_S + 5)
    assert tasks.run_dataset_job(dead.pk) == "DONE"
    dead.refresh_from_db()
    assert (dead.status, dead.attempt) == ("DONE", 2)


@pytest.mark.django_db(transaction=True)  # the heartbeat writes from its own thread and connection
def test_a_running_job_beats_from_its_own_thread(monkeypatch):
    monkeypatch.setattr(jobs, "HEARTBEAT_S", 0.05)
    row = job(beat_s_ago=STALE_S + 5)
    claimed = jobs.claim(row.pk)
    first = DatasetJob.objects.get(pk=row.pk).heartbeat_at
    with jobs.heartbeat(claimed):
        time.sleep(0.4)
    assert DatasetJob.objects.get(pk=row.pk).heartbeat_at > first
