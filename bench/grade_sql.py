"""Submit -> verdict for the SQL problems, end to end through Celery and Redis, beside the bare DuckDB
time of the same queries.

    ./dev bench grade_sql [--n 40] [--workers 2]

Needs PostgreSQL and Redis on 127.0.0.1 (./dev services starts them); uses its own database
(unwind_bench) and Redis db 14. Each problem's reference is submitted N times, one at a time, after a
warm-up. `bare` is the same query on every variant (visible + hidden) on warm in-process DuckDB
connections; a synthetic heavy query (bare > 20 ms) shows the overhead where the query dominates.
"""

from __future__ import annotations

from harness import arguments, bench_problem, bench_user, forget, median_ms, percentile, setup, submit_and_wait, worker

HEAVY_ID = 9001
HEAVY_SQL = """
SELECT a.security_id, count(*) AS n, avg(b.close) AS avg_close
FROM eq_daily a JOIN eq_daily b
  ON a.security_id = b.security_id AND b.trade_date BETWEEN a.trade_date - 30 AND a.trade_date
GROUP BY a.security_id
"""


def bare_ms(sql: str, paths: list, repeat: int = 15) -> float:
    import duckdb

    cons = [duckdb.connect(str(p), read_only=True) for p in paths]

    def once() -> None:
        for con in cons:
            con.execute(sql).fetchall()

    once()  # warm
    return median_ms(once, repeat)


def main() -> None:
    args = arguments(__doc__)
    setup()
    from catalog.data import dataset_variants
    from catalog.models import Problem

    heavy = bench_problem(HEAVY_ID, "Bench: heavy self-join", solution_sql=HEAVY_SQL)
    problems = [*Problem.objects.filter(is_published=True).exclude(solution_sql=""), heavy]
    user = bench_user()
    with worker(args.workers):
        for problem in problems:  # warm-up: sandboxes started, expected results cached
            for _ in range(args.workers * 3):
                submit_and_wait(user, problem, problem.solution_sql, "sql")
        print(f"submit -> verdict, {args.n} sequential SQL submissions per problem, lite data, "
              f"{args.workers} worker processes, Redis + PostgreSQL, sandboxed runner")
        print(f"{'problem':<44} {'p50 ms':>8} {'p95 ms':>8} {'bare ms':>8} {'p50/bare':>9}  verdicts")
        for problem in problems:
            runs = [submit_and_wait(user, problem, problem.solution_sql, "sql") for _ in range(args.n)]
            latencies = [ms for ms, _ in runs]
            bare = bare_ms(problem.solution_sql, [v.path for v in dataset_variants(problem.dataset_id)])
            p50 = percentile(latencies, 0.5)
            print(f"{f'{problem.id}. {problem.title}'[:44]:<44} {p50:8.1f} {percentile(latencies, 0.95):8.1f} "
                  f"{bare:8.2f} {p50 / bare:9.1f}  {','.join(sorted({v for _, v in runs}))}")
    print("bare = the same query on every variant (visible + hidden), warm in-process DuckDB connections")
    forget(user)


if __name__ == "__main__":
    main()
