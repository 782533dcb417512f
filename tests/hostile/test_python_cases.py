"""Hostile Python, graded through a real Grader on warm sandboxes.

For every case: it gets one of the verdicts its header allows, nothing secret comes back (in the
verdict, the diff, or the raw run result), nothing outside the sandbox is read or written, and the
same sandboxes then grade a known-good submission ACCEPTED. The layer-2+3 test repeats this with
layer 1 switched off; the layer-1 test runs the cases layer 1 should stop in this process, with
RestrictedPython alone.
"""

from __future__ import annotations

import pytest

from grader import Verdict
from grader.python_runner import load_tables, run_python
from grader.sandbox import available
from tests.hostile.arena import LIMITS, texts_of
from tests.hostile.casefiles import load_cases
from tests.hostile.holes import params

CASES = load_cases("python")
EVERY_VERDICT_BUT_OURS = frozenset(Verdict) - {Verdict.INTERNAL_ERROR}
needs_sandbox = pytest.mark.skipif(not available(), reason="the OS sandbox needs bubblewrap and python3-seccomp")


@needs_sandbox
@pytest.mark.parametrize("case", params(CASES, "every-layer"))
def test_every_layer_contains_the_case(case, python_arena):
    outcome = python_arena.submit(case.code)

    assert outcome.verdict in case.expect, str(outcome)
    assert outcome.secrets_returned == [], str(outcome)
    assert outcome.files_touched == [], str(outcome)
    assert outcome.next_submission == Verdict.ACCEPTED, str(outcome)


@needs_sandbox
@pytest.mark.parametrize("case", params(CASES, "layers-2-3"))
def test_layers_2_and_3_alone_contain_the_case(case, python_arena_layers_2_3):
    outcome = python_arena_layers_2_3.submit(case.code)

    assert outcome.verdict in (case.unrestricted or EVERY_VERDICT_BUT_OURS), str(outcome)
    assert outcome.secrets_returned == [], str(outcome)
    assert outcome.files_touched == [], str(outcome)
    assert outcome.next_submission == Verdict.ACCEPTED, str(outcome)


@pytest.fixture(scope="module")
def tables(database):
    return load_tables(database)


@pytest.mark.parametrize("case", params([c for c in CASES if c.layer1_stops], "layer-1"))
def test_layer_1_alone_stops_the_case(case, tables, canary):
    # In this very process: only cases whose header says layer 1 stops them, never a resource bomb.
    result = run_python(case.code, tables, LIMITS, restricted=True)
    secrets_returned, files_touched = canary.secrets_in(texts_of(result)), canary.files_touched()

    assert result.status in (Verdict.REJECTED, Verdict.ERROR), result
    assert secrets_returned == [], result
    assert files_touched == [], result
