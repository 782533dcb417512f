"""Load: N simulated learners browse, Run and Submit against gunicorn, a Celery worker with two processes,
Redis and PostgreSQL, for a fixed time; every submission must reach a final verdict.

    ./dev bench load [--learners 20] [--seconds 30] [--ramp 10] [--workers 2] [--problems 6] [--calm-only]

Needs PostgreSQL and Redis on 127.0.0.1 (./dev services starts them). Loopback only, bounded in count
and time. Uses the bench database (unwind_bench) and Redis db 12 (its own queue), starts gunicorn on a
free port (2 processes x 4 threads, as `./dev web`, keep-alive 30 s as behind a proxy, so that a
thinking learner's connection is not closed under it) and a worker, then runs one thread per learner:

    catalogue -> problem page -> Run -> Submit -> poll the status fragment after the delay it names
    (as the page does: 150 ms at first, backing off) until the verdict -> think -> again

A Run's answer is either its result or a fragment that polls for it (hx-get with a load delay, when Run
executes on the workers); either way the Run is timed until its result is on screen (`settle`).

Two phases of --seconds each, the same learners in both: calm, then the same again plus one abusive
learner, a script on one account that keeps --abuser-runs heavy Runs (a cross join that runs until the
time limit) and --abuser-submits streams of heavy submits going, each the moment the last was answered,
honouring nothing (no think time, no polling of its submissions; a refusal, 429, is retried after
--abuser-pause). The last table sets the other learners' page, Run and verdict times of the two phases
side by side with their ratio (goal: under 2x), and the abuser's accepted and refused requests. It
reports; it does not assert on time.

Learners join evenly over the first --ramp seconds (100 over 10 s = 10 a second), as people arrive at a
site; all of them starting in the same millisecond would measure a thundering herd that never happens.
The figures cover the whole window, ramp included; the steady state (submissions after the ramp) is
printed as well.

Answers are a mix of correct, wrong, erroring and hostile code in SQL and Python. A few learners sign
in through the login form; the rest start with a session (a login costs ~0.5 s of PBKDF2, which would
measure password hashing, not grading). Submit -> verdict is the server's own created_at ->
finished_at; page and Run times are what the client saw. Exits 1 if any submission (the abuser's
included) has no final verdict after the drain, or if any request got a 5xx.
"""

from __future__ import annotations

import argparse
import html
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
# A fragment that polls itself, as htmx would: a Run or a submission still in progress.
POLLING = re.compile(r'hx-get="([^"]+)"\s+hx-trigger="load delay:(\d+)ms"')
DRAIN_S = 120

# The abuser's work: each runs until the time limit, whatever the data's size (on full data a two-way
# join of eq_daily is enough; on lite data it takes a second, so three ways).
HEAVY = [("sql", "SELECT count(*) AS n FROM eq_daily a, eq_daily b, eq_daily c WHERE a.close * b.close > c.close"),
         ("python", "while True:\n    pass")]

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
    outcomes: Counter = field(default_factory=Counter)  # the abuser's ("run" | "submit", "accepted" | "refused")
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
    from django.utils.module_loading import import_string

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    # The first backend that can load a user from a session (axes's comes first and only checks lock-outs).
    session[BACKEND_SESSION_KEY] = next(path for path in settings.AUTHENTICATION_BACKENDS
                                        if hasattr(import_string(path), "get_user"))
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def pick_problems(limit: int, table: str | None = None) -> list:
    """Up to `limit` published problems whose data is built, with both references (SQL and Python answers),
    and if `table` is given, on a dataset that has it."""
    from catalog.data import DataNotBuilt, dataset_variants
    from catalog.models import Problem

    chosen = []
    for problem in (Problem.objects.filter(is_published=True).exclude(solution_sql="").exclude(solution_py="")
                    .select_related("dataset")):
        if table and table not in {t.get("name") for t in problem.dataset.tables}:
            continue
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

    def settle(self, response, headers: dict):
        """The response, or while it is a fragment that polls itself, what polling it gives after the delay
        it names: the final fragment (or the last one when the drain deadline passes)."""
        while (polling := POLLING.search(response.text)) and time.monotonic() < self.until + DRAIN_S:
            time.sleep(int(polling.group(2)) / 1000)
            response = self.request("GET", html.unescape(polling.group(1)), headers=headers)
        return response

    def headers(self, page) -> dict:
        """What htmx sends with a POST from `page`."""
        token = self.http.cookies.get("csrftoken") or re.search(r'"X-CSRFToken": "([^"]+)"', page.text).group(1)
        return {"X-CSRFToken": token, "HX-Request": "true"}

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
        headers = self.headers(page)
        self.think()
        run_code = problem.solution_sql if self.rng.random() < 0.75 else "SELECT 1 AS x"
        t0 = time.perf_counter()
        self.settle(self.request("POST", f"/problems/{problem.pk}/run", data={"code": run_code, "language": "sql"},
                                 headers=headers), headers)
        self.tally.runs.append((time.perf_counter() - t0) * 1000)
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
        if POLLING.search(self.settle(response, headers).text):
            return  # past the drain deadline
        self.tally.seen_verdict.append((time.perf_counter() - t0) * 1000)
        self.think()


class Abuser(Learner):
    """One stream of the abusive learner's script: `action` ("run" or "submit") with heavy code on one
    problem, again the moment the last was answered. A Run is followed to its result (that is when the
    script's slot is free); a submission is not polled. A refusal is retried after the pause."""

    def __init__(self, action: str, pause_s: float, *args, **kw):
        super().__init__(*args, **kw)
        self.action, self.pause_s, self.page_headers = action, pause_s, None

    def think(self) -> None:
        time.sleep(self.pause_s)

    def one_round(self) -> None:
        problem = self.problems[0]
        if self.page_headers is None:
            self.page_headers = self.headers(self.request("GET", f"/problems/{problem.pk}/"))
        language, code = HEAVY[0] if self.action == "run" else self.rng.choice(HEAVY)
        t0 = time.perf_counter()
        response = self.request("POST", f"/problems/{problem.pk}/{self.action}",
                                data={"code": code, "language": language}, headers=self.page_headers)
        self.tally.outcomes[(self.action, "refused" if response.status_code == 429 else "accepted")] += 1
        if response.status_code == 429:
            self.think()
        elif self.action == "run":
            self.settle(response, self.page_headers)
            self.tally.runs.append((time.perf_counter() - t0) * 1000)
        elif found := re.search(r'id="submission-(\d+)"', response.text):
            self.tally.submitted[int(found.group(1))] = (language, "abusive")


def warm_up(base: str, problems: list, workers: int) -> None:
    """Start the sandboxes and fill the expected-result caches first: a fixed window should measure the
    steady state, not every process's first grade."""
    user = bench_user()
    for problem in problems:
        for _ in range(workers):
            submit_and_wait(user, problem, problem.solution_sql, "sql")
            submit_and_wait(user, problem, problem.solution_py, "python")
    forget(user)
    client = Learner(-1, user, session_cookie(user), base, problems, time.monotonic(), Tally(), 0, 0)
    client.sign_in()
    headers = client.headers(client.request("GET", f"/problems/{problems[0].pk}/"))
    for problem in problems[:8]:  # both web processes get some of these
        client.settle(client.request("POST", f"/problems/{problem.pk}/run",
                                     data={"code": problem.solution_sql, "language": "sql"}, headers=headers), headers)


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


@dataclass
class Phase:
    """One window of the bench: the learners' tally and, in the abusive phase, the abuser's."""

    name: str
    tally: Tally
    abuser: Tally | None
    elapsed_s: float
    steady_from: datetime


def run_phase(name: str, args, users, keys, base: str, problems: list, target=None) -> Phase:
    """The learners for args.seconds (joining over args.ramp), plus the abuser's streams on `target` if
    given; then every submission of the phase drained, so the next phase starts on an empty queue."""
    tally, abuser = Tally(), (Tally() if target else None)
    started, steady_from = time.monotonic(), datetime.now(UTC) + timedelta(seconds=args.ramp)
    until = started + args.seconds
    threads = [Learner(i, u, keys[i], base, problems, until, tally, args.think,
                       start_s=started + args.ramp * i / len(users))
               for i, u in enumerate(users)]
    if target:
        user = abuser_account()
        key = session_cookie(user)
        streams = ["run"] * args.abuser_runs + ["submit"] * args.abuser_submits
        threads += [Abuser(action, args.abuser_pause, 1000 + i, user, key, base, [target], until, abuser, 0, started)
                    for i, action in enumerate(streams)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=args.seconds + DRAIN_S + 30)
    elapsed = time.monotonic() - started
    drain(list(tally.submitted) + list(abuser.submitted if abuser else []))
    return Phase(name, tally, abuser, elapsed, steady_from)


def abuser_account():
    """The abusive learner: one account, its old submissions removed."""
    from accounts.models import User

    user, _ = User.objects.get_or_create(username="load-abuser")
    forget(user)
    return user


def not_final(pks) -> int:
    from submissions.models import Submission

    return Submission.objects.filter(pk__in=list(pks)).exclude(status="DONE").count()


def report(phase: Phase) -> dict[str, float]:
    """Print the phase's figures; return what the comparison sets side by side."""
    from submissions.models import Submission

    tally, elapsed_s, steady_from = phase.tally, phase.elapsed_s, phase.steady_from
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
    left = sum(1 for r in rows if r[1] != "DONE")
    print(f"phase: {phase.name}")
    print(f"  requests {tally.requests} in {elapsed_s:.0f} s = {tally.requests / elapsed_s:.1f}/s; "
          f"submissions {len(rows)} = {len(rows) / elapsed_s:.2f}/s graded; HTTP statuses {dict(tally.statuses)}")
    for name, values in tally.pages.items():
        print(line(f"page: {name}", values))
    print(line("Run (SQL, until its result)", tally.runs))
    for language in ("sql", "python"):
        print(line(f"submit -> verdict ({language})", by_language[language]))
    for language in ("sql", "python"):
        print(line(f"  after the ramp ({language})", steady[language]))
    print(line("  of which: waiting in queue", waits))
    print(line("  of which: grading", grades))
    print(line("submit -> verdict seen (poll)", tally.seen_verdict))
    print(f"  verdicts: {dict(sorted(verdicts.items()))}")
    print("  by answer: " + ", ".join(f"{lang}/{kind}->{v}: {n}" for (lang, kind, v), n in sorted(kinds.items())))
    if phase.abuser:
        abuser = phase.abuser
        left += not_final(abuser.submitted)
        print(f"  abuser: {abuser.requests} requests, HTTP statuses {dict(abuser.statuses)}, "
              + ", ".join(f"{action} {outcome} {n}" for (action, outcome), n in sorted(abuser.outcomes.items())))
        print(line("  abuser's Run (until its result)", abuser.runs))
    print(f"  submissions without a final verdict: {left}")
    pages = [ms for values in tally.pages.values() for ms in values]
    verdict_ms = by_language["sql"] + by_language["python"]
    return {"page p50": pct(pages, 0.5), "page p95": pct(pages, 0.95), "Run p95": pct(tally.runs, 0.95),
            "verdict p50": pct(verdict_ms, 0.5), "verdict p95": pct(verdict_ms, 0.95),
            "verdict seen p95": pct(tally.seen_verdict, 0.95), "left": left}


def pct(values: list[float], q: float) -> float:
    return percentile(values, q) if values else 0.0


def compare(calm: dict, abusive: dict, abuser: Tally) -> None:
    """The other learners' figures without and with the abuser, and the ratio (goal: under 2x)."""
    print("one abusive learner: the other learners, calm vs abusive (goal: abusive under 2x calm; not asserted)")
    print(f"  {'':<42}{'calm':>10}{'abusive':>12}{'ratio':>8}")
    for key in ("page p50", "page p95", "Run p95", "verdict p50", "verdict p95", "verdict seen p95"):
        ratio = f"{abusive[key] / calm[key]:.1f}x" if calm[key] else "-"
        print(f"  {key + ' (ms)':<42}{calm[key]:>10.0f}{abusive[key]:>12.0f}{ratio:>8}")
    for action, label in (("run", "Runs"), ("submit", "submits")):
        counts = f"{abuser.outcomes[(action, 'accepted')]} / {abuser.outcomes[(action, 'refused')]}"
        print(f"  {'abuser ' + label + ' accepted / refused (429)':<42}{'-':>10}{counts:>12}")
    print(f"  {'submissions left without a verdict':<42}{calm['left']:>10}{abusive['left']:>12}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30, help="length of each phase")
    parser.add_argument("--workers", type=int, default=2, help="Celery worker processes")
    parser.add_argument("--ramp", type=float, default=10, help="learners join evenly over this many seconds")
    parser.add_argument("--think", type=float, default=2.0, help="mean think time between a learner's steps, s")
    parser.add_argument("--problems", type=int, default=6, help="problems the learners pick from")
    parser.add_argument("--calm-only", action="store_true", help="skip the phase with the abusive learner")
    parser.add_argument("--abuser-runs", type=int, default=8, help="heavy Runs the abuser keeps going at once")
    parser.add_argument("--abuser-submits", type=int, default=2, help="streams of heavy submits of the abuser")
    parser.add_argument("--abuser-pause", type=float, default=0.05, help="s before the abuser retries a 429")
    args = parser.parse_args()
    if args.learners > 500 or args.seconds > 600 or args.abuser_runs + args.abuser_submits > 50:
        raise SystemExit("bounded: at most 500 learners, 600 s and 50 abuser streams")
    setup()
    users = learners(args.learners)
    problems = pick_problems(args.problems)
    target = None if args.calm_only else pick_problems(1, table="eq_daily")[0]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    web = start_gunicorn(port)
    try:
        with worker(args.workers, slow_lane=True):
            warm_up(base, problems, args.workers)
            keys = [None if i < FORM_LOGINS else session_cookie(u) for i, u in enumerate(users)]
            phases = [run_phase("calm", args, users, keys, base, problems)]
            if target:
                phases.append(run_phase("one abusive learner", args, users, keys, base, problems, target))
    finally:
        web.terminate()
        web.wait(timeout=30)
    print(f"load: {args.learners} learners for {args.seconds:g} s a phase (joining over the first {args.ramp:g} s, "
          f"think ~{args.think:g} s), {args.problems} problems, gunicorn 2x4, Celery {args.workers} worker "
          f"processes + 1 slow-lane process, Redis + PostgreSQL, lite data"
          + ("" if not target else f"; abuser: {args.abuser_runs} Runs and {args.abuser_submits} submit streams "
             f"on problem {target.pk}"))
    figures = [report(phase) for phase in phases]
    if target:
        compare(figures[0], figures[1], phases[1].abuser)
    errors = [e for phase in phases for t in (phase.tally, phase.abuser) if t for e in t.errors]
    for error in errors[:10]:
        print(f"  ERROR {error}")
    sys.exit(1 if errors or any(f["left"] for f in figures) else 0)


if __name__ == "__main__":
    main()
