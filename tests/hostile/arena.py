"""Where hostile cases are graded, and how the suite sees whether anything got out.

A `Canary` plants what no learner may touch: a secret file outside the sandbox, a secret in the
grader's environment, and a fingerprint of every data file. An `Arena` grades a case through a real
`grader.Grader` on warm sandboxes, then checks the canaries and that the same sandboxes still grade a
known-good submission.

Each runner is wrapped in a `Tap`, which keeps the raw `RunResult` that `SandboxProcess.run` returned
(table, error text) for the very run the grader judged: the leak check reads that as well as the
verdict, without running hostile code a second time (a second run could behave differently, and
some cases break the sandbox on purpose).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader import DatasetVariant, ExpectedCache, Grader, Job, Limits, Result, RunResult, Verdict

CANARY_DIR = Path("/tmp/unwind-canary")
CANARY_ENV = "UNWIND_CANARY_SECRET"
REDIS_REPLY = "PONG"  # what Redis on 127.0.0.1:6379 answers to PING: never seen from inside

REFERENCE = "SELECT count(*) AS n FROM eq_daily"
# Bombs and loops get small limits so the suite stays fast; the reference fits easily.
LIMITS = Limits(time_limit_s=2, memory_mb=256)


class Canary:
    """The secrets and files a case must never reach, and the check that it did not."""

    def __init__(self, data_root: Path) -> None:
        self.token = f"unwind-canary-{secrets.token_hex(16)}"
        self.secret_file = CANARY_DIR / "secret.txt"
        self.watched: dict[Path, dict[str, str]] = {data_root: {}}

    def plant(self) -> None:
        self.plant_files_only()
        os.environ[CANARY_ENV] = self.token
        for root in self.watched:
            self.watch(root)

    def watch(self, root: Path) -> None:
        """Also check that nothing under `root` is added, changed or removed."""
        self.watched[root] = fingerprint(root)

    def remove(self) -> None:
        os.environ.pop(CANARY_ENV, None)
        shutil.rmtree(CANARY_DIR, ignore_errors=True)

    def secrets_in(self, texts: list[str]) -> list[str]:
        """Which secrets (the token, Redis's reply) appear in what came back."""
        return [s for s in (self.token, REDIS_REPLY) if any(s in t for t in texts)]

    def files_touched(self) -> list[str]:
        """What changed in the canary folder or under a watched root; additions are removed again."""
        problems = []
        found = {p.name for p in CANARY_DIR.iterdir()} if CANARY_DIR.is_dir() else set()
        for extra in sorted(found - {"secret.txt"}):
            problems.append(f"{CANARY_DIR / extra} appeared")
        if not self.secret_file.is_file() or self.secret_file.read_text() != self.token + "\n":
            problems.append(f"{self.secret_file} was changed or removed")
        if problems:  # put the canary back so one breach does not fail every later case
            self.plant_files_only()
        for root, before in self.watched.items():
            now = fingerprint(root)
            for path in sorted(set(now) | set(before)):
                if now.get(path) != before.get(path):
                    problems.append(f"{root / path} was added, changed or removed")
                if path not in before and (root / path).is_dir():  # remove what was added, for the same reason
                    shutil.rmtree(root / path)
                elif path not in before:
                    (root / path).unlink(missing_ok=True)
        return problems

    def plant_files_only(self) -> None:
        shutil.rmtree(CANARY_DIR, ignore_errors=True)
        CANARY_DIR.mkdir(parents=True)
        self.secret_file.write_text(self.token + "\n")


def fingerprint(root: Path) -> dict[str, str]:
    """Every file's hash and every folder under `root`, by relative path."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder"
        for p in sorted(root.rglob("*"))
    }


class Tap:
    """A runner that passes every run to a real runner and keeps the raw RunResult it got back."""

    def __init__(self, sandbox: Any) -> None:
        self.sandbox = sandbox
        self.seen: list[RunResult] = []

    def run(self, code: str, database: Path, limits: Limits | None = None) -> RunResult:
        result = self.sandbox.run(code, database, limits)
        self.seen.append(result)
        return result

    def stop(self) -> None:
        """Stop a sandbox (or close an in-process runner's connections): the next run starts afresh."""
        stop = getattr(self.sandbox, "stop", None) or getattr(self.sandbox, "close", None)
        if stop is not None:
            stop()


def texts_of(result: Result | RunResult) -> list[str]:
    """Every piece of text a learner could see from a result."""
    if isinstance(result, Result):
        return [result.message, json.dumps(result.diff, default=str)]
    table = result.table
    return [result.error or "", repr(table.columns) if table else "", repr(table.rows) if table else ""]


@dataclass
class Outcome:
    """What grading one case led to, and what the checks after it found."""

    verdict: Verdict
    message: str
    secrets_returned: list[str] = field(default_factory=list)
    files_touched: list[str] = field(default_factory=list)
    next_submission: Verdict | None = None
    next_message: str = ""

    def __str__(self) -> str:
        return (f"verdict {self.verdict} ({self.message[:300]!r}); secrets returned {self.secrets_returned}; "
                f"files touched {self.files_touched}; next submission {self.next_submission} "
                f"({self.next_message[:200]!r})")


class Arena:
    """Grades cases in one language through a Grader on fixed runners (warm sandboxes, or in-process
    SQL where that is what is under test), each behind a Tap."""

    def __init__(self, language: str, runners: dict[str, Tap], database: Path, canary: Canary,
                 known_good: str, cache: ExpectedCache) -> None:
        self.language, self.runners, self.database, self.canary = language, runners, database, canary
        self.known_good = known_good
        self.grader = Grader(sql=runners["sql"], python=runners["python"], cache=cache)

    def job(self, code: str) -> Job:
        return Job(
            code=code,
            language=self.language,
            reference=REFERENCE,
            reference_language="sql",
            variants=(DatasetVariant(0, self.database, "hostile-lite-D02-0"),),
            problem_version="hostile-suite",
            limits=LIMITS,
        )

    def submit(self, code: str) -> Outcome:
        """Grade `code`, check the canaries, then grade a known-good submission on the same sandboxes."""
        tap = self.runners[self.language]
        tap.seen.clear()
        result = self.grader.grade(self.job(code))
        texts = texts_of(result) + [t for run in tap.seen for t in texts_of(run)]
        outcome = Outcome(result.verdict, result.message, self.canary.secrets_in(texts),
                          self.canary.files_touched())
        tap.seen.clear()
        after = self.grader.grade(self.job(self.known_good))
        outcome.next_submission, outcome.next_message = after.verdict, after.message
        outcome.secrets_returned += [
            f"{s} (in the next submission's result)"
            for s in self.canary.secrets_in(texts_of(after) + [t for run in tap.seen for t in texts_of(run)])
        ]
        if after.verdict != Verdict.ACCEPTED or outcome.secrets_returned:
            self.restart()  # a broken or subverted sandbox must not spoil the cases after this one
        return outcome

    def restart(self) -> None:
        for tap in self.runners.values():
            tap.stop()
        self.grader.grade(self.job(self.known_good))
