"""The admins' grading-health page: what waits now, what is overdue, and last hour's latency by language."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from submissions.health import grading_health
from submissions.models import Submission
from tests.factories import make_problem, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def problem():
    return make_problem()


def stored(problem, status="DONE", language="sql", verdict="ACCEPTED", age_s=0.0, took_ms=None):
    now = timezone.now()
    row = Submission.objects.create(learner=make_user(f"l{Submission.objects.count()}"), problem=problem,
                                    language=language, code="SELECT 1", status=status,
                                    verdict=verdict if status == "DONE" else "")
    created = now - timedelta(seconds=age_s)
    finished = created + timedelta(milliseconds=took_ms) if took_ms is not None else None
    Submission.objects.filter(pk=row.pk).update(created_at=created, finished_at=finished)
    return row


def test_it_counts_what_waits_and_what_the_sweeper_will_take(problem, settings):
    stored(problem, status="QUEUED", verdict="", age_s=2)
    stored(problem, status="QUEUED", verdict="", age_s=settings.GRADING_QUEUE_DEADLINE_S + 30)
    stored(problem, status="RUNNING", verdict="", age_s=1)
    health = grading_health()
    assert (health.queued, health.running, health.overdue) == (2, 1, 1)
    assert health.oldest_waiting_s >= settings.GRADING_QUEUE_DEADLINE_S + 30
    assert not health.healthy


def test_latency_is_by_language_over_the_last_hour_only(problem):
    for ms in range(100, 1100, 100):  # 100 .. 1000 ms
        stored(problem, took_ms=ms)
    stored(problem, language="python", took_ms=700)
    stored(problem, took_ms=99_000, age_s=2 * 3600)  # finished two hours ago: outside the window
    python, sql = grading_health().latencies  # alphabetical
    assert (sql.language, sql.graded, sql.p95_ms, sql.max_ms) == ("sql", 10, 1000, 1000)
    assert 500 <= sql.p50_ms <= 600
    assert (python.language, python.graded, python.p50_ms) == ("python", 1, 700)


def test_an_internal_error_in_the_hour_needs_a_look(problem):
    stored(problem, verdict="INTERNAL_ERROR", took_ms=50)
    health = grading_health()
    assert health.internal_errors == 1
    assert not health.healthy


def test_admins_see_the_page_with_its_figures(client, problem):
    stored(problem, took_ms=250)
    client.force_login(make_user("root", role=User.Role.ADMIN))
    content = client.get(reverse("submissions:grading_health")).content.decode()
    assert "Grading health" in content
    assert "250 ms" in content
    assert "healthy" in content
    assert "Accepted 1" in content
    for name in ("datamgmt:dataset_list", "accounts:user_list"):  # the admins' other pages, one click away
        assert f'href="{reverse(name)}"' in content


def test_the_page_is_for_admins_only(client):
    client.force_login(make_user("ines", role=User.Role.INSTRUCTOR))
    assert client.get(reverse("submissions:grading_health")).status_code == 403
