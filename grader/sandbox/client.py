"""Parent side of a sandbox: starts the bubblewrap process, sends a request, waits with a deadline,
and replaces the process when it dies or hangs. Every request ends in a RunResult."""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import select
import signal
import subprocess
import threading
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from grader.error_class import known
from grader.job import RunResult
from grader.limits import DEFAULT_LIMITS, Limits
from grader.sandbox.codec import _HEADER, MAX_FRAME_BYTES, RUN_STATUSES, FrameError, decode_table, write_request
from grader.sandbox.launcher import bwrap_argv, bwrap_env
from grader.sql_runner import DatasetUnavailable
from grader.verdicts import Verdict

log = logging.getLogger(__name__)

# Beyond the learner's time limit: the sandbox's own grace, start-up and the round trip.
DEADLINE_SLACK_S = 3.0
START_TIMEOUT_S = 60.0


class SandboxProcess:
    """One long-lived sandboxed server (mode "sql" or "python"), restarted on demand."""

    def __init__(self, mode: str, roots: tuple[Path, ...] = (), restricted: bool = True) -> None:
        self.mode, self.restricted = mode, restricted
        self.roots: set[Path] = {Path(r).resolve() for r in roots}
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self._fresh = False
        self._lock = threading.Lock()

    def run(self, code: str, database: Path, limits: Limits | None = None) -> RunResult:
        """Run `code` on `database` in the sandbox; a dead or hung sandbox becomes a verdict, never a hang."""
        limits = limits or DEFAULT_LIMITS
        database = Path(database).resolve()
        if not database.is_file():
            raise DatasetUnavailable(f"dataset file not found: {database}")
        started = time.perf_counter()
        with self._lock:
            self._cover(database.parent)
            header = {"database": str(database), "limits": asdict(limits)}
            try:
                reply = self._request(header, code, limits.time_limit_s + DEADLINE_SLACK_S)
            except TimeoutError:
                self.stop()
                return RunResult(
                    Verdict.TIME_LIMIT.value,
                    error=f"Your code ran longer than {limits.time_limit_s:g} s.",
                    elapsed_ms=(time.perf_counter() - started) * 1000,
                )
            except (FrameError, OSError) as exc:
                log.warning("%s sandbox died: %s", self.mode, exc)
                self.stop()
                return RunResult(
                    Verdict.ERROR.value,
                    error="Your code stopped the sandbox before it produced a result (it may have run out of memory).",
                    elapsed_ms=(time.perf_counter() - started) * 1000,
                )
        if reply.get("status") == "UNAVAILABLE":
            raise DatasetUnavailable(str(reply.get("error")))
        try:
            return _run_result(reply)
        except FrameError as exc:
            # The channel is intact (a whole frame arrived); only this reply is unusable.
            log.warning("%s sandbox sent an invalid reply: %s", self.mode, exc)
            return RunResult(Verdict.ERROR.value, error="Your code produced a result that cannot be read.",
                             elapsed_ms=(time.perf_counter() - started) * 1000)

    def _cover(self, folder: Path) -> None:
        if not any(folder.is_relative_to(root) for root in self.roots):
            self.roots.add(folder)
            self.stop()  # the new folder is bound when the sandbox starts again

    def _start(self) -> subprocess.Popen[bytes]:
        args = ["--mode", self.mode] + ([] if self.restricted else ["--unrestricted"])
        self.proc = subprocess.Popen(
            bwrap_argv(args, sorted(self.roots)),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            env=bwrap_env(),
        )
        if not self.starts:
            atexit.register(self.stop)  # never leave a sandbox behind when the grader's process ends
        self.starts += 1
        self._fresh = True
        return self.proc

    def _request(self, header: dict[str, Any], code: str, timeout: float) -> dict[str, Any]:
        proc = self.proc if self.proc and self.proc.poll() is None else self._start()
        write_request(proc.stdin, header, code)
        # A fresh process imports pandas first: allow for that on top of the run's own deadline.
        deadline = time.monotonic() + timeout + (START_TIMEOUT_S if self._fresh else 0.0)
        fd = proc.stdout.fileno()
        (size,) = _HEADER.unpack(_read_exact(fd, _HEADER.size, deadline))
        if size > MAX_FRAME_BYTES:
            raise FrameError(f"reply of {size} bytes is too large")
        reply = _json(_read_exact(fd, size, deadline))
        self._fresh = False
        return reply

    def stop(self) -> None:
        """Kill the sandbox (its whole process group) and reap it."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        for stream in (proc.stdin, proc.stdout):
            if stream:
                stream.close()


def _read_exact(fd: int, n: int, deadline: float) -> bytes:
    chunks, remaining = [], n
    while remaining:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            raise FrameError("sandbox closed the channel")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _json(body: bytes) -> dict[str, Any]:
    import json

    try:
        message = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FrameError(f"malformed reply: {exc}") from None
    if not isinstance(message, dict):
        raise FrameError("a reply must be a JSON object")
    return message


def _run_result(reply: dict[str, Any]) -> RunResult:
    status = reply.get("status")
    if status not in RUN_STATUSES:
        raise FrameError(f"a run cannot report {status!r}")
    table = decode_table(reply["table"]) if reply.get("table") is not None else None
    if status == "ok" and table is None:
        raise FrameError("an ok reply needs a table")
    error, error_class = reply.get("error"), reply.get("error_class")
    return RunResult(
        status=status,
        table=table,
        truncated=bool(reply.get("truncated")),
        error=str(error)[:4000] if error is not None else None,
        elapsed_ms=float(reply.get("elapsed_ms") or 0.0),
        error_class=error_class if known(error_class) else None,  # a name that could carry data is dropped
    )
