"""One learner cannot slow everyone: shared rate counts, caps on work in flight, Run off the web
processes, one running job per learner, and a queued learner sees their place (issue 16, part 4)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.db import close_old_connections
from django.urls import reverse
from django.utils import timezone

from submissions import fairness, grading, ratelimit, runs
from submissions.models import Run, Submission
from tests.factories import make_problem, make_user

pytestmark = pytest.mark.django_db

RUN = {"code": "SELECT 41 + 1 AS answer", "language": "sql"}


@pytest.fixture
def sent_runs(monkeypatch) -> list[int]:
    """Run ids sent to the "runs" queue, with no worker to take them."""
    from submissions import tasks

    sent: list[int] = []
    monkeypatch.setattr(tasks.run_code, "apply_async", lambda args, **options: sent.append(args[0]))
    return sent


# -- the rate limit is shared by every web process ---------------------------------------------------

def test_the_rate_limit_holds_across_web_processes_without_redis(monkeypatch, settings):
    settings.REDIS_URL = ""
    settings.RATE_LIMITS = {"submit": 5}
    learner = make_user("ada")
    accepted = []
    for process in range(12):  # each request lands on another gunicorn worker, with its own memory
        monkeypatch.setattr(ratelimit, "cache", LocMemCache(f"web-process-{process}", {}))
        accepted.append(ratelimit.allow(learner.pk, "submit"))
    assert accepted == [True] * 5 + [False] * 7


def test_the_database_counts_are_per_learner_and_per_action(settings):
    settings.REDIS_URL = ""
    settings.RATE_LIMITS = {"submit": 1, "run": 1}
    ada, ben = make_user("ada"), make_user("ben")
    assert ratelimit.allow(ada.pk, "submit")
    assert ratelimit.allow(ada.pk, "run")
    assert ratelimit.allow(ben.pk, "submit")
    assert not ratelimit.allow(ada.pk, "submit")


def test_ended_windows_are_forgotten(settings):
    from submissions.models import RateCount

    settings.REDIS_URL = ""
    ratelimit.allow(make_user("ada").pk, "submit")
    RateCount.objects.update(window=0)
    assert ratelimit.forget_old_windows() == 1
    assert not RateCount.objects.exists()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("store", ["database", "redis"])
def test_parallel_requests_accept_exactly_the_limit(settings, store):
    """40 requests at once from one learner, on PostgreSQL or Redis: exactly the limit gets through."""
    if store == "database":
        settings.REDIS_URL = ""
    settings.RATE_LIMITS = {"submit": 10}
    learner = make_user("ada")
    answers: list[bool] = []
    start = threading.Barrier(40)

    def one() -> None:
        start.wait()
        answers.append(ratelimit.allow(learner.pk, "submit"))
        close_old_connections()

    threads = [threading.Thread(target=one) for _ in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers.count(True) == 10


# -- a learner may have only a few jobs in flight ----------------------------------------------------

def test_a_learner_with_three_submissions_waiting_is_refused_a_fourth(client, ada, catalog_loaded, queued):
    url = reverse("submissions:submit", args=[3])
    codes = [client.post(url, {"code": "SELECT 1", "language": "sql"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert Submission.objects.filter(learner=ada).count() == 3
    refused = client.post(url, {"code": "SELECT 1", "language": "sql"})
    assert b"waiting for a verdict" in refused.content


def test_a_verdict_frees_a_place_in_flight(client, ada, catalog_loaded, queued):
    url = reverse("submissions:submit", args=[3])
    for _ in range(3):
        client.post(url, {"code": "SELECT 1", "language": "sql"})
    Submission.objects.filter(pk=Submission.objects.filter(learner=ada).first().pk).update(
        status=Submission.Status.DONE, verdict="WRONG_ANSWER")
    assert client.post(url, {"code": "SELECT 1", "language": "sql"}).status_code == 200


def test_a_learner_with_two_runs_waiting_is_refused_a_third(client, ada, catalog_loaded, sent_runs):
    url = reverse("submissions:run", args=[3])
    codes = [client.post(url, RUN).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert Run.objects.filter(learner=ada).count() == 2


def test_another_learner_is_not_held_by_a_neighbours_flight(client, ada, catalog_loaded, sent_runs):
    url = reverse("submissions:run", args=[3])
    for _ in range(3):
        client.post(url, RUN)
    client.force_login(make_user("ben"))
    assert client.post(url, RUN).status_code == 200


# -- Run executes on a worker, not in the web process ------------------------------------------------

def test_run_stores_the_code_and_sends_it_to_a_worker(client, ada, catalog_loaded, sent_runs, monkeypatch):
    monkeypatch.setattr(runs, "_run", lambda run: pytest.fail("the web process ran the learner's code"))
    response = client.post(reverse("submissions:run", args=[3]), RUN)
    run = Run.objects.get(learner=ada)
    assert sent_runs == [run.pk]
    assert (run.status, run.code) == ("QUEUED", RUN["code"])
    assert reverse("submissions:run_status", args=[run.pk]) in response.content.decode()


def test_the_runs_go_to_their_own_queue():
    from unwind.celery import app

    assert app.amqp.router.route({}, "submissions.run_code")["queue"].name == "runs"


def test_the_poll_shows_the_result_once_a_worker_has_run_it(client, ada, catalog_loaded, sent_runs):
    client.post(reverse("submissions:run", args=[3]), RUN)
    runs.execute(sent_runs[0])
    response = client.get(reverse("submissions:run_status", args=[sent_runs[0]]))
    assert b'data-status="ok"' in response.content
    assert b"42" in response.content
    assert b"hx-get" not in response.content


def test_a_run_no_worker_started_in_time_ends_with_try_again(client, ada, catalog_loaded, sent_runs, settings):
    client.post(reverse("submissions:run", args=[3]), RUN)
    Run.objects.update(created_at=timezone.now() - timedelta(seconds=settings.RUN_QUEUE_DEADLINE_S + 1))
    response = client.get(reverse("submissions:run_status", args=[sent_runs[0]]))
    assert b"Press Run again" in response.content
    assert runs.execute(sent_runs[0]) is None  # a late message finds it over and does not run it


def test_a_queued_run_shows_how_many_are_ahead(client, ada, catalog_loaded, sent_runs):
    other = make_user("ben")
    for _ in range(2):
        Run.objects.create(learner=other, problem_id=3, language="sql", code="SELECT 1")
    response = client.post(reverse("submissions:run", args=[3]), RUN)
    assert "2 Runs ahead of yours" in response.content.decode()


# -- one running job per learner ----------------------------------------------------------------------

def running_submission(learner, problem) -> Submission:
    return Submission.objects.create(learner=learner, problem=problem, language="sql", code="SELECT 1",
                                     status=Submission.Status.RUNNING, attempt=1, started_at=timezone.now())


def test_a_learners_second_grade_waits_while_their_first_runs(queued):
    ada, problem = make_user("ada"), make_problem()
    running_submission(ada, problem)
    second = Submission.objects.create(learner=ada, problem=problem, language="sql", code="SELECT 2")
    assert grading.grade_stored(second.pk) is None
    second.refresh_from_db()
    assert (second.status, second.attempt) == ("QUEUED", 0)
    assert queued == [second.pk]  # sent back to the queue, not dropped


def test_another_learners_grade_runs_beside_it(queued):
    problem = make_problem()
    running_submission(make_user("ada"), problem)
    bens = Submission.objects.create(learner=make_user("ben"), problem=problem, language="sql", code="SELECT 1")
    assert grading.claim(bens.pk) == 1


def test_a_learners_run_waits_while_their_grade_runs(sent_runs):
    ada, problem = make_user("ada"), make_problem()
    running_submission(ada, problem)
    run = Run.objects.create(learner=ada, problem=problem, language="sql", code="SELECT 1")
    assert runs.execute(run.pk) == "deferred"
    assert sent_runs == [run.pk]
    assert Run.objects.get(pk=run.pk).status == "QUEUED"


def test_an_abandoned_grade_does_not_hold_the_learner(queued, settings):
    ada, problem = make_user("ada"), make_problem()
    stuck = running_submission(ada, problem)
    Submission.objects.filter(pk=stuck.pk).update(
        started_at=timezone.now() - timedelta(seconds=settings.GRADING_TIME_LIMIT_S + 1))
    second = Submission.objects.create(learner=ada, problem=problem, language="sql", code="SELECT 2")
    assert grading.claim(second.pk) == 1


def test_a_queued_submission_shows_its_place(client, ada, catalog_loaded, queued):
    ben = make_user("ben")
    for _ in range(3):
        Submission.objects.create(learner=ben, problem_id=3, language="sql", code="SELECT 1")
    response = client.post(reverse("submissions:submit", args=[3]), {"code": "SELECT 1", "language": "sql"})
    assert "3 submissions ahead of yours" in response.content.decode()


# -- a learner who keeps the workers busy gets the slow lane -----------------------------------------

def spent(learner, problem, seconds: float, ago: float = 0.0) -> Submission:
    """A graded submission of `learner` that held a worker for `seconds`, finished `ago` seconds back."""
    finished = timezone.now() - timedelta(seconds=ago)
    return Submission.objects.create(
        learner=learner, problem=problem, language="sql", code="SELECT 1", status=Submission.Status.DONE,
        verdict="TIME_LIMIT", attempt=1, started_at=finished - timedelta(seconds=seconds), finished_at=finished)


@pytest.fixture
def sent_run_queues(monkeypatch) -> list[str | None]:
    """The queue each Run was sent to (None: the task's own, "runs"), with no worker to take them."""
    from submissions import tasks

    queues: list[str | None] = []
    monkeypatch.setattr(tasks.run_code, "apply_async", lambda args, queue=None, **options: queues.append(queue))
    return queues


def test_a_learner_within_the_budget_is_graded_on_the_normal_queue(client, ada, catalog_loaded, queued, settings,
                                                                   django_capture_on_commit_callbacks):
    spent(ada, make_problem(), settings.SLOW_LANE_BUDGET_S / 2)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("submissions:submit", args=[3]), {"code": "SELECT 1", "language": "sql"})
    assert queued.queues == [None]


def test_a_learner_over_the_budget_is_graded_on_the_slow_lane(client, ada, catalog_loaded, queued, settings,
                                                              django_capture_on_commit_callbacks):
    spent(ada, make_problem(), settings.SLOW_LANE_BUDGET_S + 1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("submissions:submit", args=[3]), {"code": "SELECT 1", "language": "sql"})
    assert queued.queues == ["slow"]


def test_a_learner_over_the_budget_runs_on_the_slow_lane(client, ada, catalog_loaded, sent_run_queues, settings):
    spent(ada, make_problem(), settings.SLOW_LANE_BUDGET_S + 1)
    client.post(reverse("submissions:run", args=[3]), RUN)
    assert sent_run_queues == ["slow"]


def test_the_budget_adds_up_runs_and_grades(settings):
    ada, problem = make_user("ada"), make_problem()
    now = timezone.now()
    spent(ada, problem, settings.SLOW_LANE_BUDGET_S / 2 + 0.5)
    Run.objects.create(learner=ada, problem=problem, language="sql", code="SELECT 1", status=Run.Status.DONE,
                       started_at=now - timedelta(seconds=settings.SLOW_LANE_BUDGET_S / 2 + 0.5), finished_at=now)
    assert fairness.lane(ada.pk) == "slow"


def test_a_job_still_running_counts_its_time_so_far(settings):
    ada, problem = make_user("ada"), make_problem()
    Submission.objects.create(learner=ada, problem=problem, language="sql", code="SELECT 1",
                              status=Submission.Status.RUNNING, attempt=1,
                              started_at=timezone.now() - timedelta(seconds=settings.SLOW_LANE_BUDGET_S + 1))
    assert fairness.lane(ada.pk) == "slow"


def test_worker_time_older_than_the_window_is_forgotten(settings):
    ada = make_user("ada")
    spent(ada, make_problem(), settings.SLOW_LANE_BUDGET_S * 3, ago=settings.SLOW_LANE_WINDOW_S + 1)
    assert fairness.lane(ada.pk) is None


def test_a_neighbour_of_a_heavy_learner_stays_on_the_normal_queue(settings):
    problem = make_problem()
    spent(make_user("ada"), problem, settings.SLOW_LANE_BUDGET_S * 3)
    assert fairness.lane(make_user("ben").pk) is None


def test_a_deferred_grade_of_a_heavy_learner_goes_back_to_the_slow_lane(queued, settings):
    ada, problem = make_user("ada"), make_problem()
    spent(ada, problem, settings.SLOW_LANE_BUDGET_S + 1)
    running_submission(ada, problem)
    second = Submission.objects.create(learner=ada, problem=problem, language="sql", code="SELECT 2")
    assert grading.grade_stored(second.pk) is None
    assert queued.queues == ["slow"]


def test_the_sweeper_requeues_an_overdue_slow_lane_grade_on_the_normal_queue(queued, settings):
    """If no worker serves the slow lane, the job still gets its verdict: the sweeper sends it where
    every grading worker listens."""
    from submissions.sweeper import sweep

    ada, problem = make_user("ada"), make_problem()
    spent(ada, problem, settings.SLOW_LANE_BUDGET_S + 1)
    stuck = Submission.objects.create(learner=ada, problem=problem, language="sql", code="SELECT 1")
    Submission.objects.filter(pk=stuck.pk).update(
        created_at=timezone.now() - timedelta(seconds=settings.GRADING_QUEUE_DEADLINE_S + 1))
    assert sweep().requeued == 1
    assert queued.queues == [None]


def test_a_worker_started_without_queues_serves_the_slow_lane():
    from unwind.celery import app

    assert "slow" in {queue.name for queue in app.conf.task_queues}


# -- a flood of refused requests is refused cheaply --------------------------------------------------

def test_once_refused_for_the_rate_a_session_is_refused_without_touching_the_database(
        client, ada, catalog_loaded, sent_runs, settings, django_assert_num_queries):
    settings.RATE_LIMITS = {"run": 1, "submit": 20}
    url = reverse("submissions:run", args=[3])
    assert [client.post(url, RUN).status_code for _ in range(2)] == [200, 429]
    with django_assert_num_queries(0):
        again = client.post(url, RUN)
    assert again.status_code == 429
    assert "more than 1 runs a minute" in again.content.decode()
    assert len(sent_runs) == 1


def test_an_early_refusal_of_runs_leaves_the_learners_submits_alone(client, ada, catalog_loaded, sent_runs, queued,
                                                                   settings):
    settings.RATE_LIMITS = {"run": 1, "submit": 20}
    run_url = reverse("submissions:run", args=[3])
    client.post(run_url, RUN)
    client.post(run_url, RUN)
    assert client.post(reverse("submissions:submit", args=[3]), RUN).status_code == 200


def test_an_early_refusal_is_the_refused_sessions_only(client, ada, catalog_loaded, sent_runs, settings):
    from django.test import Client

    settings.RATE_LIMITS = {"run": 1, "submit": 20}
    url = reverse("submissions:run", args=[3])
    client.post(url, RUN)
    client.post(url, RUN)
    ben = Client()
    ben.force_login(make_user("ben"))
    assert ben.post(url, RUN).status_code == 200
