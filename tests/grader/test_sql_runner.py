"""The SQL runner: one read-only query, on a hardened connection, within limits."""

import pytest

from grader import Limits, Verdict
from grader.sql_runner import DatasetUnavailable, SqlRunner
from tests.grader.duckdb_factory import VISIBLE, make_db


@pytest.fixture
def db(tmp_path):
    return make_db(tmp_path / "px.duckdb", VISIBLE)


@pytest.fixture
def runner():
    r = SqlRunner(Limits(time_limit_s=2, memory_mb=128, max_rows=50, display_rows=10))
    yield r
    r.close()


def test_a_select_returns_columns_and_rows(runner, db):
    result = runner.run("SELECT ticker, count(*) AS n FROM px GROUP BY ticker ORDER BY ticker", db)
    assert result.ok
    assert result.table.columns == ("ticker", "n")
    assert result.table.rows == (("ZAAA", 2), ("ZBBB", 1))


def test_a_trailing_semicolon_is_fine(runner, db):
    assert runner.run("SELECT 1 AS x;", db).ok


@pytest.mark.parametrize(
    ("sql", "why"),
    [
        ("COPY px TO '/tmp/unwind-copy.csv'", "COPY"),
        ("ATTACH ':memory:' AS other", "ATTACH"),
        ("SET threads = 8", "SET"),
        ("PRAGMA database_list", "PRAGMA"),
        ("INSTALL httpfs", "INSTALL"),
        ("LOAD httpfs", "LOAD"),
        ("CREATE TABLE t AS SELECT 1", "CREATE"),
        ("DELETE FROM px", "DELETE"),
        ("EXPORT DATABASE '/tmp/unwind-export'", "EXPORT"),
        ("SELECT 1; SELECT 2", "exactly one query"),
    ],
)
def test_anything_but_one_read_only_query_is_rejected_with_a_reason(runner, db, sql, why):
    result = runner.run(sql, db)
    assert result.status == Verdict.REJECTED
    assert why in result.error


def test_reading_files_through_a_query_is_refused_by_the_connection(runner, db, tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("a\n42\n")
    result = runner.run(f"SELECT * FROM read_csv('{secret}')", db)
    assert result.status == Verdict.ERROR
    assert "disabled by configuration" in result.error


def test_a_syntax_error_is_the_learners_error_with_duckdbs_message(runner, db):
    result = runner.run("SELEC 1", db)
    assert result.status == Verdict.ERROR
    assert "syntax error" in result.error.lower()


def test_an_unknown_table_is_an_error_not_a_crash(runner, db):
    result = runner.run("SELECT * FROM no_such_table", db)
    assert result.status == Verdict.ERROR
    assert "no_such_table" in result.error


def test_a_query_over_the_time_limit_is_interrupted(db):
    runner = SqlRunner(Limits(time_limit_s=0.3))
    result = runner.run("SELECT count(*) FROM range(1000000000000) a", db)
    assert result.status == Verdict.TIME_LIMIT
    assert result.elapsed_ms < 3000
    assert runner.run("SELECT 1 AS still_works", db).ok


def test_a_query_over_the_memory_limit_gets_memory_limit(db):
    runner = SqlRunner(Limits(memory_mb=64, time_limit_s=20))
    result = runner.run("SELECT list(i) FROM range(50000000) r(i), range(4)", db)
    assert result.status == Verdict.MEMORY_LIMIT


def test_rows_beyond_the_cap_are_cut_and_flagged(runner, db):
    result = runner.run("SELECT * FROM range(1000)", db)
    assert result.ok
    assert result.truncated
    assert len(result.table.rows) == 50


def test_code_over_the_size_limit_is_rejected_before_parsing(runner, db):
    result = runner.run("SELECT 1 -- " + "x" * 70_000, db)
    assert result.status == Verdict.REJECTED


def test_settings_cannot_be_changed_even_through_a_select(runner, db):
    result = runner.run("SELECT current_setting('enable_external_access') AS v", db)
    assert result.ok
    assert result.table.rows == ((False,),)


def test_the_dataset_file_is_never_written(runner, db):
    before = db.read_bytes()
    for sql in ("DELETE FROM px", "CREATE TABLE x(a INT)", "SELECT * FROM px"):
        runner.run(sql, db)
    assert db.read_bytes() == before


def test_a_missing_dataset_file_is_our_error(runner, tmp_path):
    with pytest.raises(DatasetUnavailable):
        runner.run("SELECT 1", tmp_path / "missing.duckdb")


def test_run_result_json_has_the_cli_contract_keys(runner, db):
    data = runner.run("SELECT * FROM px ORDER BY d, ticker", db).to_jsonable(display_rows=2)
    assert set(data) == {"status", "columns", "rows", "row_count", "truncated", "error", "elapsed_ms"}
    assert data["status"] == "ok"
    assert data["row_count"] == 3
    assert len(data["rows"]) == 2
    assert data["truncated"] is True
    assert data["rows"][0][1] == "2037-06-15"


def test_only_the_most_recently_used_databases_stay_open(tmp_path):
    runner = SqlRunner(warm=2)
    paths = [make_db(tmp_path / f"v{i}.duckdb", VISIBLE) for i in range(3)]
    for path in paths:
        assert runner.run("SELECT count(*) AS n FROM px", path).ok
    assert list(runner._connections) == paths[1:]
    assert runner.run("SELECT count(*) AS n FROM px", paths[0]).ok  # reopened on demand
    runner.close()
