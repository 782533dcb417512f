"""Submit -> verdict latency for the SQL problems, end to end through Celery and Redis, beside the bare
DuckDB time of the same queries.

    ./dev bench grade_sql [--n 40] [--workers 2]

Needs PostgreSQL and Redis on 127.0.0.1 (./dev services starts them). Uses its own database
(unwind_bench) and Redis db 14, builds the lite data into data/ if it is missing, starts a Celery
worker (prefork) as a subprocess, and submits each problem's reference N times, one at a time.
Prints p50/p95 per problem, the bare DuckDB time of the same query on every variant, and the ratio.
A synthetic heavy query (bare > 20 ms) shows the overhead where the query dominates.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "platform"), str(REPO)]
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/unwind_bench")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unwind.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

HEAVY_ID = 9001
HEAVY_SQL = """
SELECT a.security_id, count(*) AS n, avg(b.close) AS avg_close
FROM eq_daily a JOIN eq_daily b
  ON a.security_id = b.security_id AND b.trade_date BETWEEN a.trade_date - 30 AND a.trade_date
GROUP BY a.security_id
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def ensure_database() -> None:
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as con:
        if not con.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            con.execute(f'CREATE DATABASE "{name}"')


def bare_ms(sql: str, paths: list[Path], repeat: int = 15) -> float:
    """Median time of running `sql` once on every variant, on warm read-only connections."""
    import duckdb

    cons = [duckdb.connect(str(p), read_only=True) for p in paths]
    for con in cons:
        con.execute(sql).fetchall()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for con in cons:
            con.execute(sql).fetchall()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=40, help="submissions per problem")
    parser.add_argument("--workers", type=int, default=2, help="worker processes")
    args = parser.parse_args()

    import datasets

    if not (datasets.default_data_dir() / "lite" / "manifest.json").exists():
        datasets.build("lite", None, datasets.default_data_dir())
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("sync_problems", stdout=io.StringIO())
    from accounts.models import User
    from catalog.data import dataset_variants
    from catalog.models import Problem
    from submissions import actions
    from submissions.models import Submission
    from unwind.celery import app

    Problem.objects.update_or_create(id=HEAVY_ID, defaults={
        "slug": "bench-heavy", "title": "Bench: heavy self-join", "dataset_id": "D02", "difficulty": "hard",
        "topics": ["bench"], "statement_md": "bench", "statement_html": "bench", "solution_sql": HEAVY_SQL,
        "grading": {}, "version": "bench-heavy-1", "is_published": False})
    user, _ = User.objects.get_or_create(username="bench-learner")
    app.control.purge()
    env = {**os.environ, "PYTHONPATH": f"{REPO / 'platform'}:{REPO}"}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "unwind", "worker", "--concurrency", str(args.workers),
         "--loglevel", "WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        env=env, cwd=REPO, stdout=subprocess.DEVNULL,
    )
    try:
        problems = [*Problem.objects.filter(is_published=True, solution_sql__gt=""), Problem.objects.get(id=HEAVY_ID)]

        def submit_and_wait(problem) -> tuple[float, str]:
            t0 = time.perf_counter()
            pk = actions.submit(user, problem, problem.solution_sql, "sql").pk
            while True:
                row = Submission.objects.filter(pk=pk).values_list("status", "verdict").first()
                if row[0] == "DONE":
                    return (time.perf_counter() - t0) * 1000, row[1]
                time.sleep(0.001)

        for problem in problems:  # warm-up: connections opened, expected results cached
            for _ in range(args.workers * 2):
                submit_and_wait(problem)
        print(f"submit -> verdict, {args.n} sequential submissions per problem, lite data, "
              f"{args.workers} worker processes, Redis + PostgreSQL")
        print(f"{'problem':<42} {'p50 ms':>8} {'p95 ms':>8} {'bare ms':>8} {'p50/bare':>9}  verdicts")
        for problem in problems:
            results = [submit_and_wait(problem) for _ in range(args.n)]
            latencies = [r[0] for r in results]
            verdicts = {v for _, v in results}
            bare = bare_ms(problem.solution_sql, [v.path for v in dataset_variants(problem.dataset_id)])
            p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
            name = f"{problem.id}. {problem.title}"[:42]
            print(f"{name:<42} {p50:8.1f} {p95:8.1f} {bare:8.2f} {p50 / bare:9.1f}  {','.join(sorted(verdicts))}")
        print("bare = the same query on every variant (visible + hidden) on warm DuckDB connections")
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        Submission.objects.filter(learner=user).delete()


if __name__ == "__main__":
    main()
