"""A problem's Python reference agrees with its SQL reference on every variant of the lite build.

Both references are ours and trusted, so they run in-process (no sandbox): SQL through the SQL
runner, Python through the Python runner with the dataset's tables as DataFrames, the way learner
code sees them. The results must be equal under the problem's own grading options.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import datasets
from grader import compare
from grader.python_runner import load_tables, run_python
from grader.sql_runner import SqlRunner
from problems import load_all

SPECS = load_all()
BOTH = [s for s in SPECS if {"sql", "python"} <= set(s.languages)]


@pytest.fixture
def sql_runner():
    # One runner per test, closed after it: DuckDB refuses a second connection to a file that a
    # warm connection holds with another configuration, and load_tables opens its own.
    runner = SqlRunner()
    yield runner
    runner.close()


def test_problems_1_3_4_5_have_both_references():
    assert {1, 3, 4, 5} <= {s.id for s in BOTH}


@pytest.mark.parametrize("variant", datasets.VARIANTS)
@pytest.mark.parametrize("spec", BOTH, ids=lambda s: f"{s.id:03d}")
def test_python_reference_matches_the_sql_reference(spec, variant, lite_data, sql_runner):
    db = datasets.dataset_file(lite_data, "lite", spec.dataset, variant)
    py = run_python(spec.solutions["python"], load_tables(db))
    assert py.ok, py.error
    sql = sql_runner.run(spec.solutions["sql"], db)
    assert sql.ok, sql.error
    assert sql.table.rows, "an empty reference result proves nothing"
    assert not py.truncated
    assert not sql.truncated
    comparison = compare(sql.table, py.table, spec.grading)
    assert comparison.equal, comparison.message


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_stylized_facts_reference_has_every_group_and_finite_statistics(variant, lite_data):
    spec = next(s for s in SPECS if s.id == 6)
    db = datasets.dataset_file(lite_data, "lite", spec.dataset, variant)
    py = run_python(spec.solutions["python"], load_tables(db))
    assert py.ok, py.error
    frame = pd.DataFrame(py.table.rows, columns=py.table.columns).set_index(["source", "regime"])
    assert sorted(frame.index) == sorted(
        [("SIM", r) for r in ("calm", "boom", "stress", "all")] + [("SPX", "all"), ("COMP", "all")]
    )
    sim = frame.xs("SIM")
    assert sim.loc[["calm", "boom", "stress"], "n_days"].sum() == sim.loc["all", "n_days"]
    assert np.isfinite(frame.to_numpy(float)).all()
    for column in py.table.columns:
        assert f"`{column}`" in spec.statement_md
