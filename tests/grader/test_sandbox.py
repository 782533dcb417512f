"""The OS sandbox: warm processes, a fresh fork per Python run, limits, and recovery from crashes."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader import Limits, Verdict
from grader.sandbox import SandboxProcess, available
from tests.grader.duckdb_factory import VISIBLE, make_db

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not available(), reason="the OS sandbox needs bubblewrap and python3-seccomp")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return make_db(tmp_path_factory.mktemp("sandbox") / "px.duckdb", VISIBLE)


@pytest.fixture(scope="module")
def python(db):
    proc = SandboxProcess("python", (db.parent,))
    yield proc
    proc.stop()


@pytest.fixture(scope="module")
def python_unrestricted(db):
    proc = SandboxProcess("python", (db.parent,), restricted=False)
    yield proc
    proc.stop()


@pytest.fixture(scope="module")
def sql(db):
    proc = SandboxProcess("sql", (db.parent,))
    yield proc
    proc.stop()


def test_python_gets_the_tables_and_returns_its_result(python, db):
    result = python.run("result = px.groupby('ticker', as_index=False)['close'].max()", db)
    assert result.ok
    assert sorted(result.table.rows) == [("ZAAA", 10.0), ("ZBBB", 20.0)]


def test_decimals_dates_and_nulls_survive_the_trip(python, db):
    result = python.run("result = px.assign(none=None).head(1)", db)
    assert result.ok
    _, day, close, none = result.table.rows[0]
    assert str(day)[:10] == "2037-06-15"
    assert float(close) == 10.0
    assert none is None


def test_no_state_survives_from_one_run_to_the_next(python_unrestricted, db):
    assert python_unrestricted.run("import pandas\npandas.leak = 42\nresult = 1", db).ok
    result = python_unrestricted.run("import pandas\nresult = pandas.leak", db)
    assert result.status == Verdict.ERROR
    assert "leak" in result.error


def test_an_infinite_loop_gets_time_limit_and_the_next_run_works(python, db):
    result = python.run("while True:\n    pass", db, Limits(time_limit_s=1))
    assert result.status == Verdict.TIME_LIMIT
    assert python.run("result = 1", db).ok


def test_a_memory_bomb_gets_memory_limit_and_the_next_run_works(python, db):
    result = python.run("x = 'a' * (2 * 1024 ** 3)\nresult = len(x)", db, Limits(memory_mb=256))
    assert result.status == Verdict.MEMORY_LIMIT
    assert python.run("result = 1", db).ok


def test_code_that_kills_its_own_process_gets_a_verdict(python_unrestricted, db):
    result = python_unrestricted.run("import os\nos._exit(3)", db)
    assert result.status == Verdict.ERROR
    assert python_unrestricted.run("result = 1", db).ok


def test_a_sandbox_killed_from_outside_is_replaced(sql, db):
    assert sql.run("SELECT 1 AS x", db).ok
    sql.proc.kill()
    sql.proc.wait()
    result = sql.run("SELECT 2 AS x", db)
    assert result.ok
    assert result.table.rows == ((2,),)


def test_sql_runs_in_the_sandbox_with_the_runners_policy(sql, db):
    assert sql.run("COPY px TO '/tmp/x.csv'", db).status == Verdict.REJECTED
    assert sql.run("SELECT count(*) AS n FROM px", db).table.rows == ((3,),)


def test_the_sandbox_has_no_network_files_or_environment(python_unrestricted, db):
    probe = (
        "import os, socket\n"
        "out = {'env': sorted(os.environ)}\n"
        "try:\n    socket.create_connection(('127.0.0.1', 6379), timeout=1); out['net'] = 'open'\n"
        "except OSError as e:\n    out['net'] = type(e).__name__\n"
        f"out['repo'] = os.path.exists({str(REPO / 'problems')!r})\n"
        "try:\n    open('/work-canary', 'w'); out['write'] = 'ok'\n"
        "except OSError as e:\n    out['write'] = type(e).__name__\n"
        "result = str(out)\n"
    )
    result = python_unrestricted.run(probe, db)
    assert result.ok, result.error
    seen = result.table.rows[0][0]
    assert "'net': 'PermissionError'" in seen
    assert "'write': 'OSError'" in seen or "'write': 'PermissionError'" in seen
    assert "'repo': False" in seen  # problem files (with reference solutions) are not visible
    assert "SECRET" not in seen
    assert "DATABASE_URL" not in seen
