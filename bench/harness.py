"""Shared set-up for the end-to-end grading benchmarks: a bench database, the lite data, a real
Celery worker on Redis, and a timed submit -> verdict loop. Not a test: it prints figures."""

from __future__ import annotations

import contextlib
import io
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "platform"), str(REPO)]
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/unwind_bench")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unwind.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def median(values: list[float]) -> float:
    return statistics.median(values)


def setup() -> None:
    """Build lite data if missing, create and migrate the bench database, sync the problems."""
    import psycopg

    import datasets

    root = datasets.default_data_dir()
    built = set(datasets.load_manifest(root, "lite").datasets) if (root / "lite" / "manifest.json").exists() else set()
    if built < {info.id for info in datasets.catalog()}:  # missing, or older than the newest datasets
        datasets.build("lite", None, root)
    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as con:
        if not con.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            con.execute(f'CREATE DATABASE "{name}"')
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("sync_problems", stdout=io.StringIO())


@contextlib.contextmanager
def worker(processes: int, slow_lane: bool = False) -> Iterator[None]:
    """A real `celery worker` (prefork) on the bench broker, stopped afterwards. With `slow_lane`, as
    in production: the grading worker takes every queue but "slow", and a second one-process worker
    takes the slow lane (submissions/fairness.py)."""
    from unwind.celery import app

    app.control.purge()
    env = {**os.environ, "PYTHONPATH": f"{REPO / 'platform'}:{REPO}"}
    base = [sys.executable, "-m", "celery", "-A", "unwind", "worker", "--loglevel", "ERROR",
            "--without-gossip", "--without-mingle", "--without-heartbeat"]
    commands = [[*base, "--concurrency", str(processes)]]
    if slow_lane:
        commands = [commands[0] + ["-Q", "celery,runs,datasets", "-n", "grading@%h"],
                    [*base, "--concurrency", "1", "-Q", "slow", "-n", "slow@%h"]]
    procs = [subprocess.Popen(command, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for command in commands]
    try:
        yield
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=60)


def submit_and_wait(user, problem, code: str, language: str) -> tuple[float, str]:
    """Milliseconds from submit() to a final verdict in the database, and the verdict."""
    from submissions import actions
    from submissions.models import Submission

    t0 = time.perf_counter()
    pk = actions.submit(user, problem, code, language).pk
    while True:
        status, verdict = Submission.objects.filter(pk=pk).values_list("status", "verdict").get()
        if status == "DONE":
            return (time.perf_counter() - t0) * 1000, verdict
        time.sleep(0.001)


def bench_user():
    from accounts.models import User

    user, _ = User.objects.get_or_create(username="bench-learner")
    return user


def forget(user) -> None:
    from submissions.models import Submission

    Submission.objects.filter(learner=user).delete()


def median_ms(action, repeat: int) -> float:
    """Median wall time of `action()` over `repeat` calls, in milliseconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        action()
        times.append((time.perf_counter() - t0) * 1000)
    return median(times)


def arguments(doc: str):
    """The options every end-to-end bench takes."""
    import argparse

    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("--n", type=int, default=40, help="submissions per problem")
    parser.add_argument("--workers", type=int, default=2, help="worker processes")
    return parser.parse_args()


def bench_problem(pk: int, title: str, **fields):
    """An unpublished problem on D02 that exists only for a benchmark."""
    from catalog.models import Problem

    defaults = {"slug": f"bench-{pk}", "title": title, "dataset_id": "D02", "difficulty": "easy",
                "topics": ["bench"], "statement_md": "bench", "statement_html": "bench", "grading": {},
                "version": f"bench-{pk}-1", "is_published": False, **fields}
    return Problem.objects.update_or_create(id=pk, defaults=defaults)[0]
