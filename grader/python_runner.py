"""Runs learner Python on a dataset's tables (as pandas DataFrames) and returns its `result`.

This module executes code in the current process: the grader calls it only inside a sandboxed child
(grader.sandbox), or in-process when a developer explicitly allowed running unsandboxed.
"""

from __future__ import annotations

import sys
import time
import traceback
from pathlib import Path
from typing import Any

import numpy as np

from grader.error_class import python_class
from grader.job import RunResult
from grader.limits import DEFAULT_LIMITS, Limits
from grader.python_policy import FILENAME, PolicyViolation, compile_learner_code, learner_globals
from grader.table import ResultTable
from grader.verdicts import Verdict

# ndarray.mean(), .std(), .var() ... import numpy's helpers on first call through the caller's
# __import__, which in learner code is the guarded one: call them once here so numpy caches them.
_warm = np.arange(3.0)
for _method in ("mean", "std", "var", "sum", "prod", "min", "max", "any", "all", "cumsum", "round"):
    getattr(_warm, _method)()
del _warm, _method

RESULT_HINT = "Set `result` to a DataFrame, a Series or a single value."


def load_tables(database: Path) -> dict[str, Any]:
    """Every table of a dataset's DuckDB file as a DataFrame; the connection is closed before returning."""
    import duckdb

    con = duckdb.connect(str(database), read_only=True, config={"enable_external_access": False})
    try:
        names = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        return {name: con.table(name).df() for name in names}
    finally:
        con.close()


def run_python(code: str, tables: dict[str, Any], limits: Limits = DEFAULT_LIMITS, *,
               restricted: bool = True) -> RunResult:
    """Execute `code` with `tables` in scope and turn its `result` into a table."""
    started = time.perf_counter()

    def done(status: str, **kw: Any) -> RunResult:
        return RunResult(status=status, elapsed_ms=(time.perf_counter() - started) * 1000, **kw)

    if len(code.encode("utf-8", "surrogatepass")) > limits.max_code_bytes:
        return done(Verdict.REJECTED.value, error=f"Code is larger than {limits.max_code_bytes // 1024} KB.")
    try:
        compiled = compile_learner_code(code, restricted)
    except PolicyViolation as exc:
        return done(Verdict.REJECTED.value, error=str(exc))
    except SyntaxError as exc:
        return done(Verdict.ERROR.value, error=_syntax_message(exc), error_class="SyntaxError")
    printed: list[str] = []
    scope = learner_globals({k: v.copy(deep=False) for k, v in tables.items()}, restricted, printed)
    old_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(3000)
    try:
        exec(compiled, scope)
    except MemoryError:
        return done(Verdict.MEMORY_LIMIT.value, error=f"Your code needed more than {limits.memory_mb} MB.")
    except RecursionError:
        return done(Verdict.ERROR.value, error="RecursionError: maximum recursion depth exceeded",
                    error_class="RecursionError")
    except (PolicyViolation, ImportError) as exc:
        return done(Verdict.REJECTED.value, error=_learner_traceback(exc), error_class=python_class(exc))
    except BaseException as exc:  # SystemExit and KeyboardInterrupt included: learner code raised them
        return done(Verdict.ERROR.value, error=_learner_traceback(exc), error_class=python_class(exc))
    finally:
        sys.setrecursionlimit(old_limit)
    value = scope.get("result")
    if value is None:
        return done(Verdict.ERROR.value, error=f"`result` is not set. {RESULT_HINT}")
    try:
        table = ResultTable.from_value(value)
    except MemoryError:
        return done(Verdict.MEMORY_LIMIT.value, error=f"Your result needed more than {limits.memory_mb} MB.")
    except (TypeError, ValueError) as exc:
        return done(Verdict.ERROR.value, error=f"{exc} {RESULT_HINT}", error_class=python_class(exc))
    truncated = len(table.rows) > limits.max_rows
    if truncated:
        table = ResultTable(table.columns, table.rows[: limits.max_rows])
    return done("ok", table=table, truncated=truncated)


def _learner_traceback(exc: BaseException) -> str:
    """Only the frames of the learner's own code, with their line numbers, then the error."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == FILENAME]
    lines = ["Traceback (your code):"] + [f"  line {f.lineno}, in {f.name}" for f in frames[-5:]]
    lines.append("".join(traceback.format_exception_only(type(exc), exc)).strip())
    return "\n".join(lines)


def _syntax_message(exc: SyntaxError) -> str:
    if exc.lineno:
        return f"SyntaxError: {exc.msg} (line {exc.lineno})"
    return str(exc)
