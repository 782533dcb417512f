"""Submit -> verdict for Python answers, end to end through Celery, Redis and the sandbox, beside a
plain in-process exec of the same code, and the cost of a cold start (a fresh interpreter importing
pandas) for comparison.

    ./dev bench grade_python [--n 40] [--workers 2]

Each problem's Python reference is submitted N times, one at a time, after a warm-up. A synthetic
"pandas groupby" problem is the issue's yardstick (target: p50 <= 80 ms over all variants).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from harness import bench_user, forget, median, percentile, setup, submit_and_wait, worker

GROUPBY_ID = 9002
GROUPBY_SQL = "SELECT security_id, avg(close) AS close FROM eq_daily GROUP BY security_id"
GROUPBY_PY = "result = eq_daily.groupby('security_id', as_index=False)['close'].mean()"


def exec_ms(code: str, paths: list, repeat: int = 15) -> float:
    """Median time of a plain exec of `code` on every variant, tables already loaded in this process."""
    import math

    import numpy as np
    import pandas as pd

    from grader.python_runner import load_tables

    tables = [load_tables(p) for p in paths]
    compiled = compile(code, "<bench>", "exec")
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for t in tables:
            exec(compiled, {"pd": pd, "np": np, "math": math, **t})
        times.append((time.perf_counter() - t0) * 1000)
    return median(times)


def cold_start_ms(repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import pandas, numpy"], check=True)
        times.append((time.perf_counter() - t0) * 1000)
    return median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=40, help="submissions per problem")
    parser.add_argument("--workers", type=int, default=2, help="worker processes")
    args = parser.parse_args()
    setup()
    from catalog.data import dataset_variants
    from catalog.models import Problem

    Problem.objects.update_or_create(id=GROUPBY_ID, defaults={
        "slug": "bench-groupby", "title": "Bench: pandas groupby mean", "dataset_id": "D02",
        "difficulty": "easy", "topics": ["bench"], "statement_md": "bench", "statement_html": "bench",
        "solution_sql": GROUPBY_SQL, "solution_py": GROUPBY_PY, "grading": {}, "version": "bench-groupby-1",
        "is_published": False})
    problems = [*Problem.objects.filter(is_published=True).exclude(solution_py=""), Problem.objects.get(id=GROUPBY_ID)]
    user = bench_user()
    with worker(args.workers):
        for problem in problems:
            for _ in range(args.workers * 3):
                submit_and_wait(user, problem, problem.solution_py, "python")
        print(f"submit -> verdict, {args.n} sequential Python submissions per problem, lite data, "
              f"{args.workers} worker processes, Redis + PostgreSQL, sandbox (fork per run)")
        print(f"{'problem':<44} {'p50 ms':>8} {'p95 ms':>8} {'exec ms':>8} {'p50/exec':>9}  verdicts")
        for problem in problems:
            runs = [submit_and_wait(user, problem, problem.solution_py, "python") for _ in range(args.n)]
            latencies = [ms for ms, _ in runs]
            plain = exec_ms(problem.solution_py, [v.path for v in dataset_variants(problem.dataset_id)])
            p50 = percentile(latencies, 0.5)
            print(f"{f'{problem.id}. {problem.title}'[:44]:<44} {p50:8.1f} {percentile(latencies, 0.95):8.1f} "
                  f"{plain:8.2f} {p50 / plain:9.1f}  {','.join(sorted({v for _, v in runs}))}")
    print("exec = a plain in-process exec of the same code on every variant (visible + hidden)")
    print(f"cold start (fresh interpreter importing pandas and numpy), median of 5: {cold_start_ms():.0f} ms")
    forget(user)


if __name__ == "__main__":
    main()
