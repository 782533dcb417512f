"""`problems.validate` and `manage.py validate_problems`: what an instructor runs before committing problems.

Each test writes tiny problem folders on dataset D01 into tmp_path and checks them on the session's lite data.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from grader import ExpectedCache, Grader
from problems.validate import validate_folders

COUNT_SQL = "SELECT venue, COUNT(*) AS n FROM securities GROUP BY venue ORDER BY venue"
COUNT_PY = ("result = securities.groupby('venue', as_index=False).size()"
            ".rename(columns={'size': 'n'}).sort_values('venue', ignore_index=True)")


def write_problem(root: Path, pid: int, sql: str | None = COUNT_SQL, py: str | None = COUNT_PY,
                  mistakes: dict[str, str] | None = None, toml_extra: str = "") -> Path:
    """A minimal valid problem folder on D01, with the given references and known mistakes."""
    folder = root / f"{pid:03d}-test-{pid}"
    folder.mkdir(parents=True)
    entries = "".join(f'\n[[mistakes]]\nfile = "mistakes/{name}.sql"\nmessage = "You made {name}."\n'
                      for name in mistakes or {})
    (folder / "problem.toml").write_text(
        f'id = {pid}\nslug = "test-{pid}"\ntitle = "Count per venue"\ndataset = "D01"\ndifficulty = "easy"\n'
        f'topics = ["GROUP BY"]\n{toml_extra}\n[grading]\norder_matters = true\n{entries}')
    (folder / "statement.md").write_text("# Count per venue\nCount the securities of each venue.\n")
    if sql is not None:
        (folder / "solution.sql").write_text(sql)
    if py is not None:
        (folder / "solution.py").write_text(py)
    if mistakes:
        (folder / "mistakes").mkdir()
        for name, code in mistakes.items():
            (folder / "mistakes" / f"{name}.sql").write_text(code)
    return folder


@pytest.fixture(scope="module")
def grader_():
    g = Grader(cache=ExpectedCache())
    yield g
    g.close()


def check(root: Path, lite_data: Path, grader_) -> dict[int, object]:
    return {c.problem_id: c for c in validate_folders(lite_data, "lite", root, grader=grader_)}


def test_a_problem_whose_references_agree_and_whose_mistake_differs_is_ok(tmp_path, lite_data, grader_):
    write_problem(tmp_path, 901, mistakes={"no-grouping": "SELECT COUNT(*) AS n FROM securities"})
    result = check(tmp_path, lite_data, grader_)[901]
    assert result.ok, result.failures
    assert result.line() == "901 test-901: ok"


def test_sql_and_python_references_that_disagree_fail_naming_the_problem(tmp_path, lite_data, grader_):
    write_problem(tmp_path, 902, py=COUNT_PY + "\nresult['n'] = result['n'] + 1")
    result = check(tmp_path, lite_data, grader_)[902]
    assert not result.ok
    assert result.line().startswith("902 test-902: FAILED")
    assert any("disagree on variant 0" in f for f in result.failures)


def test_a_reference_that_errors_fails_with_its_error(tmp_path, lite_data, grader_):
    write_problem(tmp_path, 903, sql="SELECT no_such_column FROM securities", py=None)
    result = check(tmp_path, lite_data, grader_)[903]
    assert not result.ok
    assert "sql reference gave ERROR on variant 0" in result.failures[0]
    assert "no_such_column" in result.failures[0]


def test_a_reference_with_no_rows_fails(tmp_path, lite_data, grader_):
    write_problem(tmp_path, 904, sql="SELECT venue FROM securities WHERE FALSE", py=None)
    assert "returned no rows" in check(tmp_path, lite_data, grader_)[904].failures[0]


def test_a_known_mistake_that_the_grader_would_accept_fails(tmp_path, lite_data, grader_):
    write_problem(tmp_path, 905, py=None, mistakes={"same": COUNT_SQL})
    result = check(tmp_path, lite_data, grader_)[905]
    assert result.failures == ["known mistake 'same' matches the reference on the visible data "
                               "(it would be accepted, and its message never shown)"]


def test_a_known_mistake_that_does_not_run_fails(tmp_path, lite_data, grader_):
    write_problem(tmp_path, 906, py=None, mistakes={"broken": "SELEC 1"})
    assert "known mistake 'broken' gave" in check(tmp_path, lite_data, grader_)[906].failures[0]


def test_an_invalid_problem_file_is_reported_with_its_file_and_field_and_others_still_checked(
        tmp_path, lite_data, grader_):
    write_problem(tmp_path, 907, toml_extra='hints = "not a list"')
    write_problem(tmp_path, 908, py=None)
    results = check(tmp_path, lite_data, grader_)
    assert results[907].line().startswith("907 test-907: FAILED: ")
    assert "problem.toml: hints: must be list" in results[907].failures[0]
    assert results[908].ok


def test_the_command_prints_a_line_per_problem_and_exits_non_zero_on_a_failure(tmp_path, lite_data):
    write_problem(tmp_path, 911, py=None)
    write_problem(tmp_path, 912, sql="SELECT 1 AS x FROM no_such_table", py=None)
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("validate_problems", "--data-dir", str(lite_data), "--profile", "lite",
                     "--problems-dir", str(tmp_path), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "911 test-911: ok"
    assert lines[1].startswith("912 test-912: FAILED: sql reference gave ERROR")
    assert lines[-1] == "1 of 2 problems ok"


def test_the_command_checks_only_the_problems_asked_for(tmp_path, lite_data):
    write_problem(tmp_path, 913, py=None)
    write_problem(tmp_path, 914, sql="SELECT broken", py=None)
    out = io.StringIO()
    call_command("validate_problems", "--problem", "913", "--data-dir", str(lite_data), "--profile", "lite",
                 "--problems-dir", str(tmp_path), stdout=out)
    assert out.getvalue().splitlines() == ["913 test-913: ok", "1 of 1 problems ok"]


def test_the_real_problem_1_passes(lite_data):
    out = io.StringIO()
    call_command("validate_problems", "--problem", "1", "--data-dir", str(lite_data), "--profile", "lite",
                 stdout=out)
    assert out.getvalue().splitlines()[0] == "001 hnx-open-nxs-closed: ok"
