"""Hostile SQL, graded through a real Grader on the warm SQL sandbox.

For every case: an allowed verdict, nothing secret back, nothing outside touched, and the same
sandbox then grades the reference ACCEPTED. The same holds in-process, where there is no sandbox, with
DuckDB's settings alone; and the statement policy (layer 1a) refuses, on its own, the cases whose
header says it should.
"""

from __future__ import annotations

import pytest

from grader import Verdict
from grader.sandbox import available
from grader.sql_policy import SqlSyntaxError, check_sql
from tests.hostile.casefiles import load_cases
from tests.hostile.holes import params

CASES = load_cases("sql")


@pytest.mark.skipif(not available(), reason="the OS sandbox needs bubblewrap and python3-seccomp")
@pytest.mark.parametrize("case", params(CASES, "every-layer"))
def test_every_layer_contains_the_case(case, sql_arena):
    outcome = sql_arena.submit(case.code)

    assert outcome.verdict in case.expect, str(outcome)
    assert outcome.secrets_returned == [], str(outcome)
    assert outcome.files_touched == [], str(outcome)
    assert outcome.next_submission == Verdict.ACCEPTED, str(outcome)


@pytest.mark.parametrize("case", params(CASES, "no-sandbox"))
def test_duckdbs_own_settings_contain_the_case_where_there_is_no_sandbox(case, sql_arena_without_sandbox):
    # Where bubblewrap is unavailable, SQL still runs in the grader's process behind layers 1a and 1b
    # (docs/sandbox.md): the verdict may differ from the sandbox's, the containment may not.
    outcome = sql_arena_without_sandbox.submit(case.code)

    assert outcome.verdict != Verdict.INTERNAL_ERROR, str(outcome)
    assert outcome.secrets_returned == [], str(outcome)
    assert outcome.files_touched == [], str(outcome)
    assert outcome.next_submission == Verdict.ACCEPTED, str(outcome)


@pytest.mark.parametrize("case", params([c for c in CASES if c.layer1_stops], "layer-1"))
def test_the_statement_policy_alone_refuses_the_case(case):
    try:
        decision = check_sql(case.code)
    except SqlSyntaxError:
        return  # refused before it could run
    assert not decision.allowed, f"the policy allows {case.name}"
