"""Server time and SQL queries of the learner's pages, with PostgreSQL, on a populated catalogue.

    ./dev bench pages [--n 60] [--learners 300]

Needs PostgreSQL (and Redis for the cache) on 127.0.0.1; uses the bench database (unwind_bench).
Seeds a cast of learners with graded submissions so acceptance rates, solver counts and the dashboard
have data, then requests each page N times through Django's test client in this process (server time:
middleware, views, queries and templates; no network). Prints p50/p95 and the queries per request.
"""

from __future__ import annotations

import argparse
import random
import time

from harness import percentile, setup

PAGES = [
    ("catalogue", "/"),
    ("catalogue, filtered", "/?difficulty=medium&status=tried&q=return"),
    ("problem page", "/problems/3/"),
    ("dashboard", "/progress/"),
    ("dataset page", "/datasets/D03/"),
    ("datasets + ER view", "/datasets/"),
    ("path", "/paths/sell-off-day-by-day/"),
    ("my submissions", "/submissions/"),
]


def seed(learners: int) -> object:
    """Learners with submissions over every problem (once per bench database); returns the measured one."""
    from accounts.models import User
    from catalog.models import Problem
    from submissions.models import Submission

    me, created = User.objects.get_or_create(username="bench-pages-learner")
    if not created and Submission.objects.filter(learner=me).exists():
        return me
    rng = random.Random(7)
    problems = list(Problem.objects.filter(is_published=True))
    cast = [me] + [User.objects.get_or_create(username=f"bench-pages-{i}")[0] for i in range(learners)]
    rows = []
    for user in cast:
        for problem in rng.sample(problems, k=min(len(problems), rng.randint(3, 15))):
            for _ in range(rng.randint(1, 4)):
                verdict = rng.choice(["ACCEPTED", "WRONG_ANSWER", "WRONG_ANSWER", "ERROR"])
                rows.append(Submission(learner=user, problem=problem, language="sql", code="SELECT 1",
                                       status="DONE", verdict=verdict, message=verdict, elapsed_ms=40.0))
    Submission.objects.bulk_create(rows, batch_size=2000)
    return me


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=60, help="requests per page")
    parser.add_argument("--learners", type=int, default=300, help="learners in the seeded cast")
    args = parser.parse_args()
    setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from catalog.models import Problem
    from submissions.models import Submission

    me = seed(args.learners)
    client = Client()
    client.force_login(me)
    print(f"{Problem.objects.filter(is_published=True).count()} problems, "
          f"{Submission.objects.count()} submissions; {args.n} requests per page after a warm-up\n")
    print(f"{'page':<22} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for name, url in PAGES:
        for _ in range(3):  # warm: template loaders, the data cache, connection
            assert client.get(url).status_code == 200, url
        times = []
        for _ in range(args.n):
            t0 = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        print(f"{name:<22} {percentile(times, 0.5):>8.1f} {percentile(times, 0.95):>8.1f} {len(queries):>8}")


if __name__ == "__main__":
    main()
