"""`python -m grader run|grade`: one JSON object on stdout, exit 0 whenever a verdict was produced."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from problems import load_all

REPO = Path(__file__).resolve().parents[2]
RUN_KEYS = {"status", "columns", "rows", "row_count", "truncated", "error", "elapsed_ms"}
GRADE_KEYS = {"verdict", "message", "diff", "elapsed_ms"}


def cli(args: list[str], code: str, data_dir: Path, tmp_path: Path) -> tuple[int, dict | None, str]:
    code_file = tmp_path / "code.sql"
    code_file.write_text(code)
    proc = subprocess.run(
        [sys.executable, "-m", "grader", *args, "--code-file", str(code_file), "--data-dir", str(data_dir)],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    return proc.returncode, (json.loads(proc.stdout) if proc.stdout.strip() else None), proc.stderr


def test_run_prints_the_result_with_every_contract_key(lite_data, tmp_path):
    rc, out, _ = cli(["run", "--dataset", "D02", "--lang", "sql"], "SELECT 1 AS x", lite_data, tmp_path)
    assert rc == 0
    assert set(out) == RUN_KEYS
    assert (out["status"], out["columns"], out["rows"], out["row_count"]) == ("ok", ["x"], [[1]], 1)


def test_run_reports_a_learners_error_as_a_verdict_with_exit_0(lite_data, tmp_path):
    rc, out, _ = cli(["run", "--dataset", "D01", "--lang", "sql"], "SELECT * FROM nope", lite_data, tmp_path)
    assert rc == 0
    assert out["status"] == "ERROR"
    assert "nope" in out["error"]


def test_run_refuses_copy_and_writes_nothing(lite_data, tmp_path):
    target = tmp_path / "stolen.csv"
    code = f"COPY (SELECT * FROM securities) TO '{target}'"
    rc, out, _ = cli(["run", "--dataset", "D01", "--lang", "sql"], code, lite_data, tmp_path)
    assert rc == 0
    assert out["status"] == "REJECTED"
    assert not target.exists()


def test_grade_accepts_the_reference_and_refuses_select_1(lite_data, tmp_path):
    spec = next(s for s in load_all() if s.id == 3)
    rc, out, _ = cli(["grade", "--problem", "3", "--lang", "sql"], spec.solutions["sql"], lite_data, tmp_path)
    assert rc == 0
    assert set(out) >= GRADE_KEYS
    assert out["verdict"] == "ACCEPTED"
    rc, out, _ = cli(["grade", "--problem", "3", "--lang", "sql"], "SELECT 1 AS x", lite_data, tmp_path)
    assert out["verdict"] == "WRONG_ANSWER"
    assert out["diff"]["kind"] == "columns"


def test_grade_of_an_unknown_problem_is_a_usage_error(lite_data, tmp_path):
    rc, out, err = cli(["grade", "--problem", "999", "--lang", "sql"], "SELECT 1", lite_data, tmp_path)
    assert rc == 2
    assert out is None
    assert "999" in err


@pytest.mark.slow
def test_run_builds_missing_data_on_first_use(tmp_path):
    empty = tmp_path / "data"
    rc, out, err = cli(["run", "--dataset", "D01", "--lang", "sql"], "SELECT count(*) AS n FROM securities",
                       empty, tmp_path)
    assert rc == 0
    assert out["status"] == "ok"
    assert out["rows"][0][0] > 0
    assert "building" in err
