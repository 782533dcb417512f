"""Fixtures shared by the grading tests: a visible and a hidden variant, and a SQL-only grader."""

import pytest

from grader import DatasetVariant, ExpectedCache, Grader
from grader.runners import Refusing
from grader.sql_runner import SqlRunner
from tests.grader.duckdb_factory import HIDDEN, VISIBLE, make_db


@pytest.fixture
def variants(tmp_path):
    """A visible variant (0) and a hidden one (1) of the small `px` table."""
    return (
        DatasetVariant(0, make_db(tmp_path / "v0.duckdb", VISIBLE), "hash-v0"),
        DatasetVariant(1, make_db(tmp_path / "v1.duckdb", HIDDEN), "hash-v1"),
    )


@pytest.fixture
def grader_():
    """A grader with an in-process SQL runner; Python is refused (not under test here)."""
    g = Grader(sql=SqlRunner(), python=Refusing("not under test"), cache=ExpectedCache())
    yield g
    g.close()
