"""Gradebook render and CSV export for a large cohort, and a regrade of 1,000 submissions.

    ./dev bench gradebook [--learners 300] [--problems 20] [--regrade 1000] [--workers 2]

Needs PostgreSQL and Redis on 127.0.0.1; uses the bench database (unwind_bench) and Redis db 14.
Seeds one instructor's cohort of N learners with an assignment of P problems and about two graded
submissions per learner and problem, then times the gradebook page and the CSV export through Django's
test client (server time). The regrade part queues one task per submission of problem 3 (the reference
itself, so every verdict is recomputed by the real grader) to real Celery workers and times the job
from start to DONE.
"""

from __future__ import annotations

import argparse
import random
import time

from harness import percentile, setup, worker

PREFIX = "bench-gb"


def seed(learners: int, n_problems: int):
    from accounts.models import User
    from catalog.models import Problem
    from submissions.models import Submission
    from teaching.models import Assignment, Cohort, Membership, ProblemSet, ProblemSetItem

    instructor, _ = User.objects.get_or_create(username=f"{PREFIX}-instructor", defaults={"role": "instructor"})
    Cohort.objects.filter(owner=instructor).delete()
    Assignment.objects.filter(problem_set__owner=instructor).delete()
    ProblemSet.objects.filter(owner=instructor).delete()
    Submission.objects.filter(learner__username__startswith=f"{PREFIX}-learner").delete()
    problems = list(Problem.objects.filter(is_published=True).order_by("id")[:n_problems])
    problem_set = ProblemSet.objects.create(title="Bench set", owner=instructor)
    ProblemSetItem.objects.bulk_create(ProblemSetItem(problem_set=problem_set, problem=p, position=i, points=10)
                                       for i, p in enumerate(problems))
    cohort = Cohort.objects.create(name="Bench cohort", owner=instructor)
    existing = {u.username: u for u in User.objects.filter(username__startswith=f"{PREFIX}-learner")}
    cast = [existing.get(f"{PREFIX}-learner-{i}") or User.objects.create(username=f"{PREFIX}-learner-{i}")
            for i in range(learners)]
    Membership.objects.bulk_create(Membership(cohort=cohort, learner=u) for u in cast)
    from django.utils import timezone

    now = timezone.now()
    assignment = Assignment.objects.create(cohort=cohort, problem_set=problem_set,
                                           opens_at=now - timezone.timedelta(days=30), due_at=now)
    rng = random.Random(3)
    rows = []
    for user in cast:
        for problem in problems:
            if rng.random() < 0.7:
                for _ in range(rng.randint(1, 3)):
                    verdict = rng.choice(["ACCEPTED", "WRONG_ANSWER", "WRONG_ANSWER", "ERROR"])
                    rows.append(Submission(learner=user, problem=problem, language="sql", code="SELECT 1",
                                           status="DONE", verdict=verdict, message=verdict))
    Submission.objects.bulk_create(rows, batch_size=5000)
    return instructor, assignment, cast


def time_get(client, url: str, n: int) -> list[float]:
    client.get(url)
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        assert client.get(url).status_code == 200
        times.append((time.perf_counter() - t0) * 1000)
    return times


def bench_regrade(assignment, cast, count: int, workers: int) -> None:
    from django.db import transaction

    from catalog.models import Problem
    from submissions.models import Submission
    from teaching import regrade
    from teaching.models import ProblemSetItem, RegradeJob

    problem = Problem.objects.get(pk=3)
    ProblemSetItem.objects.get_or_create(problem_set=assignment.problem_set, problem=problem)
    Submission.objects.filter(problem=problem, learner__in=cast).delete()
    Submission.objects.bulk_create(
        Submission(learner=cast[i % len(cast)], problem=problem, language="sql", code=problem.solution_sql,
                   status="DONE", verdict="WRONG_ANSWER") for i in range(count))
    with worker(workers):
        time.sleep(3)  # the worker's processes start and warm up before the clock starts
        t0 = time.perf_counter()
        with transaction.atomic():
            job = regrade.start(assignment, problem.pk, None)
        while RegradeJob.objects.get(pk=job.pk).status != "DONE":
            time.sleep(0.2)
        wall = time.perf_counter() - t0
    job.refresh_from_db()
    print(f"\nregrade: {job.total} submissions of problem 3 on {workers} workers in {wall:.1f} s "
          f"({job.total / wall:.1f} per second); {job.changed} verdicts changed (all should: WRONG -> ACCEPTED)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=300)
    parser.add_argument("--problems", type=int, default=20)
    parser.add_argument("--regrade", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--n", type=int, default=20, help="requests per page")
    args = parser.parse_args()
    setup()
    from django.test import Client

    from submissions.models import Submission

    instructor, assignment, cast = seed(args.learners, args.problems)
    client = Client()
    client.force_login(instructor)
    print(f"{len(cast)} learners x {assignment.problem_set.items.count()} problems, "
          f"{Submission.objects.filter(learner__in=cast).count()} submissions in the assignment\n")
    print(f"{'request':<20} {'p50 ms':>8} {'p95 ms':>8}")
    for name, url in (("gradebook page", f"/teach/assignments/{assignment.pk}/"),
                      ("CSV export", f"/teach/assignments/{assignment.pk}/gradebook.csv")):
        times = time_get(client, url, args.n)
        print(f"{name:<20} {percentile(times, 0.5):>8.1f} {percentile(times, 0.95):>8.1f}")
    if args.regrade:
        bench_regrade(assignment, cast, args.regrade, args.workers)


if __name__ == "__main__":
    main()
