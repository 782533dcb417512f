"""Hidden-variant values never reach the learner. For every problem with an SQL reference, the visible
answer typed in as literals (right on the visible data, wrong on the hidden variants: the one answer that
gets as far as a hidden diff) is graded, and the learner's pages for it are searched for every sampled
value that appears only in the hidden variants' expected results."""

from __future__ import annotations

import dataclasses

import pytest
from django.test import override_settings
from django.urls import reverse

import datasets
from catalog import data
from catalog.models import Dataset, LearningPath, Problem
from grader import ExpectedCache, Grader, Limits
from grader.runners import Refusing
from grader.sql_runner import SqlRunner
from problems import load_all
from submissions import grading
from submissions.models import Submission
from tests.factories import make_user, sync_catalog
from tests.hidden_guard import MIN_LENGTH, sample, shown, shown_as
from tests.problems.test_references import hard_coded

pytestmark = pytest.mark.django_db

SPECS = [s for s in load_all() if "sql" in s.solutions]
CELLS_PER_VARIANT = 60  # sampled evenly from each hidden result; the visible result is used whole
EXPECTED = ExpectedCache()  # in memory, for this module


@pytest.fixture(scope="module")
def runner():
    r = SqlRunner(Limits())
    yield r
    r.close()


@pytest.fixture(scope="module")
def catalog(django_db_setup, django_db_blocker, lite_data):
    """The problems loaded once for the module (syncing takes ~0.5 s); removed again afterwards."""
    with django_db_blocker.unblock(), override_settings(DATA_DIR=lite_data, DATA_PROFILE="lite"):
        sync_catalog()
    yield
    with django_db_blocker.unblock():
        LearningPath.objects.all().delete()
        Problem.objects.all().delete()
        Dataset.objects.all().delete()


@pytest.fixture
def in_process_grader(monkeypatch, runner):
    """SQL graded in this process (what is under test is what the pages show, not the sandbox)."""
    monkeypatch.setattr(data, "_grader", Grader(sql=runner, python=Refusing("SQL only here"), cache=EXPECTED))


def hidden_only(spec, root, runner) -> set[str]:
    results = {}
    for variant in datasets.VARIANTS:
        result = runner.run(spec.solutions["sql"], datasets.dataset_file(root, "lite", spec.dataset, variant))
        assert result.ok, result.error
        results[variant] = result.table.rows
    visible = {form for row in results[0] for cell in row for form in shown_as(cell)}
    hidden = {form for v in datasets.VARIANTS[1:] for row in sample(results[v], CELLS_PER_VARIANT)
              for cell in row for form in shown_as(cell)}
    differs = any(results[v] != results[0] for v in datasets.VARIANTS[1:])
    return {form for form in hidden - visible if len(form) >= MIN_LENGTH}, differs, results[0]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: f"{s.id:03d}")
def test_a_typed_in_answer_shows_no_hidden_value_on_any_page(spec, catalog, data_settings, in_process_grader, runner,
                                                            client, monkeypatch):
    secrets, differing, visible_rows = hidden_only(spec, data_settings.DATA_DIR, runner)
    assert differing, "the hidden variants should differ from the visible one"
    if not secrets:  # e.g. counts of sessions: the hidden rows differ, but in values a page could show anyway
        pytest.skip(f"no hidden-only value of {MIN_LENGTH}+ characters to search a page for")
    # The typed-in answer can be longer than a learner may submit: lift the size limit for this test only.
    build_job = grading.build_job
    monkeypatch.setattr(grading, "build_job", lambda s: dataclasses.replace(
        build_job(s), limits=Limits(max_code_bytes=10 * len(s.code))))
    learner = make_user("ada")
    columns = runner.run(spec.solutions["sql"], datasets.dataset_file(
        data_settings.DATA_DIR, "lite", spec.dataset, 0)).table.columns
    submission = Submission.objects.create(learner=learner, problem=Problem.objects.get(pk=spec.id),
                                           code=hard_coded(columns, visible_rows), language="sql")
    grading.grade_stored(submission.pk)
    submission.refresh_from_db()
    assert (submission.status, submission.verdict) == ("DONE", "WRONG_ANSWER"), submission.message
    assert "hidden variant" in submission.message  # it got past the visible data
    client.force_login(learner)
    for name in ("submissions:status", "submissions:detail"):
        body = client.get(reverse(name, args=[submission.pk])).content.decode()
        # The learner's own code (shown on the detail page) holds the visible values they typed in.
        leaked = sorted(shown(secrets, body) - shown(secrets, submission.code))
        assert not leaked, f"{name} shows hidden-variant values: {leaked[:10]}"


def test_the_search_finds_a_whole_value_and_ignores_pieces_of_longer_tokens():
    page = '<td>-0.0175</td> data <code>22cc79170d8a</code> 0.017512 "Zeta Fund, Inc."'
    assert shown({"-0.0175", "79170", "0.0175", "Zeta Fund, Inc.", "0.01751"}, page) == {"-0.0175", "Zeta Fund, Inc."}
