"""D03's problems (8-11): each reference runs on every lite variant, returns 1-2,000 rows, names its
columns in the statement, and gives a different answer in every variant."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import datasets
from grader.python_runner import load_tables, run_python
from problems import load_problem

PROBLEMS = Path(__file__).resolve().parents[2] / "problems"
FOLDERS = sorted(p.name for p in PROBLEMS.glob("01[01]-*")) + sorted(p.name for p in PROBLEMS.glob("00[89]-*"))


def _answers(root: Path, folder: str) -> list[pd.DataFrame]:
    spec = load_problem(PROBLEMS / folder)
    assert spec.dataset == "D03"
    out = []
    for v in datasets.VARIANTS:
        db = datasets.dataset_file(root, "lite", "D03", v)
        if spec.reference_language == "sql":
            from .conftest import connect

            with connect(root, "lite", "D03", v) as con:
                frame = con.execute(spec.solutions["sql"]).df()
        else:
            run = run_python(spec.solutions["python"], load_tables(db))
            assert run.ok, run.error
            frame = pd.DataFrame(run.table.rows, columns=run.table.columns)
        out.append(frame.sort_values(list(frame.columns), ignore_index=True))
    return out


def test_d03_problems_exist():
    assert {"008-rebuild-saci", "009-longest-down-run"} <= set(FOLDERS)


@pytest.mark.parametrize("folder", FOLDERS)
def test_answers_are_small_named_and_differ_between_variants(lite_root, folder):
    answers = _answers(lite_root, folder)
    statement = (PROBLEMS / folder / "statement.md").read_text(encoding="utf-8")
    for answer in answers:
        assert 0 < len(answer) <= 2000
        assert list(answer.columns) == list(answers[0].columns)
        for column in answer.columns:
            assert f"`{column}`" in statement
    for i in range(len(answers)):
        for j in range(i + 1, len(answers)):
            assert not answers[i].equals(answers[j]), f"variants {i} and {j} give the same answer"


def test_rebuilt_saci_matches_the_published_level(lite_root):
    for answer in _answers(lite_root, "008-rebuild-saci"):
        assert len(answer) == 21
        assert answer["max_abs_error"].max() < 1e-9
        assert answer["n_sessions"].sum() == 438


def test_longest_down_runs_cover_every_index(lite_root):
    for answer in _answers(lite_root, "009-longest-down-run"):
        assert sorted(answer["ticker"]) == ["FVX", "HNXC", "KY225", "M500", "NT100", "SACI"]
        assert (answer["run_length"] >= 3).all()
        assert (answer["run_return"] < 0).all()


# Problem 11 has only a Python reference: check it against the statement's formulas in DuckDB SQL.
PAIRWISE_SQL = """
WITH saci AS (SELECT security_id AS index_id FROM securities WHERE ticker = 'SACI'),
members AS (
    SELECT security_id FROM index_weights JOIN saci USING (index_id)
    WHERE eff_date = (SELECT max(eff_date) FROM index_weights JOIN saci USING (index_id))
),
ret AS (
    SELECT d.security_id, d.trade_date,
           d.close * COALESCE((SELECT product(a.ratio) FROM corporate_actions a WHERE a.security_id = d.security_id
                               AND a.ex_date = d.trade_date AND a.action_type IN ('SPLIT', 'RSPLIT')), 1)
             / LAG(d.close) OVER (PARTITION BY d.security_id ORDER BY d.trade_date) - 1 AS r
    FROM eq_daily d JOIN members USING (security_id)
),
pairs AS (
    SELECT a.trade_date,
           corr(a.r, b.r) OVER w AS c, count(a.r * b.r) OVER w AS n
    FROM ret a JOIN ret b ON a.trade_date = b.trade_date AND a.security_id < b.security_id
    WINDOW w AS (PARTITION BY a.security_id, b.security_id ORDER BY a.trade_date
                 ROWS BETWEEN 19 PRECEDING AND CURRENT ROW)
)
SELECT trade_date, avg(c) AS avg_corr, avg(c) >= 0.8 AS is_spike
FROM pairs WHERE n = 20 AND trade_date BETWEEN DATE '2037-05-15' AND DATE '2037-07-15'
GROUP BY trade_date
"""


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_pairwise_correlation_reference_follows_the_statement(lite_root, variant):
    from grader import compare
    from grader.sql_runner import SqlRunner

    spec = load_problem(PROBLEMS / "011-rolling-chip-correlation")
    db = datasets.dataset_file(lite_root, "lite", "D03", variant)
    py = run_python(spec.solutions["python"], load_tables(db))
    assert py.ok, py.error
    runner = SqlRunner()
    try:
        sql = runner.run(PAIRWISE_SQL, db)
    finally:
        runner.close()
    assert sql.ok, sql.error
    assert len(sql.table.rows) > 40
    comparison = compare(sql.table, py.table, spec.grading)
    assert comparison.equal, comparison.message
