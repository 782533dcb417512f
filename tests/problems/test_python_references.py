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


# Problem 6 has only a Python reference: check it against the statement's formulas, computed
# independently in DuckDB SQL (kurtosis() is the bias-corrected estimator the statement defines).
STYLIZED_SQL = """
WITH stocks AS (
    SELECT security_id FROM securities
    WHERE venue = 'NXS' AND asset_class = 'EQ' AND underlying_id IS NULL
),
adj AS (
    SELECT d.security_id, d.trade_date, d.close,
           COALESCE((SELECT SUM(cash) FROM corporate_actions a WHERE a.security_id = d.security_id
                     AND a.ex_date = d.trade_date AND a.action_type = 'DIV'), 0) AS cash,
           COALESCE((SELECT PRODUCT(ratio) FROM corporate_actions a WHERE a.security_id = d.security_id
                     AND a.ex_date = d.trade_date AND a.action_type IN ('SPLIT', 'RSPLIT')), 1) AS ratio
    FROM eq_daily d JOIN stocks USING (security_id)
),
stock_ret AS (
    SELECT trade_date,
           (close + cash) * ratio / LAG(close) OVER (PARTITION BY security_id ORDER BY trade_date) - 1 AS r
    FROM adj
),
sim AS (
    SELECT trade_date, LN(1 + AVG(r)) AS r FROM stock_ret WHERE r IS NOT NULL GROUP BY trade_date
),
real AS (
    SELECT index_code AS source, trade_date,
           LN(adj_close / LAG(adj_close) OVER (PARTITION BY index_code ORDER BY trade_date)) AS r
    FROM real_index_daily
),
grouped AS (
    SELECT 'SIM' AS source,
           CASE WHEN trade_date <= DATE '2036-09-30' THEN 'calm'
                WHEN trade_date <= DATE '2037-05-27' THEN 'boom' ELSE 'stress' END AS regime,
           trade_date, r
    FROM sim
    UNION ALL SELECT 'SIM', 'all', trade_date, r FROM sim
    UNION ALL SELECT source, 'all', trade_date, r FROM real WHERE r IS NOT NULL
),
lagged AS (
    SELECT *, LAG(r) OVER (PARTITION BY source, regime ORDER BY trade_date) AS r_prev FROM grouped
)
SELECT source, regime, COUNT(*) AS n_days, STDDEV_SAMP(r) * SQRT(252) AS ann_vol,
       KURTOSIS(r) AS excess_kurtosis, CORR(r, r_prev) AS acf1_r, CORR(ABS(r), ABS(r_prev)) AS acf1_abs_r
FROM lagged
GROUP BY source, regime
"""


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_stylized_facts_reference_follows_the_statements_formulas(variant, lite_data, sql_runner):
    spec = next(s for s in SPECS if s.id == 6)
    db = datasets.dataset_file(lite_data, "lite", spec.dataset, variant)
    py = run_python(spec.solutions["python"], load_tables(db))
    assert py.ok, py.error
    independent = sql_runner.run(STYLIZED_SQL, db)
    assert independent.ok, independent.error
    comparison = compare(independent.table, py.table, spec.grading)
    assert comparison.equal, comparison.message
    frame = pd.DataFrame(py.table.rows, columns=py.table.columns).set_index(["source", "regime"])
    assert sorted(frame.index) == sorted(
        [("SIM", r) for r in ("calm", "boom", "stress", "all")] + [("SPX", "all"), ("COMP", "all")]
    )
    sim = frame.xs("SIM")
    assert sim.loc[["calm", "boom", "stress"], "n_days"].sum() == sim.loc["all", "n_days"]
    assert np.isfinite(frame.to_numpy(float)).all()
    for column in py.table.columns:
        assert f"`{column}`" in spec.statement_md
