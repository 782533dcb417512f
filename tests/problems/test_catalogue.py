"""The catalogue the site promises (issue 15): 90 problems as a ladder, each complete.

Complete means: a known-mistake message, two or more hints, an explanation and a place on a
learning path; both SQL and Python unless the problem is a numerical method with no sensible SQL
form (listed, with why, below). Counts come from problems/stats.py, the same code as
`manage.py sync_problems --stats`.
"""

from __future__ import annotations

import pytest

from datasets.dictionary import catalog
from problems import load_all, load_paths
from problems.stats import catalogue_stats

PYTHON_ONLY = {
    7: "GJR-GARCH fit by maximum likelihood (arch)",
    11: "rolling average of all pairwise correlations",
    21: "root-finding for implied volatility",
    22: "non-linear least squares (SVI)",
    28: "panel regression with fixed effects",
    39: "scenario model with a dividend schedule",
    40: "rolling regressions at several lags",
    88: "autocorrelation function at 20 lags beside a real series",
}
"""Problems without a SQL reference, and the numerical method that has no sensible SQL form."""

LEVELS = {"easy": 30, "medium": 47, "hard": 13}
MIN_PER_DATASET = 5
ONCE_UNUSED_TABLES = ("funding_8h", "spot_fund_flows", "kr_credit_daily", "investor_flows", "circuit_breakers",
                      "policy_rates", "news", "guidance_events", "bond_issues", "thematic_holdings")


@pytest.fixture(scope="module")
def stats():
    specs = load_all()
    tables = [t.name for info in catalog() for t in info.tables]
    return catalogue_stats(specs, load_paths({s.id for s in specs}), tables)


def test_there_are_90_problems_numbered_1_to_90():
    assert sorted(s.id for s in load_all()) == list(range(1, 91))


def test_the_ladder_has_30_easy_47_medium_and_13_hard(stats):
    assert stats.by_level == LEVELS


def test_every_dataset_has_at_least_five_problems(stats):
    datasets = {info.id for info in catalog()}
    assert {d: stats.by_dataset.get(d, 0) for d in datasets if stats.by_dataset.get(d, 0) < MIN_PER_DATASET} == {}


def test_every_problem_has_both_languages_unless_it_is_a_listed_numerical_method(stats):
    assert set(stats.missing["one language only"]) <= set(PYTHON_ONLY)
    assert stats.both_languages >= 80


@pytest.mark.parametrize("what", ["no known mistake", "fewer than two hints", "no explanation", "on no learning path"])
def test_no_problem_lacks(stats, what):
    assert stats.missing[what] == ()


def test_every_table_that_no_problem_used_before_is_now_read_by_a_reference(stats):
    assert set(ONCE_UNUSED_TABLES).isdisjoint(stats.unused_tables)
