"""Catalogue counts (problems/stats.py) and the `sync_problems --stats` report."""

from __future__ import annotations

import dataclasses

import pytest

from problems import PathSpec, load_problem
from problems.stats import catalogue_stats, python_tables, sql_tables

from .test_loader import make_problem_dir


@pytest.fixture
def base(tmp_path):
    return load_problem(make_problem_dir(tmp_path))


def spec(base, pid, difficulty="easy", dataset="D02", sql="SELECT 1", py=None, hints=("a", "b"), explanation="x"):
    solutions = {"sql": sql} | ({"python": py} if py else {})
    return dataclasses.replace(base, id=pid, difficulty=difficulty, dataset=dataset, solutions=solutions,
                               hints=hints, explanation_md=explanation)


def test_sql_tables_are_base_tables_without_the_ctes():
    sql = "WITH d AS (SELECT * FROM eq_daily) SELECT * FROM d JOIN securities s USING (security_id)"
    assert sql_tables(sql) == {"eq_daily", "securities"}


def test_python_tables_are_the_known_names_the_code_uses():
    assert python_tables("x = eq_daily.merge(securities)\nresult = x", ["eq_daily", "securities", "news"]) == {
        "eq_daily", "securities"}


def test_counts_per_level_and_dataset(base):
    specs = [spec(base, 1), spec(base, 2, "hard", "D07"), spec(base, 3, "easy", "D07")]
    stats = catalogue_stats(specs, [], [])
    assert stats.by_level == {"easy": 2, "medium": 0, "hard": 1}
    assert stats.by_dataset == {"D02": 1, "D07": 2}


def test_both_languages_and_what_is_missing_are_reported_by_id(base):
    specs = [spec(base, 1, py="result = eq_daily"), spec(base, 2, hints=("one",), explanation="")]
    stats = catalogue_stats(specs, [PathSpec("p", "P", "", (1,))], [])
    assert stats.both_languages == 1
    assert stats.missing["one language only"] == (2,)
    assert stats.missing["fewer than two hints"] == (2,)
    assert stats.missing["no explanation"] == (2,)
    assert stats.missing["on no learning path"] == (2,)
    assert stats.missing["no known mistake"] == (1, 2)


def test_tables_no_reference_reads_are_listed(base):
    specs = [spec(base, 1, sql="SELECT * FROM eq_daily"), spec(base, 2, py="result = news.head()", sql="SELECT 1")]
    stats = catalogue_stats(specs, [], ["eq_daily", "news", "funding_8h"])
    assert stats.unused_tables == ("funding_8h",)


@pytest.mark.django_db
def test_sync_problems_stats_prints_the_counts(data_settings):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("sync_problems", "--stats", stdout=out)
    text = out.getvalue()
    for heading in ("by level: easy", "by dataset: ", "both SQL and Python: ", "with known-mistake feedback: ",
                    "tables no reference reads: "):
        assert heading in text
