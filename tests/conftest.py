"""Shared fixtures: the lite data built once per session, and the rule for service-bound tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.hidden_guard import GUARD, installed

# Playwright's sync API runs an event loop in the test thread; Django must still allow its ORM there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    # Service-bound tests need DATABASE_URL (PostgreSQL) and REDIS_URL; ./dev test sets both when the
    # services are up. Outside CI they are skipped with a reason when unset; in CI they always run.
    have_services = os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get("REDIS_URL")
    if not have_services and os.environ.get("CI") != "true":
        skip = pytest.mark.skip(reason="needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL); CI runs these")
        for item in items:
            if "services" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def lite_data(tmp_path_factory) -> Path:
    """The lite profile of every dataset, built once into a temporary root."""
    import datasets

    root = tmp_path_factory.mktemp("data")
    datasets.build("lite", None, root, log=None)
    GUARD.arm(root)  # from now on every response is searched for its hidden-variant values
    return root


@pytest.fixture(scope="session", autouse=True)
def hidden_values_guard():
    with installed() as guard:
        yield guard


@pytest.fixture(autouse=True)
def no_hidden_value_in_any_response(hidden_values_guard):
    """Fails the test during which any response showed a hidden-variant value (tests/hidden_guard.py)."""
    yield
    leaks = hidden_values_guard.take()
    if leaks:
        pytest.fail("hidden-variant values in responses: " + "; ".join(f"{leak.path}: {leak.values}"
                                                                      for leak in leaks))


@pytest.fixture
def data_settings(settings, lite_data):
    """Point the site at the session's lite data."""
    settings.DATA_DIR = lite_data
    settings.DATA_PROFILE = "lite"
    return settings


@pytest.fixture
def catalog_loaded(data_settings):
    """The site's datasets and problems synced from the session's lite data, as `sync_problems` does."""
    from tests.factories import sync_catalog

    sync_catalog()


class SentGrades(list):
    """Submission ids whose grading task was sent, in order, with the priority and queue each was sent
    with (queue None: the task's own)."""

    def __init__(self):
        super().__init__()
        self.priorities: list[int | None] = []
        self.queues: list[str | None] = []

    def __call__(self, args, priority=None, queue=None, **options):
        self.append(args[0])
        self.priorities.append(priority)
        self.queues.append(queue)


@pytest.fixture
def queued(monkeypatch) -> SentGrades:
    """Grading tasks recorded instead of reaching a broker."""
    from submissions import tasks

    sent = SentGrades()
    monkeypatch.setattr(tasks.grade_submission, "apply_async", sent)
    return sent


@pytest.fixture
def runs_inline(monkeypatch) -> list[int]:
    """Runs executed in the test's thread when sent, as a worker would; the ids sent, in order."""
    from submissions import runs, tasks

    sent: list[int] = []

    def execute_now(args, **options):
        sent.append(args[0])
        runs.execute(args[0])

    monkeypatch.setattr(tasks.run_code, "apply_async", execute_now)
    return sent


@pytest.fixture
def ada(client):
    """Ada, a learner, logged in on the test client."""
    from tests.factories import make_user

    user = make_user("ada")
    client.force_login(user)
    return user


@pytest.fixture
def grading_worker(transactional_db, data_settings):
    """A real Celery worker (solo pool) on the test's transport, grading and running for the live server."""
    from celery.contrib.testing.worker import start_worker

    from unwind.celery import app

    app.control.purge()
    with start_worker(app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=30) as worker:
        yield worker
