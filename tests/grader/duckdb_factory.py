"""Small DuckDB files built in code, one per test need (no fixture files)."""

from __future__ import annotations

from pathlib import Path

import duckdb


def make_db(path: Path, prices: list[tuple[str, str, float]]) -> Path:
    """A database with one table `px(ticker, d, close)`."""
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE px(ticker VARCHAR, d DATE, close DECIMAL(14,4))")
    con.executemany("INSERT INTO px VALUES (?, ?, ?)", prices)
    con.close()
    return path


VISIBLE = [("ZAAA", "2037-06-15", 10.0), ("ZAAA", "2037-06-16", 9.0), ("ZBBB", "2037-06-15", 20.0)]
HIDDEN = [("ZAAA", "2037-06-15", 11.0), ("ZAAA", "2037-06-16", 7.5), ("ZCCC", "2037-06-15", 30.0)]
