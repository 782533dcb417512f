"""Submit -> verdict for Python answers, end to end through Celery, Redis and the sandbox, beside a
plain in-process exec of the same code, and the cost of a cold start (a fresh interpreter importing
pandas) for comparison.

    ./dev bench grade_python [--n 40] [--workers 2]

Each problem's Python reference is submitted N times, one at a time, after a warm-up. A synthetic
"pandas groupby" problem is the issue's yardstick (target: p50 <= 80 ms over all variants).
"""

from __future__ import annotations

import subprocess
import sys

from harness import arguments, bench_problem, bench_user, forget, median_ms, percentile, setup, submit_and_wait, worker

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
    def once() -> None:
        for t in tables:
            exec(compiled, {"pd": pd, "np": np, "math": math, **t})

    return median_ms(once, repeat)


def cold_start_ms(repeat: int = 5) -> float:
    return median_ms(lambda: subprocess.run([sys.executable, "-c", "import pandas, numpy"], check=True), repeat)


def main() -> None:
    args = arguments(__doc__)
    setup()
    from catalog.data import dataset_variants
    from catalog.models import Problem

    groupby = bench_problem(GROUPBY_ID, "Bench: pandas groupby mean", solution_sql=GROUPBY_SQL, solution_py=GROUPBY_PY)
    problems = [*Problem.objects.filter(is_published=True).exclude(solution_py=""), groupby]
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
