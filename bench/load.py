"""Load: N simulated learners browse, Run and Submit against gunicorn, a Celery worker with two processes,
Redis and PostgreSQL, for a fixed time; every submission must reach a final verdict.

    ./dev bench load [--learners 20] [--seconds 30] [--ramp 10] [--workers 2] [--problems 6]

Needs PostgreSQL and Redis on 127.0.0.1 (./dev services starts them). Loopback only, bounded in count
and time. Uses the bench database (unwind_bench) and Redis db 12 (its own queue), starts gunicorn on a
free port (2 processes x 4 threads, as `./dev web`, keep-alive 30 s as behind a proxy, so that a
thinking learner's connection is not closed under it) and a worker, then runs one thread per learner:

    catalogue -> problem page -> Run -> Submit -> poll the status fragment after the delay it names
    (as the page does: 150 ms at first, backing off) until the verdict -> think -> again

Learners join evenly over the first --ramp seconds (100 over 10 s = 10 a second), as people arrive at a
site; all of them starting in the same millisecond would measure a thundering herd that never happens.
The figures cover the whole window, ramp included; the steady state (submissions after the ramp) is
printed as well.

Answers are a mix of correct, wrong, erroring and hostile code in SQL and Python. A few learners sign
in through the login form; the rest start with a session (a login costs ~0.5 s of PBKDF2, which would
measure password hashing, not grading). Submit -> verdict is the server's own created_at ->
finished_at; page and Run times are what the client saw. Exits 1 if any submission has no final
verdict after the drain, or if any request got a 5xx.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/12")  # before harness: a queue of our own

from harness import REPO, bench_user, forget, percentile, setup, submit_and_wait, worker

PASSWORD = "load-bench-password"
FORM_LOGINS = 3  # learners who sign in through the form
POLL_DELAY = re.compile(r'delay:(\d+)ms')
DRAIN_S = 120

# (share, language, kind, code or None for the problem's reference)
MIX = [
    (0.25, "sql", "correct", None),
    (0.15, "sql", "wrong", "SELECT 1 AS x"),
    (0.10, "sql", "error", "SELECT no_such_column FROM no_such_table"),
    (0.04, "sql", "hostile", "DELETE FROM eq_daily"),
    (0.03, "sql", "hostile", "SELECT * FROM read_csv_auto('/etc/passwd')"),
    (0.03, "sql", "hostile", "ATTACH '/tmp/x.duckdb' AS x"),
    (0.15, "python", "correct", None),
    (0.10, "python", "wrong", "result = 1"),
    (0.08, "python", "error", "result = 1 / 0"),
    (0.04, "python", "hostile", "import os\nresult = os.listdir('/')"),
    (0.03, "python", "hostile", "result = open('/etc/passwd').read()"),
]


@dataclass
class Tally:
    """What every learner thread records (appends are atomic under the GIL)."""

    pages: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    runs: list[float] = field(default_factory=list)
    seen_verdict: list[float] = field(default_factory=list)
    submitted: dict[int, tuple[str, str]] = field(default_factory=dict)  # pk -> (language, kind)
    statuses: Counter = field(default_factory=Counter)
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, status: int) -> None:
        with self.lock:
            self.requests += 1
            self.statuses[status] += 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": f"{REPO / 'platform'}:{REPO}"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "unwind.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--threads", "4", "--keep-alive", "30", "--log-level", "warning"],
        env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    import requests

    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            try:
                if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=10).ok:
                    return proc
            except requests.RequestException:  # not listening yet, or still importing
                time.sleep(0.2)
        raise SystemExit("gunicorn did not answer /healthz within 60 s")
    except BaseException:  # never leave a server behind (Ctrl-C included)
        proc.terminate()
        proc.wait(timeout=30)
        raise


def learners(n: int):
    """N bench learners, the first FORM_LOGINS with a real password; their old submissions removed."""
    from accounts.models import User
    from submissions.models import Submission

    users = []
    for i in range(n):
        user, created = User.objects.get_or_create(username=f"load-learner-{i}")
        if created and i < FORM_LOGINS:
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
        users.append(user)
    Submission.objects.filter(learner__in=users).delete()
    return users


def session_cookie(user) -> str:
    """A signed-in session for `user`, as django.contrib.auth.login would store it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def pick_problems(limit: int) -> list:
    """Up to `limit` published problems whose data is built, with both references (SQL and Python answers)."""
    from catalog.data import DataNotBuilt, dataset_variants
    from catalog.models import Problem

    chosen = []
    for problem in Problem.objects.filter(is_published=True).exclude(solution_sql="").exclude(solution_py=""):
        try:
            if all(v.path.is_file() for v in dataset_variants(problem.dataset_id)):
                chosen.append(problem)
            if len(chosen) == limit:
                break
        except DataNotBuilt:
            continue
    if not chosen:
        raise SystemExit("no problem with built data; run ./dev data")
    return chosen


class Learner(threading.Thread):
    """One simulated learner. Threads never touch the database themselves (100 threads would each
    hold a PostgreSQL connection): their sessions are made beforehand."""

    def __init__(self, index: int, user, session_key: str | None, base: str, problems: list, until: float,
                 tally: Tally, think_s: float, start_s: float):
        super().__init__(daemon=True)
        import requests

        self.index, self.user, self.session_key, self.base, self.problems = index, user, session_key, base, problems
        self.until, self.tally, self.think_s, self.start_s = until, tally, think_s, start_s
        self.rng = random.Random(index)
        self.http = requests.Session()

    def request(self, method: str, path: str, **kw):
        response = self.http.request(method, self.base + path, timeout=60, allow_redirects=False, **kw)
        self.tally.count(response.status_code)
        if response.status_code >= 500:
            self.tally.errors.append(f"{method} {path}: {response.status_code}")
        return response

    def timed(self, method: str, path: str, **kw):
        t0 = time.perf_counter()
        response = self.request(method, path, **kw)
        return response, (time.perf_counter() - t0) * 1000

    def sign_in(self) -> None:
        if self.session_key is None:
            page = self.request("GET", "/accounts/login/")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
            done = self.request("POST", "/accounts/login/", data={
                "username": self.user.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
                headers={"Referer": self.base + "/accounts/login/"})
            if done.status_code != 302:
                self.tally.errors.append(f"login of {self.user.username}: {done.status_code}")
        else:
            self.http.cookies.set("sessionid", self.session_key)

    def think(self) -> None:
        time.sleep(self.rng.uniform(0.5, 1.5) * self.think_s)

    def answer(self, problem) -> tuple[str, str, str]:
        """(language, kind, code) drawn from MIX by its shares."""
        _, language, kind, code = self.rng.choices(MIX, weights=[m[0] for m in MIX])[0]
        if code is None:
            code = problem.solution_sql if language == "sql" else problem.solution_py
        return language, kind, code

    def run(self) -> None:
        time.sleep(max(0.0, self.start_s - time.monotonic()))
        try:
            self.sign_in()
        except Exception as exc:
            self.tally.errors.append(f"learner {self.index} could not sign in: {type(exc).__name__}: {exc}")
            return
        while time.monotonic() < self.until:
            try:
                self.one_round()
            except Exception as exc:  # a failed request is a finding (reported, exit 1); the learner goes on
                self.tally.errors.append(f"learner {self.index}: {type(exc).__name__}: {exc}")
                self.think()

    def one_round(self) -> None:
        _, ms = self.timed("GET", "/")
        self.tally.pages["catalogue"].append(ms)
        problem = self.rng.choice(self.problems)
        page, ms = self.timed("GET", f"/problems/{problem.pk}/")
        self.tally.pages["problem page"].append(ms)
        token = self.http.cookies.get("csrftoken") or re.search(r'"X-CSRFToken": "([^"]+)"', page.text).group(1)
        headers = {"X-CSRFToken": token, "HX-Request": "true"}
        self.think()
        run_code = problem.solution_sql if self.rng.random() < 0.75 else "SELECT 1 AS x"
        _, ms = self.timed("POST", f"/problems/{problem.pk}/run", data={"code": run_code, "language": "sql"},
                           headers=headers)
        self.tally.runs.append(ms)
        self.think()
        language, kind, code = self.answer(problem)
        t0 = time.perf_counter()
        response = self.request("POST", f"/problems/{problem.pk}/submit", data={"code": code, "language": language},
                                headers=headers)
        found = re.search(r'id="submission-(\d+)"', response.text)
        if response.status_code != 200 or not found:
            return  # a refusal (429 rate limit, 422) is counted in the statuses
        pk = int(found.group(1))
        self.tally.submitted[pk] = (language, kind)
        while 'data-status="DONE"' not in response.text:
            if time.monotonic() > self.until + DRAIN_S:
                return
            time.sleep(int(POLL_DELAY.search(response.text).group(1)) / 1000)
            response = self.request("GET", f"/submissions/{pk}/status", headers=headers)
        self.tally.seen_verdict.append((time.perf_counter() - t0) * 1000)
        self.think()


def warm_up(base: str, problems: list, workers: int) -> None:
    """Start the sandboxes and fill the expected-result caches first: a fixed window should measure the
    steady state, not every process's first grade."""
    import requests

    user = bench_user()
    for problem in problems:
        for _ in range(workers):
            submit_and_wait(user, problem, problem.solution_sql, "sql")
            submit_and_wait(user, problem, problem.solution_py, "python")
    forget(user)
    http = requests.Session()
    http.cookies.set("sessionid", session_cookie(user))
    token = http.get(base + "/accounts/login/").cookies.get("csrftoken", "")
    for problem in problems[:8]:  # both web processes get some of these
        http.post(f"{base}/problems/{problem.pk}/run", data={"code": problem.solution_sql, "language": "sql"},
                  headers={"X-CSRFToken": token}, cookies={"csrftoken": token}, timeout=120)


def drain(pks: list[int]) -> None:
    """Wait until every submission is final (or DRAIN_S passes): a learner who left stops polling."""
    from submissions.models import Submission

    deadline = time.monotonic() + DRAIN_S
    while time.monotonic() < deadline and Submission.objects.filter(pk__in=pks).exclude(status="DONE").exists():
        time.sleep(0.5)


def line(label: str, values: list[float]) -> str:
    if not values:
        return f"  {label:<30} (none)"
    return (f"  {label:<30} n={len(values):<6} p50 {percentile(values, 0.5):8.0f} ms   "
            f"p95 {percentile(values, 0.95):8.0f} ms   p99 {percentile(values, 0.99):8.0f} ms")


def report(args, tally: Tally, elapsed_s: float, steady_from: datetime) -> int:
    from submissions.models import Submission

    rows = list(Submission.objects.filter(pk__in=list(tally.submitted)).values_list(
        "pk", "status", "verdict", "created_at", "started_at", "finished_at"))
    by_language: dict[str, list[float]] = defaultdict(list)
    steady: dict[str, list[float]] = defaultdict(list)  # created after the ramp
    waits, grades = [], []  # queued -> claimed by a worker, claimed -> verdict written
    verdicts: Counter = Counter()
    kinds: Counter = Counter()
    for pk, status, verdict, created, started, finished in rows:
        language, kind = tally.submitted[pk]
        kinds[(language, kind, verdict or status)] += 1
        if status == "DONE":
            verdicts[verdict] += 1
            by_language[language].append((finished - created).total_seconds() * 1000)
            if created >= steady_from:
                steady[language].append(by_language[language][-1])
            waits.append((started - created).total_seconds() * 1000)
            grades.append((finished - started).total_seconds() * 1000)
    not_final = sum(1 for r in rows if r[1] != "DONE")
    print(f"load: {args.learners} learners for {args.seconds:g} s (joining over the first {args.ramp:g} s, think "
          f"~{args.think:g} s), {args.problems} problems, "
          f"gunicorn 2x4, Celery {args.workers} worker processes, Redis + PostgreSQL, lite data")
    print(f"  requests {tally.requests} in {elapsed_s:.0f} s = {tally.requests / elapsed_s:.1f}/s; "
          f"submissions {len(rows)} = {len(rows) / elapsed_s:.2f}/s graded; HTTP statuses {dict(tally.statuses)}")
    for name, values in tally.pages.items():
        print(line(f"page: {name}", values))
    print(line("Run (SQL, in the web process)", tally.runs))
    for language in ("sql", "python"):
        print(line(f"submit -> verdict ({language})", by_language[language]))
    for language in ("sql", "python"):
        print(line(f"  after the ramp ({language})", steady[language]))
    print(line("  of which: waiting in queue", waits))
    print(line("  of which: grading", grades))
    print(line("submit -> verdict seen (poll)", tally.seen_verdict))
    print(f"  verdicts: {dict(sorted(verdicts.items()))}")
    print("  by answer: " + ", ".join(f"{lang}/{kind}->{v}: {n}" for (lang, kind, v), n in sorted(kinds.items())))
    print(f"  submissions without a final verdict: {not_final}")
    for error in tally.errors[:10]:
        print(f"  ERROR {error}")
    return 1 if not_final or tally.errors else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2, help="Celery worker processes")
    parser.add_argument("--ramp", type=float, default=10, help="learners join evenly over this many seconds")
    parser.add_argument("--think", type=float, default=2.0, help="mean think time between a learner's steps, s")
    parser.add_argument("--problems", type=int, default=6, help="problems the learners pick from")
    args = parser.parse_args()
    if args.learners > 500 or args.seconds > 600:
        raise SystemExit("bounded: at most 500 learners and 600 s")
    setup()
    users = learners(args.learners)
    problems = pick_problems(args.problems)
    port = free_port()
    web = start_gunicorn(port)
    tally = Tally()
    try:
        with worker(args.workers):
            warm_up(f"http://127.0.0.1:{port}", problems, args.workers)
            keys = [None if i < FORM_LOGINS else session_cookie(u) for i, u in enumerate(users)]
            started, steady_from = time.monotonic(), datetime.now(UTC) + timedelta(seconds=args.ramp)
            until = started + args.seconds
            threads = [Learner(i, u, keys[i], f"http://127.0.0.1:{port}", problems, until, tally, args.think,
                               start_s=started + args.ramp * i / len(users))
                       for i, u in enumerate(users)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=args.seconds + DRAIN_S + 30)
            elapsed = time.monotonic() - started
            drain(list(tally.submitted))
    finally:
        web.terminate()
        web.wait(timeout=30)
    sys.exit(report(args, tally, elapsed, steady_from))


if __name__ == "__main__":
    main()
