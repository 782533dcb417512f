"""Reference solutions of the dataset problems run on every lite variant and give different answers."""

from __future__ import annotations

import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import datasets

from .conftest import connect

PROBLEMS = Path(__file__).resolve().parents[2] / "problems"
OWN = ["001-hnx-open-nxs-closed", "003-daily-returns", "004-split-adjusted-zvlt", "005-max-drawdown"]


def _meta(folder: str) -> dict:
    return tomllib.loads((PROBLEMS / folder / "problem.toml").read_text(encoding="utf-8"))


def _run_sql(root: Path, folder: str, variant: int) -> pd.DataFrame:
    meta = _meta(folder)
    with connect(root, "lite", meta["dataset"], variant) as con:
        return con.execute((PROBLEMS / folder / "solution.sql").read_text(encoding="utf-8")).df()


def _canonical(frame: pd.DataFrame, ordered: bool) -> pd.DataFrame:
    return frame if ordered else frame.sort_values(list(frame.columns), ignore_index=True)


@pytest.mark.parametrize("folder", OWN)
def test_solution_runs_on_every_variant_and_the_answers_differ(lite_root, folder):
    meta = _meta(folder)
    ordered = meta["grading"]["order_matters"]
    answers = [_canonical(_run_sql(lite_root, folder, v), ordered) for v in datasets.VARIANTS]
    for answer in answers:
        assert 0 < len(answer) <= 2000
        assert list(answer.columns) == list(answers[0].columns)
    for i in range(len(answers)):
        for j in range(i + 1, len(answers)):
            assert not answers[i].equals(answers[j]), f"variants {i} and {j} give the same answer"


@pytest.mark.parametrize("folder", OWN)
def test_statement_names_every_output_column(lite_root, folder):
    statement = (PROBLEMS / folder / "statement.md").read_text(encoding="utf-8")
    for column in _run_sql(lite_root, folder, 0).columns:
        assert f"`{column}`" in statement


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_python_solution_of_daily_returns_matches_the_sql(lite_root, variant):
    folder = "003-daily-returns"
    with connect(lite_root, "lite", "D02", variant) as con:
        frames = {name: con.execute(f'SELECT * FROM "{name}"').df() for name in ("eq_daily", "securities")}
    scope = dict(frames)
    exec(
        compile((PROBLEMS / folder / "solution.py").read_text(encoding="utf-8"), "solution.py", "exec"), scope
    )
    got = _canonical(scope["result"], ordered=False)
    want = _canonical(_run_sql(lite_root, folder, variant), ordered=False)
    assert list(got.columns) == list(want.columns)
    assert len(got) == len(want)
    assert (got["ticker"].to_numpy() == want["ticker"].to_numpy()).all()
    for column in ("close", "simple_return", "log_return"):
        np.testing.assert_allclose(got[column].to_numpy(float), want[column].to_numpy(float), rtol=1e-12)
