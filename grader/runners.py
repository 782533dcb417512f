"""Which runner runs which language: sandboxed by default, and what happens where it can't be.

A runner is anything with `run(code, database, limits) -> RunResult`.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any, Protocol

from grader.job import RunResult
from grader.limits import DEFAULT_LIMITS, Limits
from grader.verdicts import Verdict

log = logging.getLogger(__name__)

# Development only: run learner Python in the grader's own process (layer 1 alone). Never in production.
UNSANDBOXED_FLAG = "UNWIND_ALLOW_UNSANDBOXED"


class Runner(Protocol):
    def run(self, code: str, database: Path, limits: Limits | None = None) -> RunResult: ...


class Refusing:
    """Stands in where a language cannot run safely here; every run says why (ours, not the learner's)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def run(self, code: str, database: Path, limits: Limits | None = None) -> RunResult:
        return RunResult(Verdict.INTERNAL_ERROR.value, error=self.reason)


class InProcessPython:
    """Development fallback: layer 1 only, in this process. Enabled only by UNWIND_ALLOW_UNSANDBOXED=1."""

    def __init__(self) -> None:
        self._tables: dict[Path, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def run(self, code: str, database: Path, limits: Limits | None = None) -> RunResult:
        from grader.python_runner import load_tables, run_python
        from grader.sql_runner import DatasetUnavailable

        database = Path(database)
        if not database.is_file():
            raise DatasetUnavailable(f"dataset file not found: {database}")
        with self._lock:
            if database not in self._tables:
                self._tables[database] = load_tables(database)
        return run_python(code, self._tables[database], limits or DEFAULT_LIMITS, restricted=True)


def default_runners(roots: tuple[Path, ...] = ()) -> dict[str, Runner]:
    """Sandboxed SQL and Python where the OS sandbox works; otherwise in-process SQL (DuckDB's own
    layers) and Python refused, unless the development flag allows it unsandboxed."""
    from grader.sandbox import SandboxProcess, SandboxUnavailable, check_available
    from grader.sql_runner import SqlRunner

    try:
        check_available()
    except SandboxUnavailable as exc:
        if os.environ.get(UNSANDBOXED_FLAG) == "1":
            log.warning("OS sandbox unavailable (%s); %s=1 runs learner code unsandboxed", exc, UNSANDBOXED_FLAG)
            return {"sql": SqlRunner(), "python": InProcessPython()}
        log.error("OS sandbox unavailable: %s; Python grading is refused", exc)
        return {"sql": SqlRunner(), "python": Refusing(
            f"Python answers cannot be graded on this server: the OS sandbox is unavailable ({exc}). "
            f"Install bubblewrap and python3-seccomp (./dev install does), or set {UNSANDBOXED_FLAG}=1 "
            "on a development machine.")}
    return {"sql": SandboxProcess("sql", roots), "python": SandboxProcess("python", roots)}
