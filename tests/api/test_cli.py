"""`python -m unwind_cli` against a served site and a real worker: log in, list, show, run, and solve problem 3."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.api.cast import token_for
from tests.factories import make_user, sync_catalog
from unwind_cli.commands import main

PROBLEM_3 = next((Path(__file__).parents[2] / "problems").glob("003-*"))
pytestmark = pytest.mark.slow


@pytest.fixture
def cli(live_server, grading_worker, tmp_path, monkeypatch):
    """A logged-in CLI (its config in a temporary file) for a learner of the served site."""
    sync_catalog()
    monkeypatch.setenv("UNWIND_CONFIG", str(tmp_path / "unwind.json"))
    token = token_for(make_user("ada"), ["read", "submit"])
    assert main(["login", "--url", live_server.url, "--token", token]) == 0
    return tmp_path


def test_the_cli_solves_problem_3(cli, capsys):
    answer = cli / "answer.sql"
    answer.write_text((PROBLEM_3 / "solution.sql").read_text())
    capsys.readouterr()
    assert main(["submit", "3", str(answer)]) == 0
    assert capsys.readouterr().out.startswith("ACCEPTED: ")
    capsys.readouterr()
    main(["problems", "--status", "solved"])
    assert [line.split()[1] for line in capsys.readouterr().out.splitlines()] == ["3"]


def test_the_cli_prints_a_wrong_answers_verdict_and_diff(cli, capsys):
    answer = cli / "wrong.sql"
    answer.write_text("SELECT 1 AS nothing_expected")
    capsys.readouterr()
    assert main(["submit", "3", str(answer)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("WRONG_ANSWER: ")
    assert "missing" in out


def test_the_cli_shows_and_runs_a_problem(cli, capsys):
    assert main(["show", "3"]) == 0
    assert "3. " in capsys.readouterr().out
    answer = cli / "peek.sql"
    answer.write_text("SELECT 41 + 1 AS answer")
    assert main(["run", "3", str(answer)]) == 0
    assert "42" in capsys.readouterr().out


def test_the_cli_without_login_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("UNWIND_CONFIG", str(tmp_path / "none.json"))
    assert main(["problems"]) == 2
    assert "login" in capsys.readouterr().err
