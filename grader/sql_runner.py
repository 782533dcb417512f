"""Runs one learner query on a dataset's DuckDB file, read-only and bounded.

Connections are opened once per database file and kept warm (opening a file costs ~10 ms, a small
query ~2 ms); each run gets its own cursor so an interrupt stops only that run.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from pathlib import Path

import duckdb

from grader.error_class import sql_class
from grader.job import RunResult
from grader.limits import DEFAULT_LIMITS, Limits
from grader.sql_policy import SqlSyntaxError, check_sql
from grader.table import ResultTable
from grader.verdicts import Verdict

log = logging.getLogger(__name__)


def _hardened_config(limits: Limits) -> dict[str, object]:
    # lock_configuration must come last in effect: once set, nothing (learner's SET included) changes it.
    return {
        "enable_external_access": False,
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "allow_community_extensions": False,
        "allow_unsigned_extensions": False,
        "memory_limit": f"{limits.memory_mb}MB",
        "threads": limits.threads,
        "max_temp_directory_size": "0B",
        "temp_directory": "",  # never spill next to the dataset file
        "lock_configuration": True,
    }


class DatasetUnavailable(RuntimeError):
    """The dataset file is missing or unreadable: our fault, never the learner's."""


WARM_CONNECTIONS = 8
"""Database files kept open at once. Each open file maps memory: holding every variant of every dataset
(45 files) outgrew the SQL sandbox's address-space limit, so the least recently used is let go."""


class SqlRunner:
    """Keeps a hardened read-only connection per recently used database file and runs queries on cursors."""

    def __init__(self, limits: Limits = DEFAULT_LIMITS, warm: int = WARM_CONNECTIONS) -> None:
        self.limits = limits
        self.warm = warm
        self._connections: OrderedDict[Path, duckdb.DuckDBPyConnection] = OrderedDict()
        self._lock = threading.Lock()

    def connection(self, database: Path) -> duckdb.DuckDBPyConnection:
        """The warm connection for `database`, opened on first use."""
        database = Path(database)
        with self._lock:
            con = self._connections.get(database)
            if con is not None:
                self._connections.move_to_end(database)
            else:
                if not database.is_file():
                    raise DatasetUnavailable(f"dataset file not found: {database}")
                try:
                    con = duckdb.connect(str(database), read_only=True, config=_hardened_config(self.limits))
                except duckdb.Error as exc:
                    raise DatasetUnavailable(f"cannot open dataset file {database}: {exc}") from exc
                self._connections[database] = con
                while len(self._connections) > self.warm:
                    # Dropped, not closed: a cursor still running on it keeps it alive until it finishes.
                    self._connections.popitem(last=False)
            return con

    def close(self) -> None:
        """Close every warm connection (before a fork, or at shutdown)."""
        with self._lock:
            for con in self._connections.values():
                con.close()
            self._connections.clear()

    def run(self, code: str, database: Path, limits: Limits | None = None) -> RunResult:
        """Run `code` on `database`; every failure becomes a RunResult with a verdict's name."""
        limits = limits or self.limits
        started = time.perf_counter()

        def done(status: str, **kw: object) -> RunResult:
            return RunResult(status=status, elapsed_ms=(time.perf_counter() - started) * 1000, **kw)

        if len(code.encode("utf-8", "surrogatepass")) > limits.max_code_bytes:
            return done(Verdict.REJECTED.value, error=f"Code is larger than {limits.max_code_bytes // 1024} KB.")
        try:
            decision = check_sql(code)
        except SqlSyntaxError as exc:
            return done(Verdict.ERROR.value, error=_short(str(exc)), error_class="Parser Error")
        if not decision.allowed:
            return done(Verdict.REJECTED.value, error=decision.reason)

        cursor = self.connection(database).cursor()
        timed_out = threading.Event()

        def interrupt() -> None:
            timed_out.set()
            cursor.interrupt()

        timer = threading.Timer(limits.time_limit_s, interrupt)
        timer.daemon = True
        timer.start()
        try:
            cursor.execute(code)
            if cursor.description is None:
                return done(Verdict.REJECTED.value, error="The statement returned no result set.")
            columns = tuple(d[0] for d in cursor.description)
            rows = cursor.fetchmany(limits.max_rows + 1)
        except duckdb.InterruptException:
            return done(Verdict.TIME_LIMIT.value, error=f"The query ran longer than {limits.time_limit_s:g} s.")
        except duckdb.OutOfMemoryException:
            return done(Verdict.MEMORY_LIMIT.value, error=f"The query needed more than {limits.memory_mb} MB.")
        except duckdb.IOException as exc:
            if str(database) in str(exc):  # our file is damaged (e.g. truncated): never the learner's fault
                raise DatasetUnavailable(f"cannot read dataset file {database}: {exc}") from exc
            return done(Verdict.ERROR.value, error=_short(str(exc)), error_class=sql_class(exc))
        except duckdb.Error as exc:
            if timed_out.is_set():
                return done(Verdict.TIME_LIMIT.value, error=f"The query ran longer than {limits.time_limit_s:g} s.")
            return done(Verdict.ERROR.value, error=_short(str(exc)), error_class=sql_class(exc))
        finally:
            timer.cancel()
            cursor.close()
        truncated = len(rows) > limits.max_rows
        table = ResultTable(columns=columns, rows=tuple(rows[: limits.max_rows]))
        return done("ok", table=table, truncated=truncated)


def _short(message: str, limit: int = 2000) -> str:
    return message if len(message) <= limit else message[:limit] + " …"
