"""The process that lives inside the sandbox (`python -m grader.sandbox.server --mode sql|python`).

It speaks frames on the stdin/stdout it was started with and nothing else:
- sql: confines itself (limits, seccomp) and runs queries on warm read-only DuckDB connections;
- python: a warm zygote (pandas, numpy, duckdb imported; tables loaded, connections closed) that forks
  a fresh child per run; the child confines itself before the learner's code runs, so no learner
  ever sees another's state and a crash takes down only that child.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import math
import os
import select
import signal
import sys
import time
from collections import OrderedDict
from dataclasses import fields
from pathlib import Path
from typing import Any

from grader.job import RunResult
from grader.limits import Limits
from grader.sandbox import confine
from grader.sandbox.codec import RUN_STATUSES, FrameError, encode_table, read_frame, read_request, scrub, write_frame
from grader.verdicts import Verdict

GRACE_S = 1.0
ZYGOTE_CACHED_VARIANTS = 12
# How a child that could not send its reply says why (any other failure exits 1).
_EXIT_MEMORY, _EXIT_UNICODE = 117, 118  # a run can exit with these too: it only mislabels its own error
MAX_RESULT_BYTES = 32 * 1024 * 1024


def result_message(result: RunResult) -> dict[str, Any]:
    return {
        "status": result.status,
        "table": encode_table(result.table) if result.table is not None else None,
        "truncated": result.truncated,
        "error": result.error,
        "error_class": result.error_class,
        "elapsed_ms": result.elapsed_ms,
    }


def limits_from(message: dict[str, Any]) -> Limits:
    raw = message.get("limits") or {}
    known = {f.name for f in fields(Limits)}
    return Limits(**{k: v for k, v in raw.items() if k in known})


def serve_sql(proto_in: io.BufferedReader, proto_out: io.BufferedWriter) -> None:
    from grader.sql_runner import DatasetUnavailable, SqlRunner

    seccomp = confine.load_seccomp()
    base = Limits()
    # No CPU rlimit here: it would add up over a long-lived process; the runner's interrupt and the
    # parent's deadline bound each query instead.
    address_space = confine.current_address_space_mb() + base.memory_mb * 3 + 1024
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (address_space * 1024 * 1024,) * 2)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    confine.make_undumpable()
    confine.install_seccomp(seccomp)
    runner = SqlRunner(base)
    while True:
        message, code = read_request(proto_in)
        try:
            result = runner.run(code.decode("utf-8", "replace"), Path(message["database"]), limits_from(message))
        except DatasetUnavailable as exc:
            write_frame(proto_out, {"status": "UNAVAILABLE", "error": str(exc)})
            continue
        reply = result_message(result)
        if len(json.dumps(reply)) > MAX_RESULT_BYTES:
            reply = _failure(Verdict.REJECTED, "Your result is too large to send back (over 32 MB).", result.elapsed_ms)
        write_frame(proto_out, reply)


def serve_python(proto_in: io.BufferedReader, proto_out: io.BufferedWriter, restricted: bool) -> None:
    import numpy  # noqa: F401  (warm: every child starts with these imported)
    import pandas  # noqa: F401

    from grader.python_runner import load_tables

    seccomp = confine.load_seccomp()
    confine.make_undumpable()
    _warm_up_pandas()
    # Tables of recently used dataset variants, loaded before any fork (grading alternates variants).
    cache: OrderedDict[tuple[str, float], dict[str, Any]] = OrderedDict()
    while True:
        message, code = read_request(proto_in)
        database = Path(message["database"])
        try:
            key = (str(database), database.stat().st_mtime)
            if key in cache:
                cache.move_to_end(key)
            else:
                cache[key] = load_tables(database)
                while len(cache) > ZYGOTE_CACHED_VARIANTS:
                    cache.popitem(last=False)
        except Exception as exc:  # our data is broken, not the learner's code
            scrub(code)
            write_frame(proto_out, {"status": "UNAVAILABLE", "error": f"cannot load {database}: {exc}"})
            continue
        limits = limits_from(message)
        reply = run_in_child(code, cache[key], limits, restricted, seccomp,
                             (proto_in.fileno(), proto_out.fileno()))
        write_frame(proto_out, reply)


def _warm_up_pandas() -> None:
    """Run the operations learners use most once, here, so that pandas' lazy imports and caches are
    paid for in the zygote and every forked child inherits them."""
    import numpy as np
    import pandas as pd

    from grader.table import ResultTable

    left = pd.DataFrame({"k": [1, 2, 2], "d": pd.to_datetime(["2037-01-02", "2037-01-03", "2037-01-04"]),
                         "x": [1.0, 2.0, 3.0], "s": ["a", "b", "c"]})
    right = pd.DataFrame({"k": [1, 2], "name": ["p", "q"]})
    df = left.merge(right, on="k").sort_values(["k", "d"], ignore_index=True)
    df["prev"] = df.groupby("k")["x"].shift(1)
    df["peak"] = df.groupby("k")["x"].cummax()
    df["r"] = np.log(df["x"] / df["prev"])
    df = df.assign(w=df["x"].rolling(2).mean(), n=df["k"].astype("Int64"))
    summary = df.groupby("name", as_index=False).agg(x=("x", "sum"), d=("d", "max"))
    pivot = df.pivot_table(index="k", columns="s", values="x", aggfunc="sum")
    ResultTable.from_value(summary)
    ResultTable.from_value(pivot.reset_index())
    df.loc[df["x"].idxmin()]
    df["x"].describe()
    df.resample("D", on="d")["x"].sum()


def run_in_child(code: bytearray, tables: dict[str, Any], limits: Limits, restricted: bool, seccomp: Any,
                 protocol_fds: tuple[int, int]) -> dict[str, Any]:
    from grader.python_runner import run_python

    read_end, write_end = os.pipe()
    # Objects that exist now are shared with the child copy-on-write; keep its garbage collector off
    # them, or each collection touches (and so copies) every page the zygote owns.
    gc.freeze()
    pid = os.fork()
    if pid == 0:  # the child: confine, run, report, exit
        status = 0
        try:
            os.close(read_end)
            for fd in protocol_fds:
                os.close(fd)
            confine.set_limits(math.ceil(limits.time_limit_s) + 1,
                               confine.current_address_space_mb() + limits.memory_mb)
            confine.install_seccomp(seccomp)
            result = run_python(code.decode("utf-8", "replace"), tables, limits, restricted=restricted)
            with os.fdopen(write_end, "wb") as out:
                write_frame(out, result_message(result))
        except MemoryError:
            status = _EXIT_MEMORY
        except UnicodeError:
            status = _EXIT_UNICODE
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    os.close(write_end)
    scrub(code)  # the child has its copy; none stays here for the next learner's child to inherit
    started = time.monotonic()
    data, timed_out, too_big = _read_all(read_end, started + limits.time_limit_s + GRACE_S)
    if timed_out or too_big:
        os.kill(pid, signal.SIGKILL)
    _, wait_status = os.waitpid(pid, 0)
    elapsed_ms = (time.monotonic() - started) * 1000
    if timed_out:
        return _failure(Verdict.TIME_LIMIT, f"Your code ran longer than {limits.time_limit_s:g} s.", elapsed_ms)
    if too_big:
        return _failure(Verdict.REJECTED, "Your result is too large to send back (over 32 MB).", elapsed_ms)
    if data:
        try:
            reply = read_frame(io.BytesIO(data), MAX_RESULT_BYTES)
        except FrameError:
            reply = None
        if reply is not None:
            if reply.get("status") in RUN_STATUSES:
                return reply
            return _failure(Verdict.ERROR, "Your code produced an invalid result.", elapsed_ms)
    code = os.WEXITSTATUS(wait_status) if os.WIFEXITED(wait_status) else None
    if code == _EXIT_MEMORY:
        return _failure(Verdict.MEMORY_LIMIT, f"Your result needed more than {limits.memory_mb} MB.", elapsed_ms)
    if code == _EXIT_UNICODE:
        return _failure(Verdict.ERROR, "Your result contains text that is not valid Unicode.", elapsed_ms)
    if os.WIFSIGNALED(wait_status):
        sig = os.WTERMSIG(wait_status)
        if sig in (signal.SIGXCPU, signal.SIGKILL):
            return _failure(Verdict.TIME_LIMIT, f"Your code used more than {limits.time_limit_s:g} s of CPU.",
                            elapsed_ms)
        return _failure(Verdict.ERROR, f"Your code crashed the Python process ({signal.Signals(sig).name}); "
                        "this often means it ran out of memory.", elapsed_ms)
    return _failure(Verdict.ERROR, "Your code ended the Python process before it produced a result.", elapsed_ms)


def _read_all(fd: int, deadline: float) -> tuple[bytes, bool, bool]:
    chunks, size = [], 0
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return b"".join(chunks), True, False
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks), False, False
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_RESULT_BYTES + 8:
                return b"", False, True
    finally:
        os.close(fd)


def _failure(verdict: Verdict, error: str, elapsed_ms: float) -> dict[str, Any]:
    return {"status": verdict.value, "table": None, "truncated": False, "error": error, "elapsed_ms": elapsed_ms}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=("sql", "python"))
    parser.add_argument("--unrestricted", action="store_true", help="layer 1 off (tests of the OS layers)")
    parser.add_argument("--check", action="store_true", help="self-check: confine and report")
    args = parser.parse_args()
    if args.check:
        confine.install_seccomp(confine.load_seccomp())
        print("sandbox ok")
        return
    # Keep the protocol on private descriptors; anything printed lands on stderr, never in a frame.
    proto_in = os.fdopen(os.dup(0), "rb", buffering=0)  # unbuffered: read_request scrubs the only copy
    proto_out = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    try:
        if args.mode == "sql":
            serve_sql(proto_in, proto_out)
        else:
            serve_python(proto_in, proto_out, restricted=not args.unrestricted)
    except FrameError:
        pass  # the parent closed the channel: exit quietly


if __name__ == "__main__":
    main()
