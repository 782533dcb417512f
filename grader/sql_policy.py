"""Which SQL a learner may run: exactly one read-only query.

This is the first of several layers: the connection is also read-only, has external access off and
its configuration locked, so a statement that slipped past this check still could not write or reach
out. Rejecting early gives the learner a clear reason instead of a permission error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

_ALLOWED = {duckdb.StatementType.SELECT}
_COMMENTS = re.compile(r"--[^\n]*|/\*.*?\*/", re.S)
_EXPLAIN = re.compile(r"^\s*EXPLAIN\s+(?:\(\s*)?(?:ANALY[SZ]E\s*\)?\s*)?", re.I)

_WHY = {
    duckdb.StatementType.COPY: "COPY reads or writes files",
    duckdb.StatementType.ATTACH: "ATTACH opens other databases",
    duckdb.StatementType.DETACH: "DETACH changes the attached databases",
    duckdb.StatementType.LOAD: "INSTALL and LOAD add extensions",
    duckdb.StatementType.SET: "SET and RESET change the connection's settings",
    duckdb.StatementType.VARIABLE_SET: "SET VARIABLE changes the session",
    duckdb.StatementType.PRAGMA: "PRAGMA changes or inspects the engine",
    duckdb.StatementType.EXPORT: "EXPORT DATABASE writes files",
    duckdb.StatementType.CREATE: "CREATE changes the database",
    duckdb.StatementType.INSERT: "INSERT changes the data",
    duckdb.StatementType.UPDATE: "UPDATE changes the data",
    duckdb.StatementType.DELETE: "DELETE changes the data",
}


class SqlSyntaxError(ValueError):
    """The learner's SQL does not parse; the message is DuckDB's."""


@dataclass(frozen=True)
class PolicyDecision:
    allowed: bool
    reason: str = ""


def _check_explained(code: str) -> PolicyDecision:
    """EXPLAIN ANALYZE runs what it explains: allow EXPLAIN only in front of a query."""
    inner = _EXPLAIN.sub("", _COMMENTS.sub(" ", code), count=1)
    try:
        kinds = [s.type for s in duckdb.extract_statements(inner)]
    except duckdb.Error:
        kinds = []
    if kinds == [duckdb.StatementType.SELECT]:
        return PolicyDecision(True)
    return PolicyDecision(False, "EXPLAIN is allowed only in front of one read-only query.")


def check_sql(code: str) -> PolicyDecision:
    """Decide whether `code` is one read-only query. Raises SqlSyntaxError when it does not parse."""
    try:
        statements = duckdb.extract_statements(code)
    except duckdb.Error as exc:
        raise SqlSyntaxError(str(exc)) from None
    if not statements:
        return PolicyDecision(False, "There is no SQL statement to run.")
    if len(statements) > 1:
        return PolicyDecision(
            False, f"Submit exactly one query; this has {len(statements)} statements separated by ';'."
        )
    kind = statements[0].type
    if kind == duckdb.StatementType.EXPLAIN:
        return _check_explained(code)
    if kind in _ALLOWED:
        return PolicyDecision(True)
    why = _WHY.get(kind, f"{kind.name} statements are not read-only queries")
    return PolicyDecision(False, f"Only one read-only query (SELECT, WITH, FROM …) is allowed: {why}.")
